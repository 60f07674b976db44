package load

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// loadProblems loads a site and returns its problem lines.
func loadProblems(t *testing.T, files map[string]string) []string {
	t.Helper()
	_, probs := Load(siteFS(files), Options{Now: testNow})
	return problemLines(probs)
}

// wantProblem fails unless exactly one problem line holds every part.
func wantProblem(t *testing.T, lines []string, parts ...string) {
	t.Helper()
	n := 0
	for _, l := range lines {
		if !slices.ContainsFunc(parts, func(p string) bool { return !strings.Contains(l, p) }) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("want one problem with %q, got:\n%s", parts, strings.Join(lines, "\n"))
	}
}

func TestCorrections(t *testing.T) {
	s, probs := Load(siteFS(map[string]string{
		"content/briefings/a.md": briefingWith("corrections:\n  - date: 2023-09-01\n    text: The amount is **€2.2 billion**.\n  - {date: 2023-08-05, text: \"A name was misspelt.\"}\n"),
	}), Options{Now: testNow})
	if probs.Errors() != 0 {
		t.Fatal(problemLines(probs))
	}
	b := s.Briefings[0]
	if len(b.Corrections) != 2 || b.Corrections[0].Text != "A name was misspelt." || b.Corrections[1].Text != "The amount is **€2.2 billion**." {
		t.Fatalf("corrections not decoded oldest first: %+v", b.Corrections)
	}
	// The latest correction counts as the briefing's update.
	if want := time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC); !b.Updated.Equal(want) {
		t.Errorf("updated %v, want %v", b.Updated, want)
	}

	for _, tt := range []struct {
		name, extra string
		want        []string
	}{
		{"before the briefing", "corrections:\n  - date: 2023-08-01\n    text: Wrong.\n",
			[]string{"a.md:8:5:", "correction dated 2023-08-01 is before the briefing's date (2023-08-02)"}},
		{"no text", "corrections:\n  - date: 2023-08-03\n", []string{"a.md:8:5:", "a correction needs text"}},
		{"empty text", "corrections:\n  - {date: 2023-08-03, text: \"\"}\n", []string{"a.md:8:", "correction text"}},
		{"no date", "corrections: [{text: Wrong.}]\n", []string{"a.md:7:", "a correction needs date"}},
		{"bad date", "corrections: [{date: 2023-02-30, text: Wrong.}]\n", []string{"a.md:7:", "correction date"}},
		{"unknown field", "corrections: [{date: 2023-08-03, text: Wrong., by: me}]\n", []string{"a.md:7:", `"by"`}},
		{"not a list item map", "corrections: [Wrong]\n", []string{"a.md:7:", "a correction must be a set of fields"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, loadProblems(t, map[string]string{"content/briefings/a.md": briefingWith(tt.extra)}), tt.want...)
		})
	}
}

func TestAliases(t *testing.T) {
	s, probs := Load(siteFS(map[string]string{
		"content/briefings/a.md": briefingWith("aliases: [/briefings/old/, /2024/03/x, /legacy/page.html]\n"),
	}), Options{Now: testNow})
	if probs.Errors() != 0 {
		t.Fatal(problemLines(probs))
	}
	var got []string
	for _, a := range s.Briefings[0].Aliases {
		got = append(got, a.Path)
	}
	if want := []string{"/briefings/old/", "/2024/03/x/", "/legacy/page.html"}; !slices.Equal(got, want) {
		t.Errorf("aliases %q, want %q", got, want)
	}

	for _, bad := range []string{
		"briefings/old/", "https://example.org/x/", "//example.org/x/", "/a/../b/", "/a/./b/", "/a//b/",
		`/a\b/`, "/a b/", "/a?x=1", "/a#top", "/", "/a/\u0007/", "/ü/",
	} {
		lines := loadProblems(t, map[string]string{"content/briefings/a.md": briefingWith("aliases: [" + yamlQuote(bad) + "]\n")})
		wantProblem(t, lines, "a.md:7:", "alias")
	}
}

// yamlQuote writes s as a double-quoted YAML scalar.
func yamlQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\u0007", `\a`)
	return `"` + r.Replace(s) + `"`
}

func TestAliasCollisions(t *testing.T) {
	lines := loadProblems(t, map[string]string{
		"content/briefings/a.md":   briefingWith("aliases: [/briefings/b/, /old/]\n"),
		"content/briefings/b.md":   briefingWith("aliases: [/old/, /about/, /tags/x/]\n"),
		"content/pages/about.md":   "---\ntitle: About\n---\nUs.\n",
		"content/briefings/c.md":   briefingWith("aliases: [/stories/s/]\n"),
		"content/stories/s.md":     "---\ntitle: S\n---\n",
		"content/briefings/d.md":   briefingWith("aliases: [/x/, /x]\n"),
		"content/briefings/z.md":   briefingWith("slug: zed\naliases: [/briefings/zed/]\n"),
		"content/briefings/ok.md":  briefingWith("aliases: [/fine/]\n"),
		"content/briefings/ok2.md": briefingWith(""),
	})
	wantProblem(t, lines, "content/briefings/a.md:7:11:", "alias /briefings/b/ is the address of content/briefings/b.md")
	wantProblem(t, lines, "content/briefings/b.md:7:11:", "alias /old/ is also an alias of content/briefings/a.md")
	wantProblem(t, lines, "content/briefings/b.md:7:18:", "alias /about/ is the address of content/pages/about.md")
	wantProblem(t, lines, "content/briefings/b.md:7:27:", "alias /tags/x/ is among the site's own addresses")
	wantProblem(t, lines, "content/briefings/c.md:7:", "alias /stories/s/ is the address of content/stories/s.md")
	wantProblem(t, lines, "content/briefings/d.md:7:", "alias /x/ is listed twice")
	wantProblem(t, lines, "content/briefings/z.md:8:", "alias /briefings/zed/ is the address of content/briefings/z.md")
	for _, l := range lines {
		if strings.Contains(l, "ok.md") || strings.Contains(l, "ok2.md") {
			t.Errorf("problem in a good file: %s", l)
		}
	}
}

func TestStories(t *testing.T) {
	s, probs := Load(siteFS(map[string]string{
		"content/stories/bilateral-agreements.md": "---\ntitle: Bilateral agreements\nsummary: From Vilnius on.\nstatus: concluded\n---\nThe **introduction**.\n",
		"content/stories/other.md":                "---\ntitle: Other\n---\n",
		"content/briefings/a.md":                  briefingWith("story: bilateral-agreements\n"),
	}), Options{Now: testNow})
	if probs.Errors() != 0 {
		t.Fatal(problemLines(probs))
	}
	if len(s.Stories) != 2 || s.Stories[0].Key != "bilateral-agreements" || !s.Stories[0].Concluded || s.Stories[1].Concluded ||
		s.Stories[0].Summary != "From Vilnius on." || string(s.Stories[0].Body) != "The **introduction**.\n" {
		t.Fatalf("stories: %+v", s.Stories)
	}
	if s.Briefings[0].Story != "bilateral-agreements" {
		t.Errorf("story key %q", s.Briefings[0].Story)
	}

	files := map[string]string{
		"content/stories/bilateral-agreements.md": "---\ntitle: B\n---\n",
		"content/briefings/a.md":                  briefingWith("story: bilateral-agreemnts\n"),
		"content/briefings/b.md":                  briefingWith("story: elections\n"),
		"content/briefings/c.md":                  briefingWith("story: Not A Key\n"),
		"content/stories/no-title.md":             "---\nsummary: S\n---\n",
		"content/stories/bad-status.md":           "---\ntitle: T\nstatus: paused\n---\n",
		"content/stories/Bad_Name.md":             "---\ntitle: T\n---\n",
	}
	lines := loadProblems(t, files)
	wantProblem(t, lines, "content/briefings/a.md:7:8:", `unknown story "bilateral-agreemnts"`, `did you mean "bilateral-agreements"?`)
	wantProblem(t, lines, "content/briefings/b.md:7:8:", `unknown story "elections"`, "create content/stories/elections.md")
	wantProblem(t, lines, "content/briefings/c.md:7:8:", `invalid story key "Not A Key"`)
	wantProblem(t, lines, "content/stories/no-title.md:1:1:", `missing required field "title"`)
	wantProblem(t, lines, "content/stories/bad-status.md:3:9:", `unknown story status "paused"`)
	wantProblem(t, lines, "content/stories/Bad_Name.md:1:1:", "cannot be a story's key")

	// A story file added later is seen by a reload: the key is known again.
	l := NewLoader(siteFS(files), Options{Now: testNow})
	l.Load(nil)
	fixed := siteFS(files)
	fixed["content/stories/elections.md"] = siteFS(map[string]string{"x": "---\ntitle: E\n---\n"})["x"]
	l.fsys = fixed
	_, probs = l.Load([]string{"content/stories/elections.md"})
	for _, line := range problemLines(probs) {
		if strings.Contains(line, `"elections"`) {
			t.Errorf("after adding the story: %s", line)
		}
	}
}
