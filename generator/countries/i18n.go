package countries

//go:generate go run ./gen/names

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// This file gives the registry in other languages than English: country
// and region names, and lookups by those names, for editions of a site in
// other languages.
//
// Two sources name countries in other languages: CLDR, through
// golang.org/x/text/language/display, and the translations Debian's
// iso-codes ships (compiled into names_gen.go by go generate). They were
// compared name by name for Ukrainian, and each is better at something:
//
//   - CLDR covers every language and is consistent, but the copy in
//     golang.org/x/text is CLDR 32 (2017). It predates renamings
//     ("Македонія", "Свазіленд") and, for Ukrainian, spells foreign names
//     against the current orthography: "Бельґія", "Норвеґія",
//     "Портуґалія", "Бразілія", "Чілі", "Маврікій", about 25 in all.
//   - iso-codes' Ukrainian is current and spelt as Ukrainian media spell
//     it ("Бельгія", "Бразилія", "Чилі", "Північна Македонія",
//     "Есватіні", "США"), but gives some names in the inverted or
//     annotated form of a register ("Конго, демократична республіка",
//     "Віргінські острови (Британія)") and a few in lower case ("науру").
//     Its Arabic, on the other hand, leaves the Koreas and Türkiye in
//     English and calls Moldova "المالديف" (the Maldives).
//
// So a language listed in isonames.Languages (Ukrainian) takes iso-codes'
// name unless it is inverted, annotated or not capitalised, and CLDR's
// then; every other language takes CLDR's. namesIn corrects what is still
// wrong, as displayNames does for ISO's English names, and aliasesIn adds
// the names authors write in those languages, as aliases does in English.

// namesIn gives, by language and alpha-2 code, the name to show where the
// source chosen above reads wrong: a country renamed since CLDR 32 (North
// Macedonia in 2019, Eswatini in 2018), or a formal name where English
// shows an everyday one (English has "DR Congo", "Palestine", "Russia").
var namesIn = map[language.Base]map[string]string{
	base("uk"): {
		"CD": "ДР Конго",                 // CLDR: Конго – Кіншаса
		"CG": "Республіка Конго",         // iso-codes: Конго, which names neither alone
		"DO": "Домініканська Республіка", // iso-codes: республіка, in lower case
		"GL": "Гренландія",               // iso-codes: Ґренландія, unlike its Гренада, Гвіана
		"PS": "Палестина",                // CLDR: Палестинські території
		"RU": "Росія",                    // iso-codes: Російська Федерація
	},
	base("ar"): {
		"MK": "مقدونيا الشمالية", // CLDR 32: مقدونيا
		"SZ": "إسواتيني",         // CLDR 32: سوازيلاند
	},
}

// aliasesIn are further names authors write in a language, beyond CLDR's
// and iso-codes' names and the one in namesIn, which are all matched
// anyway. As with aliases, each must name exactly one country.
var aliasesIn = map[language.Base]map[string][]string{
	base("uk"): {
		"AE": {"ОАЕ"},
		"CD": {"Демократична Республіка Конго", "Конго-Кіншаса", "ДРК"},
		"CG": {"Конго-Браззавіль"},
		"CI": {"Берег Слонової Кістки"},
		"GB": {"Сполучене Королівство", "Британія"},
		"KP": {"КНДР"},
		"KR": {"Республіка Корея"},
		"MK": {"Македонія"},
		"MM": {"Бірма"},
		"RU": {"РФ"},
		"US": {"Сполучені Штати Америки"},
		"ZA": {"ПАР"},
	},
}

func base(code string) language.Base { return language.MustParseBase(code) }

// m49 gives each region the UN M49 code (or, for Antarctica, the ISO
// code) under which CLDR names it.
var m49 = map[Region]string{
	Africa: "002", Americas: "019", Asia: "142", Europe: "150", Oceania: "009", Antarctica: "AQ",
}

// isEnglish tells whether a language is English, in which the registry's
// own names (Common, Region) are shown.
func isEnglish(lang language.Tag) bool {
	b, _ := lang.Base()
	return b == base("en")
}

// NameIn is the country's name in a language, for pages of an edition in
// that language: "Італія" in Ukrainian, "إيطاليا" in Arabic. In English
// it is Common, the name shown today. Elsewhere it is namesIn's
// correction where there is one, else the name from the source chosen for
// the language (see the top of this file), else (for a language neither
// source covers) Common.
func (c *Country) NameIn(lang language.Tag) string {
	if isEnglish(lang) {
		return c.Common
	}
	b, _ := lang.Base()
	if name, ok := namesIn[b][c.Alpha2]; ok {
		return name
	}
	if name := sourceName(lang, c.Alpha2); name != "" {
		return name
	}
	return c.Common
}

// sourceName is the name the chosen source gives (see the top of this
// file): iso-codes' for the languages that use it, where the name is
// usable as a display name, else CLDR's; "" when neither has one.
func sourceName(lang language.Tag, code string) string {
	if name := isoNameIn(lang, code); name != "" {
		r, _ := utf8.DecodeRuneInString(name)
		if unicode.IsUpper(r) && !strings.ContainsAny(name, ",(") {
			// iso-codes types the apostrophe as ASCII ("Кот-д'Івуар");
			// pages show the typographic one, as CLDR writes it.
			return strings.ReplaceAll(name, "'", "’")
		}
	}
	return cldrName(lang, code)
}

// isoNameIn is iso-codes' name of a country in a language that uses
// iso-codes' names, or "".
func isoNameIn(lang language.Tag, code string) string {
	b, _ := lang.Base()
	return isoNamesIn[b.String()][code]
}

// cldrName is CLDR's name of a region code in a language, or "".
func cldrName(lang language.Tag, code string) string {
	namer := display.Regions(lang)
	if namer == nil {
		return ""
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return ""
	}
	return namer.Name(r)
}

// RegionNameIn is a region's name in a language, from CLDR: "Європа",
// "Америка" in Ukrainian. In English, and in a language CLDR does not
// cover, it is the region's own (English) name.
func RegionNameIn(r Region, lang language.Tag) string {
	if isEnglish(lang) {
		return string(r)
	}
	if name := cldrName(lang, m49[r]); name != "" {
		return name
	}
	return string(r)
}

// FindIn is Find for a briefing written in a language: it also knows the
// countries' names in that language (CLDR's, iso-codes', namesIn's and
// aliasesIn's),
// matched with case, accents, punctuation and spacing ignored as Find
// ignores them, so "італія", "Кот-д'Івуар" and "Кот д’Івуар" all work.
// Codes come first, as in Find; then names in the language; then the
// English names, which stay valid in every edition.
func FindIn(lang language.Tag, s string) (*Country, bool) {
	key := normalizeIn(s)
	if looksLikeCode(key) {
		if i, ok := reg.byCode[key]; ok {
			return &reg.countries[i], true
		}
	}
	if !isEnglish(lang) {
		if i, ok := indexIn(lang).byName[key]; ok {
			return &reg.countries[i], true
		}
	}
	return Find(s)
}

// SuggestIn is Suggest for a briefing written in a language: up to n
// names, in that language, of the countries nearest to s among their
// names in that language and in English, so that a typo in either
// ("Італя", "Itlay") gets "Італія".
func SuggestIn(lang language.Tag, s string, n int) []string {
	if isEnglish(lang) {
		return Suggest(s, n)
	}
	idx := indexIn(lang)
	nearest := nearestCountries(normalizeIn(s), n, idx.terms, reg.suggestionTerms)
	names := make([]string, len(nearest))
	for k, i := range nearest {
		names[k] = reg.countries[i].NameIn(lang)
	}
	return names
}

// normalizeIn is normalize, also dropping the modifier letter apostrophe
// (ʼ, U+02BC). Ukrainian and Belarusian write their apostrophe with it,
// and CLDR does ("Мʼянма"), but as a letter it survives normalize, while
// the ' or ’ an author types is dropped as punctuation.
func normalizeIn(s string) string {
	k := normalize(s)
	if strings.ContainsRune(k, 'ʼ') {
		k = strings.Join(strings.Fields(strings.ReplaceAll(k, "ʼ", "")), " ")
	}
	return k
}

// langIndex is the lookup index for one language.
type langIndex struct {
	byName map[string]int // normalised name in the language → country index
	terms  []suggestionTerm
}

var (
	indexMu sync.Mutex
	indexes = map[language.Tag]*langIndex{}
)

// indexIn returns the language's index, built on first use: a site has a
// handful of languages, and a build that has none but English builds none.
func indexIn(lang language.Tag) *langIndex {
	indexMu.Lock()
	defer indexMu.Unlock()
	if idx, ok := indexes[lang]; ok {
		return idx
	}
	idx := &langIndex{byName: map[string]int{}}
	b, _ := lang.Base()
	for i := range reg.countries {
		c := &reg.countries[i]
		names := append([]string{c.NameIn(lang), cldrName(lang, c.Alpha2), isoNameIn(lang, c.Alpha2)}, aliasesIn[b][c.Alpha2]...)
		// As in buildRegistry, the first claimant keeps a shared name;
		// TestNamesInAreUnambiguous reports any.
		idx.terms = indexNames(idx.byName, idx.terms, i, names, normalizeIn)
	}
	indexes[lang] = idx
	return idx
}
