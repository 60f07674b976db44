package load

import (
	"slices"
	"strings"
	"testing"

	"brief/generator/site"
)

// editionsConfig is a site with a Ukrainian edition, in the format of
// the issue that asked for editions.
const editionsConfig = goodConfig + `language: en
languages:
  uk:
    title: Брифінги про гарантії безпеки
    description: Короткі брифінги з джерелами.
`

// alpha is an original with every inheritable field set.
const alpha = `---
title: Alpha talks
date: 2024-01-10
countries: [Italy, Ukraine]
sources: [{name: Reuters, url: "https://www.reuters.com/"}]
summary: English summary.
tags: [G7, security guarantees]
author: Desk
story: bilateral
aliases: [/briefings/old-alpha/]
---
English body.
`

const bilateral = "---\ntitle: Bilateral\n---\n"

// loadEditions loads a site with the Ukrainian edition and the files
// given, and returns it with its problem lines.
func loadEditions(t *testing.T, files map[string]string) (*site.Site, []string) {
	t.Helper()
	all := map[string]string{"site.yaml": editionsConfig, "content/stories/bilateral.md": bilateral}
	for k, v := range files {
		all[k] = v
	}
	s, probs := Load(siteFS(all), Options{Now: testNow})
	return s, problemLines(probs)
}

// wantLines fails unless the problem lines are want, in order.
func wantLines(t *testing.T, lines, want []string) {
	t.Helper()
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestEditionSettings(t *testing.T) {
	s, lines := loadEditions(t, nil)
	if len(lines) != 0 {
		t.Fatal(lines)
	}
	if len(s.Config.Editions) != 1 || len(s.Editions) != 1 {
		t.Fatalf("editions %+v, sites %d", s.Config.Editions, len(s.Editions))
	}
	e := s.Config.Editions[0]
	if e.Code() != "uk" || e.Title != "Брифінги про гарантії безпеки" || e.Description != "Короткі брифінги з джерелами." {
		t.Errorf("edition %+v", e)
	}
	if s.Config.Lang.Code() != "en" {
		t.Errorf("site's language %q", s.Config.Lang)
	}
	uk := s.Editions[0]
	c := uk.Config
	if c.Language != "uk" || c.Lang.Code() != "uk" || c.Title != e.Title || c.Description != e.Description ||
		c.BaseURL != s.Config.BaseURL || len(c.Editions) != 1 || s.Edition("uk") != uk || s.Edition("en") != s || s.Edition("de") != nil {
		t.Errorf("edition's settings %+v", c)
	}
	if len(uk.Stories) != 1 || uk.Stories[0] != s.Stories[0] {
		t.Errorf("the edition lists the site's stories: %+v", uk.Stories)
	}

	// The order written is kept; a title defaults to the site's; an
	// entry may be empty.
	s, probs := Load(siteFS(map[string]string{
		"site.yaml":              goodConfig + "languages:\n  uk: {description: Опис}\n  ar:\n  pt-br: {}\n",
		"content/briefings/a.md": briefingWith(""),
	}), Options{Now: testNow})
	if len(probs) != 0 {
		t.Fatal(problemLines(probs))
	}
	var got []string
	for _, e := range s.Config.Editions {
		got = append(got, e.Code()+"="+e.Title)
	}
	if want := []string{"uk=Test Briefings", "ar=Test Briefings", "pt-BR=Test Briefings"}; !slices.Equal(got, want) {
		t.Errorf("editions %q, want %q", got, want)
	}
	if s.Config.Editions[1].Description != "" {
		t.Errorf("a description does not default to the site's: %q", s.Config.Editions[1].Description)
	}
}

func TestEditionSettingsErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"not canonical", "languages:\n  ukr: {}\n", []string{
			`site.yaml:4:3: error: languages: language code "ukr" is not in its canonical form (write uk, the code BCP 47 prefers for it)`}},
		{"underscore", "languages:\n  pt_BR: {}\n", []string{
			`site.yaml:4:3: error: languages: language code "pt_BR" has an underscore (write pt-BR: BCP 47 joins the parts of a code with hyphens)`}},
		{"a name", "languages:\n  Ukrainian: {}\n", []string{
			`site.yaml:4:3: error: languages: "Ukrainian" is not a language code (write uk for Ukrainian)`}},
		{"the site's own", "language: en\nlanguages:\n  uk: {}\n  en: {title: English}\n", []string{
			`site.yaml:6:3: error: en is the site's own language (language: en), not a further edition (languages: lists the further languages; remove this entry)`}},
		{"the default language", "languages:\n  en: {}\n", []string{
			`site.yaml:4:3: error: en is the site's own language (language: en), not a further edition (languages: lists the further languages; remove this entry)`}},
		{"twice", "languages:\n  uk: {}\n  UK: {}\n", []string{
			`site.yaml:5:3: error: languages: uk is listed twice (first on line 4) (keep one entry per language)`}},
		{"a list", "languages: [uk, ar]\n", []string{
			`site.yaml:3:12: error: languages must be a set of editions, not a list (write each further language's code with its settings, e.g. languages: {uk: {title: Брифінги}})`}},
		{"unknown setting", "languages:\n  uk: {titel: Брифінги}\n", []string{
			`site.yaml:4:8: error: unknown field "titel" in the settings of edition uk (did you mean "title"?)`}},
		{"empty title", "languages:\n  uk: {title: \"\"}\n", []string{
			`site.yaml:4:15: error: title is empty (write the title between the quotes)`}},
		{"settings as text", "languages:\n  uk: Українська\n", []string{
			`site.yaml:4:7: error: the settings of edition uk must be a set of fields, not text (write the edition's settings as title: and description: below its code, or leave them out)`}},
		{"own language not a code editions take", "language: en_GB\nlanguages:\n  uk: {}\n", []string{
			`site.yaml:3:11: error: language: language code "en_GB" has an underscore; a site with editions needs a code as languages: takes (write en-GB: BCP 47 joins the parts of a code with hyphens)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := Load(siteFS(map[string]string{
				"site.yaml":              goodConfig + tt.yaml,
				"content/briefings/a.md": briefingWith(""),
			}), Options{Now: testNow})
			wantLines(t, problemLines(probs), tt.want)
		})
	}

	// Without editions, language: keeps the rule it had: a tag that
	// golang.org/x/text reads is accepted, and gives the code it reads.
	s, probs := Load(siteFS(map[string]string{
		"site.yaml":              goodConfig + "language: en_GB\n",
		"content/briefings/a.md": briefingWith(""),
	}), Options{Now: testNow})
	if len(probs) != 0 || s.Config.Language != "en_GB" || s.Config.Lang.Code() != "en-GB" {
		t.Errorf("language: en_GB without editions: %q, %q, %v", s.Config.Language, s.Config.Lang, problemLines(probs))
	}
}

func TestTranslationInheritsFromItsOriginal(t *testing.T) {
	s, lines := loadEditions(t, map[string]string{
		"content/briefings/2024-01-10-alpha.md": alpha,
		"content/briefings/2024-01-10-alpha.uk.md": `---
title: Переговори Альфа
summary: Український підсумок.
---
Український текст.
`,
	})
	if len(lines) != 0 {
		t.Fatal(lines)
	}
	en := s.Briefings[0]
	if len(s.Briefings) != 1 || s.BriefingFiles != 1 {
		t.Fatalf("the site's own language holds the original alone: %d briefings, %d files", len(s.Briefings), s.BriefingFiles)
	}
	uk := s.Editions[0]
	if len(uk.Briefings) != 1 || uk.BriefingFiles != 1 {
		t.Fatalf("edition: %d briefings, %d files", len(uk.Briefings), uk.BriefingFiles)
	}
	b := uk.Briefings[0]
	// Its own.
	if b.Path != "content/briefings/2024-01-10-alpha.uk.md" || b.Lang != "uk" || b.Title != "Переговори Альфа" ||
		b.Summary != "Український підсумок." || string(b.Body) != "Український текст.\n" || b.BodyLine != 5 || !b.Updated.IsZero() {
		t.Errorf("own fields: %+v", b)
	}
	// Its original's.
	if !b.Date.Equal(en.Date) || !slices.Equal(b.Countries, en.Countries) || !slices.Equal(b.Sources, en.Sources) ||
		!slices.Equal(b.Tags, en.Tags) || b.Author != "Desk" || b.Slug != "alpha" || b.Story != "bilateral" || b.Draft {
		t.Errorf("inherited fields: %+v", b)
	}
	if len(b.Aliases) != 1 || b.Aliases[0].Path != "/briefings/old-alpha/" || b.Aliases[0].At != (site.Pos{}) {
		t.Errorf("aliases go with the slug, at no place of the translation: %+v", b.Aliases)
	}
	// One key for both; each found from the other.
	if b.TranslationKey() != "content/briefings/2024-01-10-alpha" || en.TranslationKey() != b.TranslationKey() {
		t.Errorf("keys %q and %q", en.TranslationKey(), b.TranslationKey())
	}
	if uk.BriefingsByKey()[en.TranslationKey()] != b || s.BriefingsByKey()[b.TranslationKey()] != en {
		t.Error("BriefingsByKey does not lead from one to the other")
	}
	// The record stands for both files.
	again, _ := loadEditions(t, map[string]string{
		"content/briefings/2024-01-10-alpha.md": strings.Replace(alpha, "Reuters", "AP", 1),
		"content/briefings/2024-01-10-alpha.uk.md": `---
title: Переговори Альфа
summary: Український підсумок.
---
Український текст.
`,
	})
	if again.Editions[0].Briefings[0].Hash == b.Hash {
		t.Error("a translation's Hash does not change with what it takes from its original")
	}
}

func TestTranslationWithFieldsOfItsOwn(t *testing.T) {
	s, lines := loadEditions(t, map[string]string{
		"content/briefings/2024-01-10-alpha.md": alpha,
		"content/briefings/2024-01-10-alpha.uk.md": `---
title: Альфа
date: 2024-01-11
updated: 2024-03-05
slug: alfa
countries: [UA]
sources: [Укрінформ]
tags: [безпека]
author: Редакція
draft: true
---
Текст.
`,
	})
	wantProblem(t, lines, "content/briefings/2024-01-10-alpha.uk.md:1:1: warning: no summary")
	b := s.Editions[0].Briefings[0]
	if b.Slug != "alfa" || len(b.Aliases) != 0 || b.Date.Format("2006-01-02") != "2024-01-11" || b.Updated.Format("2006-01-02") != "2024-03-05" ||
		len(b.Countries) != 1 || b.Countries[0].Alpha2 != "UA" || b.Sources[0].Name != "Укрінформ" || b.Tags[0].Key != "bezpeka" ||
		b.Author != "Редакція" || !b.Draft || b.Summary != "" {
		t.Errorf("own fields: %+v", b)
	}
	if b.URL() != "/briefings/alfa/" {
		t.Errorf("URL %q", b.URL())
	}

	// The edition leaves a draft out by itself.
	pub, left := s.Filter(false, false, testNow)
	if len(pub.Briefings) != 1 || len(pub.Editions) != 1 || len(pub.Editions[0].Briefings) != 0 || left.Drafts != 1 {
		t.Errorf("filtered: %d, %d editions, %+v", len(pub.Briefings), len(pub.Editions), left)
	}
	if len(s.Editions[0].Briefings) != 1 {
		t.Error("Filter changed the site it filters")
	}
}

func TestTranslationDatesAgainstItsOriginal(t *testing.T) {
	_, lines := loadEditions(t, map[string]string{
		"content/briefings/a.md":    briefingWith(""),
		"content/briefings/a.uk.md": "---\ntitle: А\nsummary: П\nupdated: 2023-07-01\n---\n",
		"content/briefings/b.md":    briefingWith(""),
		"content/briefings/b.uk.md": "---\ntitle: Б\nsummary: П\ncorrections:\n  - date: 2023-01-02\n    text: Виправлено.\n---\n",
	})
	want := []string{
		`content/briefings/a.uk.md:4:10: error: updated (2023-07-01T00:00:00Z) is before date (2023-08-02T00:00:00Z) (updated is the date of the last change, after date)`,
		`content/briefings/b.uk.md:5:5: error: correction dated 2023-01-02 is before the briefing's date (2023-08-02) (a correction comes after the briefing it corrects; check the year and month)`,
	}
	wantLines(t, lines, want)
}

func TestBriefingOfAnEditionAlone(t *testing.T) {
	s, lines := loadEditions(t, map[string]string{
		"content/briefings/2024-02-01-kyiv-only.uk.md": `---
title: Лише українською
date: 2024-02-01
countries: [Україна]
sources: [Укрінформ]
summary: Підсумок.
---
Текст.
`,
		"content/briefings/2024-01-10-alpha.md": alpha,
	})
	if len(lines) != 0 {
		t.Fatal(lines)
	}
	if len(s.Briefings) != 1 || s.Briefings[0].Slug != "alpha" {
		t.Errorf("the site's own language: %+v", s.Briefings)
	}
	uk := s.Editions[0]
	if len(uk.Briefings) != 1 || uk.Briefings[0].Slug != "kyiv-only" || uk.Briefings[0].Countries[0].Alpha2 != "UA" ||
		uk.Briefings[0].TranslationKey() != "content/briefings/2024-02-01-kyiv-only" {
		t.Errorf("edition: %+v", uk.Briefings)
	}

	// It needs every required field; its name must give a slug.
	_, lines = loadEditions(t, map[string]string{
		"content/briefings/only.uk.md":       "---\ntitle: Лише\nsummary: П\n---\n",
		"content/briefings/Тільки.uk.md":     "---\ntitle: Т\ndate: 2024-01-01\ncountries: [UA]\nsources: [R]\nsummary: П\n---\n",
		"content/briefings/2024/index.md":    briefingWith("slug: bundle\n"),
		"content/briefings/2024/index.uk.md": "---\ntitle: Тека\nsummary: П\n---\n",
	})
	want := []string{
		`content/briefings/only.uk.md:1:1: error: missing required field "date" (add a line such as date: 2023-08-02)`,
		`content/briefings/only.uk.md:1:1: error: missing required field "countries" (add a line such as countries: [Ukraine, Italy])`,
		`content/briefings/only.uk.md:1:1: error: missing required field "sources" (add at least one source, e.g. sources: [{name: Reuters, url: "https://www.reuters.com/"}])`,
		`content/briefings/Тільки.uk.md:1:1: error: file name "Тільки.uk.md" does not give a valid slug (rename the file using a-z, 0-9 and hyphens, or set slug:)`,
	}
	wantLines(t, lines, want)
}

func TestBundleTranslation(t *testing.T) {
	s, lines := loadEditions(t, map[string]string{
		"content/briefings/2024-06-13-apulia/index.md":    briefingWith(""),
		"content/briefings/2024-06-13-apulia/index.uk.md": "---\ntitle: Апулія\nsummary: П\n---\n",
	})
	if len(lines) != 0 {
		t.Fatal(lines)
	}
	b := s.Editions[0].Briefings[0]
	if b.Slug != "apulia" || b.Bundle() != "content/briefings/2024-06-13-apulia" || s.Briefings[0].TranslationKey() != b.TranslationKey() {
		t.Errorf("slug %q, bundle %q, key %q", b.Slug, b.Bundle(), b.TranslationKey())
	}
}

func TestCountriesInTheEditionsLanguage(t *testing.T) {
	s, lines := loadEditions(t, map[string]string{
		"content/briefings/a.md":    briefingWith(""),
		"content/briefings/a.uk.md": "---\ntitle: А\nsummary: П\ncountries: [Італія, україна, Italy, GBR]\n---\n",
	})
	wantProblem(t, lines, "content/briefings/a.uk.md:4:30: warning: Італія is listed twice (remove the repetition)")
	var got []string
	for _, c := range s.Editions[0].Briefings[0].Countries {
		got = append(got, c.Alpha2)
	}
	if want := []string{"IT", "UA", "GB"}; !slices.Equal(got, want) {
		t.Errorf("countries %q, want %q", got, want)
	}

	_, lines = loadEditions(t, map[string]string{
		"content/briefings/a.md":    briefingWith(""),
		"content/briefings/a.uk.md": "---\ntitle: А\nsummary: П\ncountries: [Італя, Мордор]\n---\n",
		// The site's own language knows English names only.
		"content/briefings/b.md": strings.Replace(briefingWith(""), "[UA]", "[Італія]", 1),
	})
	want := []string{
		`content/briefings/a.uk.md:4:13: error: unknown country "Італя" (did you mean "Італія"?)`,
		`content/briefings/a.uk.md:4:20: error: unknown country "Мордор" (use a name in Ukrainian or English, or an ISO 3166 code such as UA or UKR)`,
		`content/briefings/b.md:4:13: error: unknown country "Італія" (use an English name or an ISO 3166 code such as UA or UKR)`,
	}
	wantLines(t, lines, want)
}

func TestStaleTranslation(t *testing.T) {
	_, lines := loadEditions(t, map[string]string{
		"content/briefings/2024-01-10-alpha.md":    strings.Replace(alpha, "date: 2024-01-10", "date: 2024-01-10\nupdated: 2024-03-01", 1),
		"content/briefings/2024-01-10-alpha.uk.md": "---\ntitle: А\nsummary: П\nupdated: 2024-02-01\n---\n",
		// Caught up with the update: no warning.
		"content/briefings/beta.md":    strings.Replace(briefingWith(""), "date: 2023-08-02", "date: 2023-08-02\nupdated: 2024-03-01", 1),
		"content/briefings/beta.uk.md": "---\ntitle: Б\nsummary: П\nupdated: 2024-03-01\n---\n",
		// No date of its own: the original's date, before its update.
		"content/briefings/gamma.md":    strings.Replace(briefingWith(""), "date: 2023-08-02", "date: 2023-08-02\nupdated: 2023-09-01", 1),
		"content/briefings/gamma.uk.md": "---\ntitle: Г\nsummary: П\n---\n",
		// A correction counts as an update.
		"content/briefings/delta.md":    briefingWith("corrections: [{date: 2023-10-01, text: Fixed.}]\n"),
		"content/briefings/delta.uk.md": "---\ntitle: Д\nsummary: П\n---\n",
		// Never updated: never stale.
		"content/briefings/eps.md":    briefingWith(""),
		"content/briefings/eps.uk.md": "---\ntitle: Е\nsummary: П\n---\n",
		// Updated at 18:00 on the day of its date; the translation says
		// updated: that day, as the warning asks, which is no error and
		// clears the warning (days are compared, not moments).
		"content/briefings/zeta.md":    strings.Replace(briefingWith(""), "date: 2023-08-02", "date: 2024-07-15T10:00\nupdated: 2024-07-15T18:00", 1),
		"content/briefings/zeta.uk.md": "---\ntitle: З\nsummary: П\nupdated: 2024-07-15\n---\n",
		// The same original, its translation not brought up to date: the
		// warning names the day.
		"content/briefings/eta.md":    strings.Replace(briefingWith(""), "date: 2023-08-02", "date: 2024-07-15T10:00\nupdated: 2024-07-16T18:00", 1),
		"content/briefings/eta.uk.md": "---\ntitle: Е\nsummary: П\n---\n",
	})
	want := []string{
		"content/briefings/2024-01-10-alpha.uk.md: warning: translation is older than its original (updated 2024-03-01)",
		"content/briefings/delta.uk.md: warning: translation is older than its original (updated 2023-10-01)",
		"content/briefings/eta.uk.md: warning: translation is older than its original (updated 2024-07-16)",
		"content/briefings/gamma.uk.md: warning: translation is older than its original (updated 2023-09-01)",
	}
	wantLines(t, lines, want)
}

func TestPagesAndIntrosOfAnEdition(t *testing.T) {
	s, lines := loadEditions(t, map[string]string{
		"content/briefings/a.md":     briefingWith(""),
		"content/pages/about.md":     "---\ntitle: About\nslug: about-us\n---\nUs.\n",
		"content/pages/about.uk.md":  "---\ntitle: Про нас\n---\nМи.\n",
		"content/pages/team.uk.md":   "---\ntitle: Команда\n---\n",
		"content/pages/own.md":       "---\ntitle: Own\ndraft: true\n---\n",
		"content/pages/own.uk.md":    "---\ntitle: Своя\nslug: svoia\n---\n",
		"content/countries/it.md":    "Italy.\n",
		"content/countries/it.uk.md": "Італія.\n",
		"content/countries/ua.uk.md": "Україна.\n",
	})
	if len(lines) != 0 {
		t.Fatal(lines)
	}
	uk := s.Editions[0]
	var got []string
	for _, pg := range uk.Pages {
		got = append(got, pg.Path+"="+pg.Slug+":"+pg.Title)
	}
	want := []string{
		"content/pages/about.uk.md=about-us:Про нас",
		"content/pages/own.uk.md=svoia:Своя",
		"content/pages/team.uk.md=team:Команда",
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages %q, want %q", got, want)
	}
	if !uk.Pages[1].Draft || uk.Pages[0].Lang != "uk" || uk.PagesByKey()["content/pages/about"] != uk.Pages[0] ||
		s.PagesByKey()[uk.Pages[0].TranslationKey()] == nil {
		t.Errorf("draft inherited, keys: %+v", uk.Pages)
	}
	if len(s.Pages) != 2 {
		t.Errorf("the site's own pages: %d", len(s.Pages))
	}
	if len(s.Intros) != 1 || len(uk.Intros) != 2 || string(uk.Intros["it"].Body) != "Італія.\n" || uk.Intros["ua"].Lang != "uk" {
		t.Errorf("intros %v, %v", s.Intros, uk.Intros)
	}
}

func TestNamesWithALanguageCodeNotInLanguages(t *testing.T) {
	_, lines := loadEditions(t, map[string]string{
		"content/briefings/a.de.md":   briefingWith(""),
		"content/briefings/b.en.md":   briefingWith(""),
		"content/briefings/c.v2.md":   briefingWith(""),
		"content/briefings/d.UK.md":   briefingWith(""),
		"content/briefings/e.de.md":   briefingWith("slug: e-de\n"),
		"content/pages/about.de.md":   "---\ntitle: Über uns\n---\n",
		"content/countries/it.de.md":  "Italien.\n",
		"content/stories/story.uk.md": "---\ntitle: Історія\n---\n",
	})
	want := []string{
		`content/briefings/a.de.md:1:1: error: file name "a.de.md" does not give a valid slug (rename the file using a-z, 0-9 and hyphens, or set slug:; to make it a translation into German, add de to languages: in site.yaml)`,
		`content/briefings/b.en.md:1:1: error: file name "b.en.md" does not give a valid slug (rename the file using a-z, 0-9 and hyphens, or set slug:; en is the site's own language, whose files need no code)`,
		`content/briefings/c.v2.md:1:1: error: file name "c.v2.md" does not give a valid slug (rename the file using a-z, 0-9 and hyphens, or set slug:)`,
		`content/briefings/d.UK.md:1:1: error: file name "d.UK.md" does not give a valid slug (rename the file using a-z, 0-9 and hyphens, or set slug:; write the code as languages: has it, .uk.md)`,
		`content/countries/it.de.md:1:1: error: "it.de" is not a country code (name the file after the country's ISO alpha-2 code, e.g. ua.md; to make it a translation into German, add de to languages: in site.yaml)`,
		`content/pages/about.de.md:1:1: error: invalid page slug "about.de" (use lower-case letters a-z, digits and single hyphens; to make it a translation into German, add de to languages: in site.yaml)`,
		`content/stories/story.uk.md:1:1: error: "story.uk.md" cannot be a story's key (name the file content/stories/<key>.md with a-z, 0-9 and hyphens, e.g. bilateral-agreements.md; stories are not translated yet)`,
	}
	wantLines(t, lines, want)
}

func TestAddressesWithinAnEdition(t *testing.T) {
	_, lines := loadEditions(t, map[string]string{
		"content/briefings/a.md":    briefingWith(""),
		"content/briefings/a.uk.md": "---\ntitle: А\nsummary: П\n---\n",
		"content/briefings/b.uk.md": "---\ntitle: Б\nslug: a\ndate: 2024-01-01\ncountries: [UA]\nsources: [R]\nsummary: П\n---\n",
		"content/briefings/c.md":    briefingWith("aliases: [/uk/old/]\n"),
		"content/briefings/d.uk.md": "---\ntitle: Д\nsummary: П\ndate: 2024-01-01\ncountries: [UA]\nsources: [R]\nstory: unknown\n---\n",
		"content/pages/uk.md":       "---\ntitle: Ukraine\n---\n",
		// An unknown story is reported where it is written, once.
		"content/briefings/e.md":    briefingWith("story: nowhere\n"),
		"content/briefings/e.uk.md": "---\ntitle: Е\nsummary: П\n---\n",
	})
	want := []string{
		`content/briefings/b.uk.md:1:1: error: duplicate slug "a": content/briefings/a.uk.md has it too (give one of them another slug: field)`,
		`content/briefings/c.md:7:11: error: alias /uk/old/ is inside the folder of the uk edition (/uk/) (the pages of the uk edition are there; choose another address)`,
		`content/briefings/d.uk.md:7:8: error: unknown story "unknown" (create content/stories/unknown.md with a title, or name an existing story)`,
		`content/briefings/e.md:7:8: error: unknown story "nowhere" (create content/stories/nowhere.md with a title, or name an existing story)`,
		`content/pages/uk.md:1:1: error: page slug "uk" is the folder of the uk edition (/uk/) (choose another slug)`,
	}
	wantLines(t, lines, want)
}

func TestTranslationWhoseOriginalIsGone(t *testing.T) {
	// A translation alone is the edition's own briefing, and then needs
	// what it used to take from its original.
	_, lines := loadEditions(t, map[string]string{
		"content/briefings/a.uk.md": "---\ntitle: А\nsummary: П\n---\n",
	})
	wantProblem(t, lines, `content/briefings/a.uk.md:1:1: error: missing required field "date"`)
	// An original that cannot be read still is one: its errors say so,
	// the translation's do not repeat them.
	_, lines = loadEditions(t, map[string]string{
		"content/briefings/a.md":    "no front matter\n",
		"content/briefings/a.uk.md": "---\ntitle: А\nsummary: П\n---\n",
	})
	if want := `content/briefings/a.md:1:1: error: no front matter (start the file with a --- line, the fields (title, date, countries, sources), and a closing --- line)`; len(lines) != 1 || lines[0] != want {
		t.Errorf("problems %q", lines)
	}
}
