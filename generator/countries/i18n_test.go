package countries

import (
	"slices"
	"testing"

	"golang.org/x/text/language"
)

var (
	uk = language.Ukrainian
	ar = language.Arabic
	en = language.English
)

func mustKey(t *testing.T, code string) *Country {
	t.Helper()
	c, ok := Find(code)
	if !ok {
		t.Fatalf("no country %s", code)
	}
	return c
}

func TestNameIn(t *testing.T) {
	tests := []struct {
		lang       language.Tag
		code, want string
	}{
		{uk, "IT", "Італія"},
		{uk, "UA", "Україна"},
		{uk, "XK", "Косово"},
		{uk, "CI", "Кот-д’Івуар"},
		{uk, "KR", "Південна Корея"},
		{uk, "KP", "Північна Корея"},
		{uk, "CD", "ДР Конго"},           // namesIn
		{uk, "CG", "Республіка Конго"},   // namesIn
		{uk, "TR", "Туреччина"},          // Ukrainian never took up "Türkiye"
		{uk, "MK", "Північна Македонія"}, // iso-codes: CLDR 32 predates the renaming
		{uk, "SZ", "Есватіні"},
		{uk, "BE", "Бельгія"},  // iso-codes; CLDR 32 has Бельґія
		{uk, "BR", "Бразилія"}, // iso-codes; CLDR 32 has Бразілія
		{uk, "CL", "Чилі"},     // iso-codes; CLDR 32 has Чілі
		{uk, "NO", "Норвегія"},
		{uk, "NR", "Науру"},                           // iso-codes has науру, in lower case: CLDR
		{uk, "FM", "Мікронезія"},                      // iso-codes' is inverted: CLDR
		{uk, "VG", "Британські Віргінські острови"},   // iso-codes' is annotated: CLDR
		{uk, "BQ", "Нідерландські Карибські острови"}, // as English, Caribbean Netherlands
		{uk, "RU", "Росія"},                           // namesIn
		{uk, "VN", "В’єтнам"},                         // iso-codes' ASCII apostrophe made typographic
		{uk, "GB", "Велика Британія"},
		{uk, "US", "США"},
		{uk, "VA", "Ватикан"},
		{uk, "AQ", "Антарктида"}, // iso-codes; CLDR has Антарктика
		{ar, "IT", "إيطاليا"},
		{ar, "MK", "مقدونيا الشمالية"},
		{en, "CD", "DR Congo"}, // English is the registry's own names
		{language.BritishEnglish, "CI", "Côte d'Ivoire"},
		{language.MustParse("pt-BR"), "IT", "Itália"},
		{language.MustParse("qaa"), "IT", "Italy"}, // no CLDR names: English
	}
	for _, tt := range tests {
		if got := mustKey(t, tt.code).NameIn(tt.lang); got != tt.want {
			t.Errorf("%s.NameIn(%s) = %q, want %q", tt.code, tt.lang, got, tt.want)
		}
	}
}

// TestEveryCountryHasAName checks that CLDR names every country of the
// registry in the languages the theme is translated into, rather than
// falling back to English.
func TestEveryCountryHasAName(t *testing.T) {
	for _, lang := range []language.Tag{uk, ar} {
		for _, c := range All() {
			if c.NameIn(lang) == c.Common {
				t.Errorf("%s has no name in %s (shows %q)", c.Alpha2, lang, c.Common)
			}
		}
	}
}

// TestNamesInAreCorrections keeps namesIn honest: each entry is for a real
// country and differs from what CLDR says, or it is not needed.
func TestNamesInAreCorrections(t *testing.T) {
	for b, names := range namesIn {
		lang, _ := language.Compose(b)
		for code, name := range names {
			if _, ok := ByKey(code); !ok {
				t.Errorf("namesIn[%s] names %s, which is not in the registry", b, code)
			}
			if sourceName(lang, code) == name {
				t.Errorf("namesIn[%s][%s] = %q is what the source says already", b, code, name)
			}
		}
	}
	for b, aliases := range aliasesIn {
		for code := range aliases {
			if _, ok := ByKey(code); !ok {
				t.Errorf("aliasesIn[%s] names %s, which is not in the registry", b, code)
			}
		}
	}
}

// TestNamesInAreUnambiguous is TestNamesAreUnambiguous for the names in
// other languages: no name may belong to two countries, nor be taken by
// a country's code.
func TestNamesInAreUnambiguous(t *testing.T) {
	for _, lang := range []language.Tag{uk, ar} {
		b, _ := lang.Base()
		owner := map[string]string{}
		for _, c := range reg.countries {
			names := append([]string{c.NameIn(lang), cldrName(lang, c.Alpha2), isoNameIn(lang, c.Alpha2)}, aliasesIn[b][c.Alpha2]...)
			for _, name := range names {
				key := normalizeIn(name)
				if key == "" {
					continue // no name from this source
				}
				if other, taken := owner[key]; taken && other != c.Alpha2 {
					t.Errorf("%s: %q (%s) also names %s", lang, name, c.Alpha2, other)
				}
				owner[key] = c.Alpha2
				if i, isCode := reg.byCode[key]; isCode && looksLikeCode(key) && reg.countries[i].Alpha2 != c.Alpha2 {
					t.Errorf("%s: name %q of %s is the code of %s", lang, name, c.Alpha2, reg.countries[i].Alpha2)
				}
			}
		}
	}
}

func TestRegionNameIn(t *testing.T) {
	tests := []struct {
		lang language.Tag
		want []string
	}{
		{uk, []string{"Африка", "Америка", "Азія", "Європа", "Океанія", "Антарктика"}},
		{ar, []string{"أفريقيا", "الأمريكتان", "آسيا", "أوروبا", "أوقيانوسيا", "أنتاركتيكا"}},
		{en, []string{"Africa", "Americas", "Asia", "Europe", "Oceania", "Antarctica"}},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range Regions() {
			got = append(got, RegionNameIn(r, tt.lang))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("regions in %s = %q, want %q", tt.lang, got, tt.want)
		}
	}
}

func TestFindIn(t *testing.T) {
	tests := []struct {
		lang     language.Tag
		in, want string // want "" for no match
	}{
		{uk, "Італія", "IT"},
		{uk, "  італія ", "IT"},
		{uk, "ІТАЛІЯ", "IT"},
		{uk, "Україна", "UA"},
		{uk, "Кот-д'Івуар", "CI"},
		{uk, "Кот д’Івуар", "CI"},
		{uk, "М'янма", "MM"},  // typed with ', CLDR writes ʼ
		{uk, "Бельґія", "BE"}, // CLDR's spelling still found
		{uk, "Російська Федерація", "RU"},
		{uk, "Мʼянма", "MM"},
		{uk, "Мʼянма (Бірма)", "MM"}, // CLDR's own name still works
		{uk, "Бірма", "MM"},
		{uk, "США", "US"},
		{uk, "Сполучені Штати Америки", "US"},
		{uk, "ДР Конго", "CD"},
		{uk, "Конго – Кіншаса", "CD"},
		{uk, "Конго-Браззавіль", "CG"},
		{uk, "Республіка Конго", "CG"},
		{uk, "Македонія", "MK"},
		{uk, "Південна Корея", "KR"},
		{uk, "КНДР", "KP"},
		{uk, "Косово", "XK"},
		{uk, "Italy", "IT"}, // English names work in every edition
		{uk, "Ivory Coast", "CI"},
		{uk, "IT", "IT"}, // and codes
		{uk, "UKR", "UA"},
		{uk, "Італя", ""},
		{uk, "Конго", "CG"}, // ISO's short name of CG, as "Congo" is in English
		{ar, "إيطاليا", "IT"},
		{ar, "مقدونيا الشمالية", "MK"},
		{en, "Італія", ""}, // an English edition knows only English names
	}
	for _, tt := range tests {
		c, ok := FindIn(tt.lang, tt.in)
		got := ""
		if ok {
			got = c.Alpha2
		}
		if got != tt.want {
			t.Errorf("FindIn(%s, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}

func TestSuggestIn(t *testing.T) {
	tests := []struct {
		lang      language.Tag
		in        string
		wantFirst string // "" for no suggestions
	}{
		{uk, "Італя", "Італія"},
		{uk, "Iталія", "Італія"}, // Latin I typed for Cyrillic І
		{uk, "Укрїна", "Україна"},
		{uk, "Туречина", "Туреччина"},
		{uk, "Німечина", "Німеччина"},
		{uk, "Itlay", "Італія"}, // an English typo gets the Ukrainian name
		{uk, "щщщщщщ", ""},
		{ar, "ايطاليا", "إيطاليا"},
		{en, "Itlay", "Italy"},
	}
	for _, tt := range tests {
		got := SuggestIn(tt.lang, tt.in, 3)
		switch {
		case tt.wantFirst == "" && len(got) > 0:
			t.Errorf("SuggestIn(%s, %q) = %q, want none", tt.lang, tt.in, got)
		case tt.wantFirst != "" && (len(got) == 0 || got[0] != tt.wantFirst):
			t.Errorf("SuggestIn(%s, %q) = %q, want %q first", tt.lang, tt.in, got, tt.wantFirst)
		}
	}
}
