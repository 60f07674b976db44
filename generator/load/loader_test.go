package load

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"brief/generator/site"
)

// TestLoaderMatchesAFullLoad edits, adds, removes and breaks files between
// incremental loads and checks each result against a load from scratch.
func TestLoaderMatchesAFullLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.yaml", goodConfig)
	write("content/briefings/a.md", briefingWith(""))
	write("content/briefings/b.md", briefingWith("tags: [x]\n"))
	fsys := os.DirFS(dir)
	l := NewLoader(fsys, Options{Now: testNow})
	l.Load(nil)

	steps := []struct {
		name    string
		do      func()
		changed []string
	}{
		{"edit", func() {
			write("content/briefings/a.md", strings.Replace(briefingWith(""), "title: T", "title: Edited", 1))
		}, []string{"content/briefings/a.md"}},
		{"add", func() { write("content/briefings/c.md", briefingWith("slug: cee\n")) }, []string{"content/briefings/c.md"}},
		{"break", func() { write("content/briefings/b.md", "---\ntitle: [\n---\n") }, []string{"content/briefings/b.md"}},
		{"duplicate slug", func() { write("content/briefings/d.md", briefingWith("slug: cee\n")) }, []string{"content/briefings/d.md"}},
		{"remove", func() { os.Remove(filepath.Join(dir, "content/briefings/d.md")) }, []string{"content/briefings/d.md"}},
		{"leftover", func() { write("content/briefings/.a.md.swp", "junk") }, []string{"content/briefings/.a.md.swp"}},
		{"file in a leftover folder", func() { write("content/briefings/_drafts/f.md", "junk") }, []string{"content/briefings/_drafts/f.md"}},
		{"new folder", func() { write("content/briefings/2024/e.md", briefingWith("slug: e\n")) }, []string{"content/briefings/2024"}},
		{"remove folder", func() { os.RemoveAll(filepath.Join(dir, "content/briefings/2024")) }, []string{"content/briefings/2024"}},
		{"text only", func() {
			write("content/briefings/a.md", strings.Replace(briefingWith(""), "Body", "Body, longer", 1))
		}, []string{"content/briefings/a.md"}},
		{"date moves it", func() {
			write("content/briefings/a.md", strings.Replace(briefingWith(""), "2023-08-02", "2021-05-05", 1))
		}, []string{"content/briefings/a.md"}},
		{"date moves it back", func() {
			write("content/briefings/a.md", strings.Replace(briefingWith(""), "2023-08-02", "2025-05-05", 1))
		}, []string{"content/briefings/a.md"}},
		{"slug collides", func() { write("content/briefings/a.md", briefingWith("slug: cee\n")) }, []string{"content/briefings/a.md"}},
		{"text of a colliding one", func() {
			write("content/briefings/a.md", strings.Replace(briefingWith("slug: cee\n"), "Body", "Other body", 1))
		}, []string{"content/briefings/a.md"}},
		{"slug apart", func() { write("content/briefings/a.md", briefingWith("slug: ay\n")) }, []string{"content/briefings/a.md"}},
		{"repair", func() { write("content/briefings/b.md", briefingWith("tags: [x]\n")) }, []string{"content/briefings/b.md"}},
		{"text of two", func() {
			write("content/briefings/a.md", strings.Replace(briefingWith("slug: ay\n"), "title: T", "title: Again", 1))
			write("content/briefings/b.md", strings.Replace(briefingWith("tags: [x]\n"), "Body", "Body of b", 1))
		}, []string{"content/briefings/a.md", "content/briefings/b.md"}},
		{"an unknown field", func() {
			write("content/briefings/b.md", briefingWith("tags: [x]\nunknown_key: 1\n"))
		}, []string{"content/briefings/b.md"}},
		{"text while another file has an error", func() {
			write("content/briefings/a.md", strings.Replace(briefingWith("slug: ay\n"), "title: T", "title: Third", 1))
		}, []string{"content/briefings/a.md"}},
		{"settings", func() { write("site.yaml", goodConfig+"per_page: 3\n") }, []string{"site.yaml"}},
		{"template only", func() { write("templates/x.html", "x") }, []string{"templates/x.html"}},
	}
	for _, st := range steps {
		st.do()
		got, gotProbs := l.Load(st.changed)
		want, wantProbs := Load(fsys, Options{Now: testNow})
		if g, w := summarise(got.Briefings), summarise(want.Briefings); g != w {
			t.Errorf("%s: incremental briefings %s, full %s", st.name, g, w)
		}
		if g, w := strings.Join(problemLines(gotProbs), "\n"), strings.Join(problemLines(wantProbs), "\n"); g != w {
			t.Errorf("%s: incremental problems\n%s\nfull\n%s", st.name, g, w)
		}
		if got.Config.PerPage != want.Config.PerPage || got.BriefingFiles != want.BriefingFiles {
			t.Errorf("%s: config or counts differ", st.name)
		}
	}
}

func summarise(bs []*site.Briefing) string {
	var parts []string
	for _, b := range bs {
		parts = append(parts, b.Path+"="+b.Slug+":"+b.Title)
	}
	return strings.Join(parts, ",")
}

// describe writes out everything of a site a render reads, editions
// included, for comparing two loads.
func describe(s *site.Site) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %q %d files\n", s.Config.Language, s.Config.Lang, s.Config.Title, s.BriefingFiles)
	for _, x := range s.Briefings {
		fmt.Fprintf(&b, "%+v\n", *x)
	}
	for _, x := range s.Pages {
		fmt.Fprintf(&b, "%+v\n", *x)
	}
	keys := make([]string, 0, len(s.Intros))
	for k := range s.Intros {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %+v\n", k, *s.Intros[k])
	}
	for _, e := range s.Editions {
		b.WriteString("edition " + describe(e))
	}
	return b.String()
}

// editionSteps are changes to a site with a Ukrainian edition: translations
// added, edited and removed, originals changed under them (fields their
// translations take, dates, updates), removed and restored.
var editionSteps = []struct {
	name   string
	writes map[string]string // "" removes the file
	shows  string            // a problem line or a part of describe's text the step must bring
}{
	{"add a translation", map[string]string{"content/briefings/b.uk.md": "---\ntitle: Б\nsummary: П\n---\nТекст.\n"}, ""},
	{"edit a translation", map[string]string{"content/briefings/b.uk.md": "---\ntitle: Б, знову\nsummary: П\n---\nТекст.\n"}, ""},
	{"the original's countries", map[string]string{"content/briefings/b.md": strings.Replace(briefingWith(""), "[UA]", "[UA, Italy]", 1)}, ""},
	{"the original's text only", map[string]string{"content/briefings/b.md": strings.Replace(briefingWith(""), "Body", "Longer body", 1)}, ""},
	{"the original's date", map[string]string{"content/briefings/b.md": strings.Replace(briefingWith(""), "2023-08-02", "2020-01-01", 1)}, ""},
	{"the original updated", map[string]string{"content/briefings/a.md": briefingWith("updated: 2024-05-01\n")}, "a.uk.md: warning: translation is older than its original (updated 2024-05-01)"},
	{"the translation catches up", map[string]string{"content/briefings/a.uk.md": "---\ntitle: А\nsummary: П\nupdated: 2024-05-02\n---\n"}, ""},
	{"a slug of its own", map[string]string{"content/briefings/a.uk.md": "---\ntitle: А\nsummary: П\nslug: b\nupdated: 2024-05-02\n---\n"}, ""},
	{"the original's slug", map[string]string{"content/briefings/b.md": briefingWith("slug: bee\naliases: [/briefings/b/]\n")}, ""},
	{"an edition's own briefing", map[string]string{"content/briefings/c.uk.md": "---\ntitle: В\ndate: 2024-01-01\ncountries: [Італія]\nsources: [R]\nsummary: П\n---\n"}, ""},
	{"an unknown country in it", map[string]string{"content/briefings/c.uk.md": "---\ntitle: В\ndate: 2024-01-01\ncountries: [Італя]\nsources: [R]\nsummary: П\n---\n"}, `unknown country "Італя" (did you mean "Італія"?)`},
	{"its original appears", map[string]string{"content/briefings/c.md": briefingWith("")}, ""},
	{"an original removed", map[string]string{"content/briefings/b.md": ""}, `b.uk.md:1:1: error: missing required field "date"`},
	{"the original back", map[string]string{"content/briefings/b.md": briefingWith("")}, ""},
	{"a translation removed", map[string]string{"content/briefings/a.uk.md": ""}, ""},
	{"a broken translation", map[string]string{"content/briefings/b.uk.md": "---\ntitle: [\n---\n"}, ""},
	{"a broken original", map[string]string{"content/briefings/b.md": "no front matter\n"}, ""},
	{"both repaired", map[string]string{"content/briefings/b.md": briefingWith(""), "content/briefings/b.uk.md": "---\ntitle: Б\nsummary: П\n---\n"}, ""},
	{"a page and its translation", map[string]string{"content/pages/about.md": "---\ntitle: About\nslug: about-us\n---\n", "content/pages/about.uk.md": "---\ntitle: Про нас\n---\n"}, ""},
	{"the page's slug", map[string]string{"content/pages/about.md": "---\ntitle: About\nslug: about\n---\n"}, "Path:content/pages/about.uk.md Lang:uk Slug:about "},
	{"intros", map[string]string{"content/countries/it.md": "Italy.\n", "content/countries/it.uk.md": "Італія.\n"}, ""},
	{"an intro's translation removed", map[string]string{"content/countries/it.uk.md": ""}, ""},
	{"a translation in a new folder", map[string]string{"content/briefings/2024/d.md": briefingWith("slug: d\n"), "content/briefings/2024/d.uk.md": "---\ntitle: Г\nsummary: П\n---\n"}, ""},
	{"the edition dropped", map[string]string{"site.yaml": goodConfig}, `file name "b.uk.md" does not give a valid slug`},
	{"the edition back", map[string]string{"site.yaml": editionsConfig}, ""},
}

// TestLoaderMatchesAFullLoadWithEditions runs editionSteps through a
// Loader and compares each result, editions and all, with a load from
// scratch.
func TestLoaderMatchesAFullLoadWithEditions(t *testing.T) {
	dir := t.TempDir()
	apply := func(writes map[string]string) []string {
		var changed []string
		for name, data := range writes {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if data == "" {
				os.Remove(p)
			} else {
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			changed = append(changed, name)
			if d := path.Dir(name); d == "content/briefings/2024" {
				changed = append(changed, d)
			}
		}
		sort.Strings(changed)
		return changed
	}
	apply(map[string]string{
		"site.yaml":                 editionsConfig,
		"content/briefings/a.md":    briefingWith(""),
		"content/briefings/a.uk.md": "---\ntitle: А\nsummary: П\n---\n",
		"content/briefings/b.md":    briefingWith(""),
	})
	fsys := os.DirFS(dir)
	l := NewLoader(fsys, Options{Now: testNow})
	l.Load(nil)
	for _, st := range editionSteps {
		changed := apply(st.writes)
		if shown := compareWithFullLoad(t, st.name, l, fsys, changed); !strings.Contains(shown, st.shows) {
			t.Errorf("%s: no %q in\n%s", st.name, st.shows, shown)
		}
	}
}

// TestLoaderMatchesAFullLoadRandomly makes random changes to the files of
// a site with an edition, originals and translations alike, and compares
// every incremental load with a load from scratch.
func TestLoaderMatchesAFullLoadRandomly(t *testing.T) {
	dir := t.TempDir()
	files := []string{
		"content/briefings/a.md", "content/briefings/a.uk.md", "content/briefings/b.md", "content/briefings/b.uk.md",
		"content/briefings/c.uk.md", "content/pages/p.md", "content/pages/p.uk.md",
	}
	briefings := []string{
		"", briefingWith(""), briefingWith("slug: same\n"), briefingWith("updated: 2024-02-02\n"),
		strings.Replace(briefingWith("tags: [x]\n"), "2023-08-02", "2022-02-02", 1), "---\ntitle: [\n---\n",
		"---\ntitle: Т\nsummary: П\n---\n", "---\ntitle: Т\nsummary: П\nslug: same\n---\n",
		"---\ntitle: Т\nsummary: П\nupdated: 2024-03-03\ncountries: [Італія]\n---\n",
		"---\ntitle: Т\ndate: 2024-01-01\ncountries: [Україна]\nsources: [R]\nsummary: П\n---\n",
	}
	pages := []string{"", "---\ntitle: P\n---\n", "---\ntitle: P\nslug: pp\ndraft: true\n---\n", "---\ntitle: П\nslug: same\n---\n"}
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if data == "" {
			os.Remove(p)
			return
		}
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.yaml", editionsConfig)
	write("content/briefings/a.md", briefingWith(""))
	fsys := os.DirFS(dir)
	l := NewLoader(fsys, Options{Now: testNow})
	l.Load(nil)
	rng := rand.New(rand.NewPCG(15, 2024))
	for step := range 300 {
		var changed []string
		for range 1 + rng.IntN(2) {
			name := files[rng.IntN(len(files))]
			variants := briefings
			if strings.HasPrefix(name, "content/pages/") {
				variants = pages
			}
			data := variants[rng.IntN(len(variants))]
			write(name, data)
			changed = append(changed, name)
		}
		compareWithFullLoad(t, fmt.Sprintf("step %d (%v)", step, changed), l, fsys, changed)
		if t.Failed() {
			break
		}
	}
}

// compareWithFullLoad loads the changed files with l and the whole site
// from scratch, and reports any difference. It returns the site as
// describe writes it, followed by the problems.
func compareWithFullLoad(t *testing.T, name string, l *Loader, fsys fs.FS, changed []string) string {
	t.Helper()
	got, gotProbs := l.Load(changed)
	want, wantProbs := Load(fsys, Options{Now: testNow})
	if g, w := describe(got), describe(want); g != w {
		t.Errorf("%s: incremental load\n%s\nfull load\n%s", name, g, w)
	}
	if g, w := strings.Join(problemLines(gotProbs), "\n"), strings.Join(problemLines(wantProbs), "\n"); g != w {
		t.Errorf("%s: incremental problems\n%s\nfull\n%s", name, g, w)
	}
	return describe(got) + strings.Join(problemLines(gotProbs), "\n")
}
