package load

import (
	"os"
	"path/filepath"
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
