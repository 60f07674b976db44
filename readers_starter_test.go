package main

import (
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"brief/generator"
)

// TestReadersStarterSite puts the site brief init starts through the
// readers' checks of the example site: every page's structure and
// metadata, every feed, the feed list and the sitemap, and axe-core in
// Chromium on every page. .ci/run adds the W3C Nu HTML Checker.
func TestReadersStarterSite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := generator.InitSite(generator.InitOptions{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	s := buildSite(t, dir)
	s.minPages, s.minFeeds = 10, 5
	s.emptyFeeds = []string{"corrections/feed.xml"} // the example has none yet
	t.Run("pages", func(t *testing.T) { checkPages(t, s) })
	t.Run("feeds", func(t *testing.T) { checkFeeds(t, s) })
	t.Run("axe", func(t *testing.T) {
		if testing.Short() {
			t.Skip("the browser checks run in the full test pass; -short (CI's race pass) leaves them out")
		}
		ctx := newBrowser(t)
		srv := httptest.NewServer(http.FileServer(http.Dir(s.out)))
		t.Cleanup(srv.Close)
		var pages []axeTarget
		for _, rel := range s.browserPages(t) {
			pages = append(pages, axeTarget{path: urlPath(rel)})
		}
		checkAxe(t, ctx, srv.URL, pages, pages)
	})
}

// TestStarterSiteByTheCommandLine follows the README: brief init, then
// brief build in the new folder, as separate commands of the built binary.
func TestStarterSiteByTheCommandLine(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	for _, step := range []struct {
		dir  string
		args []string
		want string
	}{
		{"", []string{"init", dir}, "brief build"},
		{dir, []string{"build"}, "built public: "},
	} {
		cmd := briefCommand(step.args...)
		cmd.Dir = step.dir
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), step.want) {
			t.Fatalf("brief %s: %v\n%s", strings.Join(step.args, " "), err, out)
		}
	}
	if _, err := exec.LookPath("git"); err == nil {
		// What a build leaves in the site is all ignored by git.
		git := exec.Command("git", "init", "-q")
		git.Dir = dir
		if out, err := git.CombinedOutput(); err != nil {
			t.Fatalf("git init: %v %s", err, out)
		}
		status := exec.Command("git", "status", "--porcelain", "--untracked-files=all")
		status.Dir = dir
		out, err := status.Output()
		if err != nil {
			t.Fatal(err)
		}
		var files []string
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			files = append(files, strings.TrimPrefix(line, "?? "))
		}
		want := "[.github/workflows/pages.yml .gitignore content/briefings/2024-07-08-japan-philippines-reciprocal-access.md site.yaml]"
		if got := "[" + strings.Join(files, " ") + "]"; got != want {
			t.Errorf("git sees %s, want only the sources %s", got, want)
		}
	}
}
