package load

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func briefingWith(extra string) string {
	return "---\ntitle: T\ndate: 2023-08-02\ncountries: [UA]\nsources: [Reuters]\nsummary: S\n" + extra + "---\nBody\n"
}

func TestLoadSiteWideProblems(t *testing.T) {
	fsys := siteFS(map[string]string{
		"content/briefings/2023-08-02-Talks.md":     briefingWith(""),
		"content/briefings/sub/2023-08-03-talks.md": briefingWith(""),
		"content/briefings/zz.md":                   briefingWith("slug: talks\n"),
		"content/briefings/future.md":               strings.Replace(briefingWith(""), "2023-08-02", "2031-01-01", 1),
		"content/briefings/.hidden.md":              "garbage",
		"content/briefings/_draft.md":               "garbage",
		"content/briefings/x.md~":                   "garbage",
		"content/briefings/.x.md.swp":               "garbage",
		"content/briefings/notes.tmp":               "garbage",
		"content/briefings/image.png":               "\x89PNG",
		"content/countries/ua.md":                   "Ukraine's intro.\n",
		"content/countries/ukraine.md":              "Wrong name.\n",
		"content/pages/about.md":                    "---\ntitle: About\n---\nAbout us.\n",
		"content/pages/archive.md":                  "---\ntitle: Clash\n---\n",
	})
	fsys["content/briefings/link.md"] = &fstest.MapFile{Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink}
	s, probs := Load(fsys, Options{Now: testNow})
	want := []string{
		`content/briefings/future.md:3:7: warning: dated in the future (2031-01-01 00:00 UTC) (it is left out of builds unless -future is given)`,
		`content/briefings/link.md: warning: symbolic link not followed (copy the file into content/ instead)`,
		`content/briefings/sub/2023-08-03-talks.md:1:1: error: duplicate slug "talks": content/briefings/2023-08-02-Talks.md has it too (give one of them another slug: field)`,
		`content/briefings/zz.md:1:1: error: duplicate slug "talks": content/briefings/2023-08-02-Talks.md has it too (give one of them another slug: field)`,
		`content/countries/ukraine.md:1:1: error: "ukraine" is not a country code (rename it to ua.md)`,
		`content/pages/archive.md:1:1: error: page slug "archive" is used by the site itself (choose another slug)`,
	}
	if got := problemLines(probs); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(s.Briefings) != 4 {
		t.Errorf("got %d briefings, want 4 (leftovers ignored)", len(s.Briefings))
	}
	if s.Intros["ua"] == nil || string(s.Intros["ua"].Body) != "Ukraine's intro.\n" {
		t.Errorf("intro for ua = %+v", s.Intros["ua"])
	}
	if len(s.Pages) != 2 || s.Pages[0].Slug != "about" || s.Pages[0].Title != "About" {
		t.Errorf("pages = %+v", s.Pages)
	}
}

func TestLoadOrdersNewestFirst(t *testing.T) {
	s, probs := Load(siteFS(map[string]string{
		"content/briefings/b.md": briefingWith(""),
		"content/briefings/a.md": briefingWith(""),
		"content/briefings/c.md": strings.Replace(briefingWith(""), "2023-08-02", "2023-09-01", 1),
	}), Options{Now: testNow})
	if probs.Errors() != 0 {
		t.Fatal(problemLines(probs))
	}
	var got []string
	for _, b := range s.Briefings {
		got = append(got, b.Slug)
	}
	if strings.Join(got, ",") != "c,a,b" {
		t.Errorf("order = %v, want c,a,b (newest first, then slug)", got)
	}
}

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name   string
		config *string
		want   []string
	}{
		{"missing", nil, []string{
			`site.yaml: error: site settings not found: no site.yaml in mysite (create it with at least title and base_url, or point -src at the site folder)`}},
		{"empty", ptr(""), []string{
			`site.yaml:1:1: error: missing required setting "title" (add a line such as title: World Briefings)`,
			`site.yaml:1:1: error: missing required setting "base_url" (add the public address, e.g. base_url: https://briefings.example.org/)`}},
		{"relative base_url and bad values", ptr("title: T\nbase_url: /briefs\nlanguage: \"!!\"\ntimezone: Mars/Olympus\nper_page: 0\ntitel: x\n"), []string{
			`site.yaml:2:11: error: base_url: URL "/briefs" has no scheme (the public address of the site, e.g. https://briefings.example.org/)`,
			`site.yaml:3:11: error: language "!!" is not a valid language tag (a BCP 47 tag such as en, fr or pt-BR)`,
			`site.yaml:4:11: error: unknown time zone "Mars/Olympus" (an IANA name such as UTC, Europe/Kyiv or America/New_York)`,
			`site.yaml:5:11: error: per_page must be a positive whole number (write a whole number above zero)`,
			`site.yaml:6:1: error: unknown field "titel" in site.yaml (did you mean "title"?)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"content/briefings/a.md": {Data: []byte(briefingWith(""))}}
			if tt.config != nil {
				fsys["site.yaml"] = &fstest.MapFile{Data: []byte(*tt.config)}
			}
			_, probs := Load(fsys, Options{Now: testNow, Root: "mysite"})
			if got := problemLines(probs); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestLoadConfigValues(t *testing.T) {
	s, probs := Load(siteFS(map[string]string{
		"site.yaml":              "title: T\nbase_url: https://x.org/briefs/\nlanguage: uk\ntimezone: Europe/Kyiv\nper_page: 5\nfeed_limit: 7\nmarkdown: {unsafe: true}\n",
		"content/briefings/a.md": "---\ntitle: T\ndate: 2023-08-02T10:00\ncountries: [UA]\nsources: [Reuters]\nsummary: S\n---\n",
	}), Options{Now: testNow})
	if len(probs) != 0 {
		t.Fatal(problemLines(probs))
	}
	c := s.Config
	if c.BaseURL != "https://x.org/briefs" || c.Language != "uk" || c.PerPage != 5 || c.FeedLimit != 7 || !c.UnsafeHTML || c.Location.String() != "Europe/Kyiv" {
		t.Errorf("config = %+v", c)
	}
	if got := s.Briefings[0].Date.UTC().Format("15:04"); got != "07:00" {
		t.Errorf("10:00 in Kyiv in summer = %s UTC, want 07:00", got)
	}
}

func TestLoadMissingContent(t *testing.T) {
	_, probs := Load(fstest.MapFS{"site.yaml": {Data: []byte(goodConfig)}}, Options{Root: "/srv/site"})
	want := "content: error: content folder not found: no content/ in /srv/site (create content/briefings/ and put briefings there)"
	if got := problemLines(probs); len(got) != 1 || got[0] != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func ptr(s string) *string { return &s }
