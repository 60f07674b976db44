package i18n

import (
	"io"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"brief/templates"
)

// theme is the built-in theme's translation files, as the build reads them.
var theme = Files{FS: templates.FS, Dir: "i18n", Shown: "templates/i18n"}

// site makes a site's translation folder from file contents.
func site(files map[string]string) Files {
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys["i18n/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	return Files{FS: fsys, Dir: "i18n", Shown: "i18n"}
}

func load(t *testing.T, code string, siteFiles Files) *Catalog {
	t.Helper()
	c, problems := Load(MustParse(code), theme, siteFiles)
	for _, p := range problems {
		t.Errorf("Load(%s): %s", code, p)
	}
	return c
}

func TestThemeCatalogues(t *testing.T) {
	en, uk, ar := load(t, "en", Files{}), load(t, "uk", Files{}), load(t, "ar", Files{})
	tests := []struct {
		cat  *Catalog
		got  string
		want string
	}{
		{en, en.T("sources"), "Sources"},
		{uk, uk.T("sources"), "Джерела"},
		{ar, ar.T("sources"), "المصادر"},
		{uk, uk.T("related"), "Пов’язані брифінги"},
		{uk, uk.T("countries"), "Країни"},
		{en, en.T("published_by", "publisher", "Acme"), "Published by Acme."},
		{uk, uk.T("published_by", "publisher", "Acme"), "Видавець: Acme."},
		{ar, ar.T("published_by", "publisher", "Acme"), "نشرها Acme."},
		{uk, uk.T("page_title", "title", "Останні брифінги", "page", 2), "Останні брифінги, сторінка 2"},
		{uk, uk.T("story_part", "story", "Гарантії", "position", 2, "total", 5), "Частина сюжету Гарантії, 2 з 5"},
		{en, en.T("no_such_key"), "no_such_key"},
		{en, en.T("region"), "Region: {region}"},    // a placeholder without a value shows
		{uk, uk.T("briefings"), "{count} брифінгу"}, // T gives a counted phrase's "other"
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.cat.Lang(), tt.got, tt.want)
		}
	}
}

// TestMissingKeysReadInEnglish: a key a language's file lacks reads in
// English, and a counted phrase is then counted by English rules (Arabic's
// "two" would find no form in it).
func TestMissingKeysReadInEnglish(t *testing.T) {
	en, err := templates.FS.Open("i18n/en.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer en.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, en); err != nil {
		t.Fatal(err)
	}
	partial := Files{FS: fstest.MapFS{
		"i18n/en.yaml": &fstest.MapFile{Data: []byte(b.String())},
		"i18n/ar.yaml": &fstest.MapFile{Data: []byte("sources: المصادر\n")},
	}, Dir: "i18n", Shown: "templates/i18n"}
	ar, problems := Load(MustParse("ar"), partial, Files{})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	for _, tt := range []struct{ got, want string }{
		{ar.T("sources"), "المصادر"},
		{ar.T("published_by", "publisher", "Acme"), "Published by Acme."},
		{ar.N("archive_year_total", 2, "year", 2024), "2 briefings in 2024, newest first"},
		{ar.N("archive_year_total", 1, "year", 2024), "1 briefing in 2024, newest first"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestPluralPhrases(t *testing.T) {
	en, uk, ar := load(t, "en", Files{}), load(t, "uk", Files{}), load(t, "ar", Files{})
	tests := []struct {
		cat  *Catalog
		key  string
		n    int
		want string
	}{
		{uk, "briefings", 1, "1 брифінг"},
		{uk, "briefings", 2, "2 брифінги"},
		{uk, "briefings", 4, "4 брифінги"},
		{uk, "briefings", 5, "5 брифінгів"},
		{uk, "briefings", 11, "11 брифінгів"},
		{uk, "briefings", 21, "21 брифінг"},
		{uk, "briefings", 22, "22 брифінги"},
		{uk, "briefings", 0, "0 брифінгів"},
		{uk, "countries_total", 1, "Брифінги охоплюють 1 країну; їх згруповано за регіонами."},
		{uk, "countries_total", 3, "Брифінги охоплюють 3 країни; їх згруповано за регіонами."},
		{uk, "countries_total", 12, "Брифінги охоплюють 12 країн; їх згруповано за регіонами."},
		{uk, "min_read", 3, "3 хв читання"},
		{uk, "map_area", 4, "Італія: 4 брифінги"},
		{en, "briefings", 1, "1 briefing"},
		{en, "briefings", 0, "0 briefings"},
		{en, "briefings", 21, "21 briefings"},
		{en, "map_area", 1, "Italy: 1 briefing"},
		{ar, "briefings", 0, "لا توجد إحاطات"},
		{ar, "briefings", 1, "إحاطة واحدة"},
		{ar, "briefings", 2, "إحاطتان"},
		{ar, "briefings", 3, "3 إحاطات"},
		{ar, "briefings", 11, "11 إحاطة"},
		{ar, "briefings", 100, "100 إحاطة"},
		{ar, "archive_year_total", 2, "إحاطتان في 2024، الأحدث أولًا"},
		{ar, "archive_year_total", 11, "11 إحاطة في 2024، الأحدث أولًا"},
	}
	for _, tt := range tests {
		got := tt.cat.N(tt.key, tt.n, "year", 2024, "name", map[string]string{"en": "Italy", "uk": "Італія"}[tt.cat.Lang().Code()])
		if got != tt.want {
			t.Errorf("%s: N(%q, %d) = %q, want %q", tt.cat.Lang(), tt.key, tt.n, got, tt.want)
		}
	}
}

func TestCatalogueDates(t *testing.T) {
	tests := []struct{ code, want string }{
		{"en", "10 January 2024"}, // the theme's date_format, as pages have always shown it
		{"uk", "10 січня 2024"},   // the theme's date_format, without CLDR's "р."
		{"ar", "10 يناير 2024"},   // no date_format in ar.yaml: CLDR's long format
		{"de", "10. Januar 2024"}, // no translation file at all: CLDR, not the English pattern
	}
	for _, tt := range tests {
		if got := load(t, tt.code, Files{}).Date(jan10); got != tt.want {
			t.Errorf("%s: Date = %q, want %q", tt.code, got, tt.want)
		}
	}
	c := load(t, "uk", site(map[string]string{"uk.yaml": "date_format: \"d MMMM y 'р.'\"\n"}))
	if got, want := c.Date(jan10), "10 січня 2024 р."; got != want {
		t.Errorf("uk with the site's date_format: Date = %q, want %q", got, want)
	}
}

// TestThemeFilesAgree checks the theme's files against each other: every
// key of a translation is a key of English (so no translation is
// orphaned by a renamed key), and Ukrainian translates every key.
func TestThemeFilesAgree(t *testing.T) {
	keysOf := func(code string) []string { return load(t, code, Files{}).ownKeys(theme) }
	en := keysOf("en")
	if len(en) < 90 {
		t.Fatalf("en.yaml has %d keys; expected the whole theme", len(en))
	}
	for _, code := range []string{"uk", "ar"} {
		for _, k := range keysOf(code) {
			if !slices.Contains(en, k) {
				t.Errorf("templates/i18n/%s.yaml: key %q is not in en.yaml", code, k)
			}
		}
	}
	uk := keysOf("uk")
	for _, k := range en {
		if !slices.Contains(uk, k) {
			t.Errorf("templates/i18n/uk.yaml lacks %q", k)
		}
	}
}

func TestSiteOverrides(t *testing.T) {
	s := site(map[string]string{
		"uk.yaml": "sources: Література\nbriefings: {one: \"{count} огляд\", few: \"{count} огляди\", many: \"{count} оглядів\", other: \"{count} огляду\"}\nown_key: Своє\n",
		"en.yaml": "sources: References\nrelated: See also\n",
		"pt.yaml": "sources: Fontes\n",
	})
	uk, en, pt := load(t, "uk", s), load(t, "en", s), load(t, "pt-BR", s)
	tests := []struct{ got, want string }{
		{uk.T("sources"), "Література"},         // the site's Ukrainian
		{uk.T("related"), "Пов’язані брифінги"}, // the theme's Ukrainian beats the site's English
		{uk.N("briefings", 3), "3 огляди"},
		{uk.T("own_key"), "Своє"}, // a key of the site's own templates
		{en.T("sources"), "References"},
		{en.T("countries"), "Countries"},
		{pt.T("sources"), "Fontes"},      // pt-BR reads pt.yaml
		{pt.T("related"), "See also"},    // then the site's English
		{pt.T("countries"), "Countries"}, // then the theme's
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

func TestLoadReportsProblems(t *testing.T) {
	tests := []struct {
		name, file, text string
		want             []string
	}{
		{"a misspelt key of the theme", "uk.yaml",
			"soruces: Посилання\nown_key: Своє\n",
			[]string{`i18n/uk.yaml:1:1: warning: the theme has no key "soruces", so it changes nothing (did you mean "sources"?)`}},
		{"form the language lacks", "uk.yaml",
			`briefings: {one: "{count} a", two: "{count} b", other: "{count} c"}` + "\n",
			[]string{`i18n/uk.yaml:1:31: error: "two" is not a plural form of Ukrainian (Ukrainian uses one, few, many and other)`}},
		{"no other", "uk.yaml",
			`briefings: {one: "{count} a", few: "{count} b", many: "{count} c"}` + "\n",
			[]string{`i18n/uk.yaml:1:1: error: the plural forms of "briefings" lack "other" (every counted phrase needs an other form, which stands in for any form left out)`}},
		{"missing form", "uk.yaml",
			"briefings:\n  one: \"{count} a\"\n  other: \"{count} c\"\n",
			[]string{`i18n/uk.yaml:1:1: warning: the plural forms of "briefings" lack few and many; "other" stands in (Ukrainian uses one, few, many and other)`}},
		{"zero in English", "en.yaml",
			`briefings: {zero: "No briefings", one: "{count} briefing", other: "{count} briefings"}` + "\n",
			[]string{`i18n/en.yaml:1:13: error: "zero" is not a plural form of English (English uses one and other)`}},
		{"unknown placeholder", "uk.yaml",
			"sources: \"Джерела {foo}\"\nregion: \"Регіон: {name}\"\n",
			[]string{
				`i18n/uk.yaml:1:10: error: unknown placeholder {foo} in "sources" (the English text has no placeholders)`,
				`i18n/uk.yaml:2:9: error: unknown placeholder {name} in "region" (the English text has {region})`,
			}},
		{"placeholder in a form", "uk.yaml",
			`map_area: {one: "{country}: {count}", other: "{name}: {count}"}` + "\n",
			[]string{`i18n/uk.yaml:1:17: error: unknown placeholder {country} in "map_area" (the English text has {count} and {name})`}},
		{"key twice", "uk.yaml",
			"sources: Джерела\nrelated: Схожі\nsources: Посилання\n",
			[]string{`i18n/uk.yaml:3:1: error: key "sources" is set twice (first on line 1) (remove one of them)`}},
		{"list", "uk.yaml",
			"sources: [Джерела, Посилання]\n",
			[]string{`i18n/uk.yaml:1:10: error: the value of "sources" is neither text nor a set of plural forms (write text, or plural forms such as {one: "{count} briefing", other: "{count} briefings"})`}},
		{"bad YAML", "uk.yaml",
			"sources: \"Джерела\nrelated: x\n",
			[]string{`i18n/uk.yaml:1:10: error: invalid YAML: could not find end character of double-quoted text (write one key per line, as key: text)`}},
		{"not a mapping", "uk.yaml",
			"- sources\n",
			[]string{`i18n/uk.yaml:1:1: error: a translation file must be a set of keys (write one key per line, as key: text)`}},
		{"weekday in date_format", "uk.yaml",
			"date_format: EEEE d MMMM y\n",
			[]string{`i18n/uk.yaml:1:14: error: date pattern "EEEE d MMMM y": "EEEE" is not a supported field (a pattern may hold d, dd, M, MM, MMM, MMMM, L, LL, LLLL, y, yy, yyyy and text in 'quotes')`}},
		{"abbreviated stand-alone month", "uk.yaml",
			"date_format: d LLL y\n",
			[]string{`i18n/uk.yaml:1:14: error: date pattern "d LLL y": abbreviated stand-alone months (LLL) are not supported; use MMM (a pattern may hold d, dd, M, MM, MMM, MMMM, L, LL, LLLL, y, yy, yyyy and text in 'quotes')`}},
	}
	for _, tt := range tests {
		c, problems := Load(MustParse(strings.TrimSuffix(tt.file, ".yaml")), theme, site(map[string]string{tt.file: tt.text}))
		var got []string
		for _, p := range problems {
			got = append(got, p.String())
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
		if c == nil {
			t.Errorf("%s: no catalogue", tt.name)
		}
	}
}

// TestBadKeyFallsBack checks that a key found wrong is left out, so the
// theme's text stands, and the good keys of the same file are kept.
func TestBadKeyFallsBack(t *testing.T) {
	c, problems := Load(MustParse("uk"), theme, site(map[string]string{
		"uk.yaml": "sources: \"Джерела {foo}\"\nrelated: Схожі брифінги\n",
	}))
	if problems.Errors() != 1 {
		t.Errorf("problems = %v, want one error", problems)
	}
	if got, want := c.T("sources"), "Джерела"; got != want {
		t.Errorf("T(sources) = %q, want the theme's %q", got, want)
	}
	if got, want := c.T("related"), "Схожі брифінги"; got != want {
		t.Errorf("T(related) = %q, want the site's %q", got, want)
	}
}
