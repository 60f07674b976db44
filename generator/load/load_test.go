package load

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"brief/generator/diag"
	"brief/generator/site"
)

var testNow = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

const goodConfig = "title: Test Briefings\nbase_url: https://briefs.example.org/\n"

// siteFS builds a site from file contents; site.yaml is added when absent.
func siteFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	if _, ok := files["site.yaml"]; !ok {
		fsys["site.yaml"] = &fstest.MapFile{Data: []byte(goodConfig)}
	}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// problemLines formats every problem as `path:line:col: error: message (hint)`.
func problemLines(l diag.List) []string {
	out := make([]string, len(l))
	for i, p := range l {
		out[i] = p.String()
	}
	return out
}

const validBriefing = `---
title: "Ukraine and Italy open talks"
date: 2023-08-02T10:00:00+03:00
countries: [Ukraine, Italy]
sources:
  - name: Office of the President of Ukraine
    url: https://www.president.gov.ua/en
    title: Consultations begin
    date: 2023-08-02
  - Rubryka
summary: Kyiv began consultations with Rome.
tags: [security guarantees, G7, g7]
author: Desk
---
Body text.
`

func TestLoadValidBriefing(t *testing.T) {
	s, probs := Load(siteFS(map[string]string{
		"content/briefings/2023-08-02-italy-talks.md": validBriefing,
	}), Options{Now: testNow})
	if len(probs) != 0 {
		t.Fatalf("unexpected problems:\n%s", strings.Join(problemLines(probs), "\n"))
	}
	if len(s.Briefings) != 1 {
		t.Fatalf("got %d briefings, want 1", len(s.Briefings))
	}
	b := s.Briefings[0]
	if b.Slug != "italy-talks" || b.Title != "Ukraine and Italy open talks" {
		t.Errorf("slug, title = %q, %q", b.Slug, b.Title)
	}
	if want := time.Date(2023, 8, 2, 7, 0, 0, 0, time.UTC); !b.Date.Equal(want) {
		t.Errorf("date = %v, want %v", b.Date, want)
	}
	if len(b.Countries) != 2 || b.Countries[0].Key() != "ua" || b.Countries[1].Key() != "it" {
		t.Errorf("countries = %v", b.Countries)
	}
	if len(b.Sources) != 2 || b.Sources[0].URL != "https://www.president.gov.ua/en" || b.Sources[0].Title != "Consultations begin" || b.Sources[1].Name != "Rubryka" || b.Sources[1].URL != "" {
		t.Errorf("sources = %+v", b.Sources)
	}
	if len(b.Tags) != 2 || b.Tags[0].Key != "security-guarantees" || b.Tags[1].Key != "g7" {
		t.Errorf("tags = %+v (g7 and G7 are one tag)", b.Tags)
	}
	if got := bodyOf(t, s, b); got != "Body text.\n" || b.BodyLine != 15 {
		t.Errorf("body = %q at line %d", got, b.BodyLine)
	}
	if s.Config.Title != "Test Briefings" || s.Config.BaseURL != "https://briefs.example.org" || s.Config.PerPage != 20 || s.Config.FeedLimit != 50 || s.Config.Language != "en" {
		t.Errorf("config = %+v", s.Config)
	}
}

func TestLoadTOMLMatchesYAML(t *testing.T) {
	toml := `+++
title = "Ukraine and Italy open talks"
date = 2023-08-02T10:00:00+03:00
countries = ["Ukraine", "Italy"]
summary = "Kyiv began consultations with Rome."
tags = ["security guarantees", "G7"]
author = "Desk"

[[sources]]
name = "Office of the President of Ukraine"
url = "https://www.president.gov.ua/en"
title = "Consultations begin"
date = 2023-08-02

[[sources]]
name = "Rubryka"
+++
Body text.
`
	y, yp := Load(siteFS(map[string]string{"content/briefings/a.md": validBriefing}), Options{Now: testNow})
	tm, tp := Load(siteFS(map[string]string{"content/briefings/a.md": toml}), Options{Now: testNow})
	if len(yp)+len(tp) != 0 {
		t.Fatalf("problems: %v %v", problemLines(yp), problemLines(tp))
	}
	a, b := y.Briefings[0], tm.Briefings[0]
	if a.Title != b.Title || !a.Date.Equal(b.Date) || len(a.Countries) != len(b.Countries) || len(a.Sources) != len(b.Sources) ||
		a.Sources[0] != b.Sources[0] || a.Summary != b.Summary || len(a.Tags) != len(b.Tags) || bodyOf(t, y, a) != bodyOf(t, tm, b) {
		t.Errorf("TOML briefing differs from YAML one:\n%+v\n%+v", b, a)
	}
}

func TestLoadAcceptsBOMAndCRLF(t *testing.T) {
	src := "\xef\xbb\xbf" + strings.ReplaceAll(validBriefing, "\n", "\r\n")
	s, probs := Load(siteFS(map[string]string{"content/briefings/a.md": src}), Options{Now: testNow})
	if len(probs) != 0 || len(s.Briefings) != 1 || s.Briefings[0].Title != "Ukraine and Italy open talks" {
		t.Fatalf("problems %v", problemLines(probs))
	}
	if b := s.Briefings[0]; bodyOf(t, s, b) != "Body text.\n" || b.BodyLine != 15 {
		t.Errorf("body = %q at line %d, want it without the CR", bodyOf(t, s, b), b.BodyLine)
	}
}

// TestLoadErrors checks the exact place and wording of errors, one file per
// case, in YAML and TOML alike.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // problem lines for content/briefings/x.md, in order
	}{
		{"empty file", "", []string{
			"x.md:1:1: error: no front matter (start the file with a --- line, the fields (title, date, countries, sources), and a closing --- line)"}},
		{"no front matter", "# Title\n\nText.\n", []string{
			"x.md:1:1: error: no front matter (start the file with a --- line, the fields (title, date, countries, sources), and a closing --- line)"}},
		{"never closed", "---\ntitle: x\ndate: 2023-01-01\n", []string{
			"x.md:1:1: error: front matter opened with --- is never closed (add a closing --- line after the last field)"}},
		{"missing fields", "---\ntitle: x\n---\n", []string{
			`x.md:1:1: error: missing required field "date" (add a line such as date: 2023-08-02)`,
			`x.md:1:1: error: missing required field "countries" (add a line such as countries: [Ukraine, Italy])`,
			`x.md:1:1: error: missing required field "sources" (add at least one source, e.g. sources: [{name: Reuters, url: "https://www.reuters.com/"}])`,
			`x.md:1:1: warning: no summary; the first paragraph will be used (add summary: one sentence shown in lists and feeds)`}},
		{"unknown key", "---\ntitle: x\ndate: 2023-01-01\ncontries: [Ukraine]\nsources: [Reuters]\nsummary: s\n---\n", []string{
			`x.md:1:1: error: missing required field "countries" (add a line such as countries: [Ukraine, Italy])`,
			`x.md:4:1: error: unknown field "contries" in briefing front matter (did you mean "countries"?)`}},
		{"unknown country", "---\ntitle: x\ndate: 2023-01-01\ncountries: [Ukraine, Ukriane]\nsources: [Reuters]\nsummary: s\n---\n", []string{
			`x.md:4:22: error: unknown country "Ukriane" (did you mean "Ukraine"?)`}},
		{"organisation", "---\ntitle: x\ndate: 2023-01-01\ncountries:\n  - NATO\nsources: [Reuters]\nsummary: s\n---\n", []string{
			`x.md:5:5: error: "NATO" is an organisation, not a country (list organisations in tags, e.g. tags: [NATO])`}},
		{"bad date", "---\ntitle: x\ndate: 2023-02-30\ncountries: [UA]\nsources: [Reuters]\nsummary: s\n---\n", []string{
			`x.md:3:7: error: date: impossible date "2023-02-30" (day out of range) (` + dateHint + `)`}},
		{"date yes", "---\ntitle: x\ndate: yes\ncountries: [UA]\nsources: [Reuters]\nsummary: s\n---\n", []string{
			`x.md:3:7: error: date: invalid date "yes" (` + dateHint + `)`}},
		{"updated before date", "---\ntitle: x\ndate: 2023-03-01\nupdated: 2023-02-01\ncountries: [UA]\nsources: [Reuters]\nsummary: s\n---\n", []string{
			`x.md:4:10: error: updated (2023-02-01T00:00:00Z) is before date (2023-03-01T00:00:00Z) (updated is the date of the last change, after date)`}},
		{"wrong types", "---\ntitle: [a]\ndate: 2023-01-01\ncountries: 5\nsources: [Reuters]\nsummary: s\ndraft: maybe\n---\n", []string{
			`x.md:2:8: error: title must be text, not a list (write it as text, in quotes if it contains a colon)`,
			`x.md:4:12: error: countries must be a list, not a number (write a list, e.g. countries: [first, second])`,
			`x.md:7:8: error: draft must be true or false, not text (write true or false)`}},
		{"bad source url", "---\ntitle: x\ndate: 2023-01-01\ncountries: [UA]\nsources:\n  - name: A\n    url: javascript:alert(1)\nsummary: s\n---\n", []string{
			`x.md:7:10: error: source url: URL scheme "javascript" is not allowed in "javascript:alert(1)" (use an absolute address starting with https:// or http://)`}},
		{"invalid yaml", "---\ntitle: \"unclosed\ndate: 2023-01-01\n---\n", nil},
		{"bad slug", "---\ntitle: x\ndate: 2023-01-01\ncountries: [UA]\nsources: [Reuters]\nsummary: s\nslug: ../etc\n---\n", []string{
			`x.md:7:7: error: invalid slug "../etc" (use lower-case letters a-z, digits and single hyphens, e.g. italy-talks)`}},
		{"toml unknown key and bad country", "+++\ntitle = \"x\"\ndate = 2023-01-01\ncountries = [\"Ukraine\", \"Narnia\"]\nsummary = \"s\"\nsoruces = [\"Reuters\"]\n+++\n", []string{
			`x.md:1:1: error: missing required field "sources" (add at least one source, e.g. sources: [{name: Reuters, url: "https://www.reuters.com/"}])`,
			`x.md:4:25: error: unknown country "Narnia" (use an English name or an ISO 3166 code such as UA or UKR)`,
			`x.md:6:1: error: unknown field "soruces" in briefing front matter (did you mean "sources"?)`}},
		{"toml source url", "+++\ntitle = \"x\"\ndate = 2023-01-01\ncountries = [\"UA\"]\nsummary = \"s\"\n\n[[sources]]\nname = \"A\"\nurl = \"file:///etc/passwd\"\n+++\n", []string{
			`x.md:9:7: error: source url: URL scheme "file" is not allowed in "file:///etc/passwd" (use an absolute address starting with https:// or http://)`}},
		{"toml duplicate key", "+++\ntitle = \"x\"\ntitle = \"y\"\n+++\n", []string{
			`x.md:3:1: error: field "title" is set twice (first on line 2)`}},
		{"yaml duplicate key", "---\ntitle: x\ntitle: y\n---\n", []string{
			`x.md:3:1: error: field "title" is set twice (first on line 2)`}},
		{"nul byte", "---\ntitle: a\x00b\n---\n", []string{
			`x.md:2:9: error: file contains a NUL byte; it is not text (save the file as plain UTF-8 text)`}},
		{"all front matter", "---\ntitle: T\ndate: 2023-01-01\ncountries: [UA]\nsources: [R]\nsummary: s\n---", nil},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", []string{
			`x.md:3:1: error: file contains a NUL byte; it is not text (save the file as plain UTF-8 text)`}},
		{"invalid utf-8", "---\ntitle: caf\xe9\n---\n", []string{
			`x.md:2:11: error: invalid UTF-8 byte 0xe9 (save the file as UTF-8)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := Load(siteFS(map[string]string{"content/briefings/x.md": tt.src}), Options{Now: testNow})
			got := problemLines(probs)
			for i := range got {
				got[i] = strings.TrimPrefix(got[i], "content/briefings/")
			}
			if tt.want == nil && tt.name == "all front matter" {
				if len(got) != 0 {
					t.Errorf("got %q, want no problem", got)
				}
				return
			}
			if tt.want == nil {
				// Only the place is fixed; the parser words the message.
				if len(got) != 1 || !strings.HasPrefix(got[0], "x.md:2:") || !strings.Contains(got[0], "invalid YAML") {
					t.Errorf("got %q, want one invalid YAML error on line 2", got)
				}
				return
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestLoadLargestBriefing: a briefing just under the size limit loads whole
// and quickly.
func TestLoadLargestBriefing(t *testing.T) {
	const para = "A paragraph of ordinary words, repeated to make a large file.\n\n"
	head := briefingWith("")
	body := strings.Repeat(para, (maxMarkdownSize-len(head))/len(para))
	start := time.Now()
	s, probs := Load(siteFS(map[string]string{"content/briefings/big.md": head + body}), Options{Now: testNow})
	if len(probs) != 0 || len(s.Briefings) != 1 {
		t.Fatalf("problems %v", problemLines(probs))
	}
	if got := bodyOf(t, s, s.Briefings[0]); len(got) != len("Body\n")+len(body) {
		t.Fatalf("body of %d bytes, want all %d", len(got), len("Body\n")+len(body))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("loading %d bytes took %v", len(head+body), d)
	}
}

// TestFileSizeLimit: a file above its limit is refused with its size and a
// hint, and the other files still load; site.yaml has a limit of its own.
func TestFileSizeLimit(t *testing.T) {
	big := make([]byte, maxMarkdownSize+1)
	copy(big, validBriefing)
	fsys := siteFS(map[string]string{"content/briefings/ok.md": validBriefing})
	fsys["content/briefings/big.md"] = &fstest.MapFile{Data: big}
	s, probs := Load(fsys, Options{Now: testNow})
	want := "content/briefings/big.md: error: file is 1.1 MB, more than the 1 MB allowed (split it, or move embedded data to static/)"
	if got := problemLines(probs); len(got) != 1 || got[0] != want {
		t.Fatalf("problems %q, want %q", got, want)
	}
	if len(s.Briefings) != 1 || bodyOf(t, s, s.Briefings[0]) != "Body text.\n" {
		t.Fatalf("loaded %d briefings, want ok.md with its body", len(s.Briefings))
	}

	cfg := []byte(goodConfig + "description: " + strings.Repeat("x", maxConfigSize) + "\n")
	fsys["site.yaml"] = &fstest.MapFile{Data: cfg}
	_, probs = Load(fsys, Options{Now: testNow})
	want = "site.yaml: error: file is 64.1 KB, more than the 64 KB allowed (site.yaml holds a few short settings; check that this is the right file)"
	if got := problemLines(probs); !slices.Contains(got, want) {
		t.Fatalf("problems %q, want %q among them", got, want)
	}
}

// grower is a file that is small when stat'ed and endless when read, as a
// file still being written: readFile must stop at the limit.
type grower struct{ fstest.MapFS }

func (g grower) Open(name string) (fs.File, error) {
	f, err := g.MapFS.Open(name)
	if err != nil || name != "content/briefings/grow.md" {
		return f, err
	}
	return &endless{File: f}, nil
}

type endless struct {
	fs.File
	read int
}

func (e *endless) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = 'x'
	}
	e.read += len(b)
	return len(b), nil
}

func TestReadFileStopsAtTheLimit(t *testing.T) {
	fsys := grower{fstest.MapFS{"content/briefings/grow.md": &fstest.MapFile{Data: []byte("small")}}}
	data, err := readFile(fsys, "content/briefings/grow.md", 1000)
	if data != nil || err == nil || err.Error() != "file is larger than the 1,000 bytes allowed" {
		t.Fatalf("readFile = %d bytes, %v", len(data), err)
	}
}

// TestHashCoversEveryInput: a record's Hash changes with anything its
// decoding reads (the path, the bytes, the time zone for briefings) and
// with nothing else.
func TestHashCoversEveryInput(t *testing.T) {
	const kyiv = "title: T\nbase_url: https://x.org/\ntimezone: Europe/Kyiv\n"
	files := map[string]string{
		"content/briefings/a.md":   briefingWith(""),
		"content/pages/about.md":   "---\ntitle: About\n---\nAbout us.\n",
		"content/countries/ua.md":  "Intro.\n",
		"content/stories/talks.md": "---\ntitle: Talks\n---\nThe story so far.\n",
	}
	type hashes struct{ briefing, page, intro, story uint64 }
	load := func(files map[string]string, now time.Time) hashes {
		t.Helper()
		s, probs := Load(siteFS(files), Options{Now: now})
		if probs.Errors() != 0 || len(s.Briefings) != 1 || len(s.Pages) != 1 || s.Intros["ua"] == nil || len(s.Stories) != 1 {
			t.Fatalf("load: %v", problemLines(probs))
		}
		return hashes{s.Briefings[0].Hash, s.Pages[0].Hash, s.Intros["ua"].Hash, s.Stories[0].Hash}
	}
	with := func(edit func(m map[string]string)) map[string]string {
		m := map[string]string{}
		for k, v := range files {
			m[k] = v
		}
		edit(m)
		return m
	}
	base := load(files, testNow)
	if base.briefing == 0 || base.page == 0 || base.intro == 0 || base.story == 0 {
		t.Fatalf("hashes not set: %+v", base)
	}
	if again := load(files, testNow); again != base {
		t.Errorf("same input, hashes %+v then %+v", base, again)
	}
	// now only decides warnings: the records are the same.
	if other := load(files, testNow.AddDate(-10, 0, 0)); other != base {
		t.Errorf("another now changed the hashes: %+v, %+v", base, other)
	}
	// Line endings are normalised before decoding: the records are the same.
	crlf := with(func(m map[string]string) {
		m["content/briefings/a.md"] = strings.ReplaceAll(m["content/briefings/a.md"], "\n", "\r\n")
	})
	if got := load(crlf, testNow); got != base {
		t.Errorf("CRLF changed the hashes: %+v, %+v", base, got)
	}
	for _, tt := range []struct {
		name                  string
		files                 map[string]string
		briefing, page, intro bool // which hashes must change
		story                 bool
	}{
		{"briefing bytes", with(func(m map[string]string) { m["content/briefings/a.md"] += "More.\n" }), true, false, false, false},
		{"briefing path", with(func(m map[string]string) {
			m["content/briefings/b.md"] = m["content/briefings/a.md"]
			delete(m, "content/briefings/a.md")
		}), true, false, false, false},
		{"time zone", with(func(m map[string]string) { m["site.yaml"] = kyiv }), true, false, false, false},
		{"page bytes", with(func(m map[string]string) { m["content/pages/about.md"] += "More.\n" }), false, true, false, false},
		{"page path", with(func(m map[string]string) {
			m["content/pages/who.md"] = m["content/pages/about.md"]
			delete(m, "content/pages/about.md")
		}), false, true, false, false},
		{"intro bytes", with(func(m map[string]string) { m["content/countries/ua.md"] = "Other.\n" }), false, false, true, false},
		{"story bytes", with(func(m map[string]string) { m["content/stories/talks.md"] += "More.\n" }), false, false, false, true},
		{"story path", with(func(m map[string]string) {
			m["content/stories/other.md"] = m["content/stories/talks.md"]
			delete(m, "content/stories/talks.md")
		}), false, false, false, true},
		{"briefing joins the story", with(func(m map[string]string) { m["content/briefings/a.md"] = briefingWith("story: talks\n") }), true, false, false, false},
	} {
		got := load(tt.files, testNow)
		if (got.briefing != base.briefing) != tt.briefing || (got.page != base.page) != tt.page || (got.intro != base.intro) != tt.intro || (got.story != base.story) != tt.story {
			t.Errorf("%s: hashes %+v, were %+v; want changed briefing %v, page %v, intro %v, story %v",
				tt.name, got, base, tt.briefing, tt.page, tt.intro, tt.story)
		}
	}
}

// bodyOf reads the body of a briefing of s, which the model does not hold.
func bodyOf(t *testing.T, s *site.Site, b *site.Briefing) string {
	t.Helper()
	if b.Body != nil {
		t.Errorf("%s: the model holds the body", b.Path)
	}
	body, err := s.Body(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

// TestBodyOfAChangedFile: a briefing's body is read from its file when
// asked, and not once the file is no longer what the briefing was made
// from.
func TestBodyOfAChangedFile(t *testing.T) {
	fsys := siteFS(map[string]string{"content/briefings/a.md": validBriefing})
	s, probs := Load(fsys, Options{Now: testNow})
	if len(probs) != 0 {
		t.Fatal(problemLines(probs))
	}
	b := s.Briefings[0]
	if got := bodyOf(t, s, b); got != "Body text.\n" {
		t.Errorf("body = %q", got)
	}
	fsys["content/briefings/a.md"] = &fstest.MapFile{Data: []byte(validBriefing + "More text.\n")}
	_, err := s.Body(b)
	var changed *ChangedError
	if !errors.As(err, &changed) || changed.Path != b.Path {
		t.Errorf("the body of a changed file: %v", err)
	}
}
