package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/internal/sitetest"
)

// TestBuildCache repeats builds with the cache and checks each output
// against a build from scratch: unchanged, one briefing edited, a file of
// the output edited by hand, a template edited, the cache corrupted or
// deleted.
func TestBuildCache(t *testing.T) {
	files := map[string]string{}
	for i := range 30 {
		files[fmt.Sprintf("content/briefings/b%02d.md", i)] = briefingFile(fmt.Sprintf("B%d", i), fmt.Sprintf("2024-01-%02d", i%9+1),
			[]string{[]string{"Ukraine", "Italy", "France"}[i%3]}, "")
	}
	dir := sitetest.WriteSite(t, fixture(testConfig, files))
	out := filepath.Join(dir, "public")
	cacheFile := filepath.Join(dir, ".brief-cache", "public.gob")

	check := func(step string, res BuildResult) {
		t.Helper()
		fresh := filepath.Join(t.TempDir(), "public")
		if _, err := Build(BuildOptions{Src: dir, Out: fresh, Now: buildNow, NoCache: true}); err != nil {
			t.Fatal(err)
		}
		if err := sameFiles(snapshot(t, fresh), snapshot(t, out)); err != nil {
			t.Errorf("%s: output differs from a build from scratch: %v", step, err)
		}
	}
	res := mustBuild(t, BuildOptions{Src: dir})
	if res.Reused != 0 || res.Unchanged {
		t.Errorf("first build reused %d files", res.Reused)
	}
	if _, err := os.Stat(cacheFile); err != nil {
		t.Fatalf("no cache written: %v", err)
	}
	check("first build", res)

	res = mustBuild(t, BuildOptions{Src: dir})
	if !res.Unchanged || !strings.Contains(res.Summary(), "nothing changed") {
		t.Errorf("unchanged site: Unchanged = %v, %s", res.Unchanged, res.Summary())
	}
	check("unchanged", res)

	p := filepath.Join(dir, "content/briefings/b05.md")
	src, _ := os.ReadFile(p)
	os.WriteFile(p, append(src, "\nA new sentence.\n"...), 0o644)
	res = mustBuild(t, BuildOptions{Src: dir})
	if res.Unchanged || res.Reused < res.Pages/2 {
		t.Errorf("one edit: reused %d of %d pages", res.Reused, res.Pages)
	}
	check("one briefing edited", res)

	// A page of the output edited by hand is not trusted.
	page := filepath.Join(out, "briefings/b07/index.html")
	os.WriteFile(page, []byte("tampered"), 0o644)
	res = mustBuild(t, BuildOptions{Src: dir})
	if res.Unchanged {
		t.Error("a tampered output was left as it was")
	}
	check("output tampered with", res)

	// The same for an old briefing that no feed carries, whose body the
	// cache has converted but not kept.
	os.WriteFile(filepath.Join(out, "briefings/b00/index.html"), []byte("tampered"), 0o644)
	res = mustBuild(t, BuildOptions{Src: dir})
	check("old page tampered with", res)

	// A new title shows on the pages that link to the briefing.
	p = filepath.Join(dir, "content/briefings/b18.md")
	src, _ = os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(src), `title: "B18"`, `title: "B18 renamed"`, 1)), 0o644)
	res = mustBuild(t, BuildOptions{Src: dir})
	if page, _ := os.ReadFile(filepath.Join(out, "briefings/b18/index.html")); res.Unchanged || res.Reused == 0 || !strings.Contains(string(page), "B18 renamed") {
		t.Errorf("title edited: reused %d files, unchanged %v", res.Reused, res.Unchanged)
	}
	check("title edited", res)

	os.MkdirAll(filepath.Join(dir, "templates"), 0o755)
	os.WriteFile(filepath.Join(dir, "templates/page.html"), []byte(`{{define "main"}}<h1>{{.Title}}</h1>{{.Body}}{{end}}`), 0o644)
	os.MkdirAll(filepath.Join(dir, "content/pages"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/pages/about.md"), []byte("---\ntitle: About\n---\nText.\n"), 0o644)
	res = mustBuild(t, BuildOptions{Src: dir})
	check("template and page added", res)

	os.WriteFile(cacheFile, []byte("not a cache"), 0o644)
	res = mustBuild(t, BuildOptions{Src: dir})
	if res.Reused != 0 {
		t.Errorf("a corrupt cache was used: %d files reused", res.Reused)
	}
	check("corrupt cache", res)

	os.RemoveAll(filepath.Join(dir, ".brief-cache"))
	res = mustBuild(t, BuildOptions{Src: dir, Now: buildNow.Add(time.Hour)})
	check("cache deleted", res)
}
