package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/generator/output"
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

// TestNoStraysAgreesWithTheWalk checks the shortcut of the stray check,
// folder times, against the walk of every folder: whatever is added to an
// output after its folders were stamped, the shortcut may say "nothing
// there" only when the walk finds nothing.
func TestNoStraysAgreesWithTheWalk(t *testing.T) {
	dir := sitetest.WriteSite(t, fixture(testConfig, map[string]string{
		"content/briefings/a.md": briefingFile("A", "2024-01-01", []string{"Italy"}, ""),
		"content/briefings/b.md": briefingFile("B", "2024-01-02", []string{"Japan"}, ""),
	}))
	out := filepath.Join(dir, "public")
	mustBuild(t, BuildOptions{Src: dir})
	bc := openBuildCache(out, false)
	var names []string
	for name := range output.Recorded(out) {
		names = append(names, name)
	}
	// Stamps of a swap long before the folders' last change: all trusted.
	bc.folders = bc.folderStamps(names, nil, time.Now().Add(time.Hour))
	for d, stamp := range bc.folders {
		if stamp == racyFolder {
			t.Fatalf("%s is racy", d)
		}
	}
	walk := func(keep []string) []string {
		t.Helper()
		st, err := output.Begin(out) // writes beside the output, not into it
		if err != nil {
			t.Fatal(err)
		}
		defer st.Abort()
		strays, err := st.Strays(bc.wrote, keep)
		if err != nil {
			t.Fatal(err)
		}
		return strays
	}
	check := func(step string, keep []string, wantStrays bool) {
		t.Helper()
		strays := walk(keep)
		if (len(strays) > 0) != wantStrays {
			t.Errorf("%s: the walk found %v, want strays: %v", step, strays, wantStrays)
		}
		short := bc.noStrays(bc.wrote, keep)
		if short && len(strays) > 0 {
			t.Errorf("%s: the shortcut missed %v", step, strays)
		}
		if !short && len(strays) == 0 && keep == nil {
			t.Errorf("%s: the shortcut found strays where there are none", step)
		}
	}
	check("as built", nil, false)
	os.WriteFile(filepath.Join(out, "CNAME"), []byte("x"), 0o644)
	check("CNAME added", nil, true)
	check("CNAME added, kept", []string{"CNAME"}, false) // another keep: list than the stamps': walked
	os.Remove(filepath.Join(out, "CNAME"))
	check("CNAME removed again", nil, false)
	os.WriteFile(filepath.Join(out, "briefings/a/notes.txt"), []byte("x"), 0o644)
	check("a file beside a page", nil, true)
	os.Remove(filepath.Join(out, "briefings/a/notes.txt"))
	check("that file removed", nil, false)
	os.MkdirAll(filepath.Join(out, "countries/it/extra"), 0o755)
	os.WriteFile(filepath.Join(out, "countries/it/extra/x.txt"), []byte("x"), 0o644)
	check("a new folder", nil, true)
	os.RemoveAll(filepath.Join(out, "countries/it/extra"))
	os.WriteFile(filepath.Join(out, "index.html"), []byte("edited by hand"), 0o644)
	check("a page edited", nil, false)

	// A file added right after the swap, before the folders are stamped,
	// shares its folder's time with them: folders stamped that close to
	// the swap are listed by every check.
	os.WriteFile(filepath.Join(out, "CNAME"), []byte("x"), 0o644)
	bc.folders = bc.folderStamps(names, nil, time.Now())
	if bc.folders["."] != racyFolder {
		t.Errorf("the output folder, changed just now, was stamped %d", bc.folders["."])
	}
	check("CNAME added just after the swap", nil, true)
}
