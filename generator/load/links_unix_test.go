//go:build unix

package load

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"brief/generator/diag"
	"brief/generator/site"
)

// loadWithin runs load and fails the test when it does not return in time:
// opening a named pipe waits for a writer that never comes.
func loadWithin(t *testing.T, load func() (*site.Site, diag.List)) (*site.Site, diag.List) {
	t.Helper()
	type result struct {
		s     *site.Site
		probs diag.List
	}
	done := make(chan result, 1)
	go func() {
		s, probs := load()
		done <- result{s, probs}
	}()
	select {
	case r := <-done:
		return r.s, r.probs
	case <-time.After(10 * time.Second):
		t.Fatal("load did not return: a named pipe was opened")
	}
	return nil, nil
}

// TestNamedPipesAreNeverOpened: named pipes as site.yaml and as briefings,
// on a real disk, are reported without being opened.
func TestNamedPipesAreNeverOpened(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content/briefings"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/briefings/a.md"), []byte(briefingWith("")), 0o644)
	for _, p := range []string{"site.yaml", "content/briefings/pipe.md"} {
		if err := syscall.Mkfifo(filepath.Join(dir, p), 0o644); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
	}
	_, probs := loadWithin(t, func() (*site.Site, diag.List) { return Load(os.DirFS(dir), Options{Now: testNow}) })
	checkProblems(t, problemLines(probs), []string{
		"content/briefings/pipe.md: warning: a named pipe (FIFO), not a file; skipped (brief reads ordinary files only; replace it with one)",
		"site.yaml: error: site.yaml is a named pipe (FIFO), not a file; it was not opened (replace it with an ordinary file holding the settings)",
	})
}

// TestReloadFollowsNoLink: the dev server's incremental loads apply the
// rules of a full load to links, linked folders and named pipes that
// appear between loads, and give the same result.
func TestReloadFollowsNoLink(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(root, name, data string) {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(dir, "site.yaml", goodConfig)
	write(dir, "content/briefings/a.md", briefingWith(""))
	write(outside, "secret.md", briefingWith("slug: secret\n"))
	write(outside, "folder/x.md", briefingWith("slug: outside\n"))
	fsys := os.DirFS(dir)
	l := NewLoader(fsys, Options{Now: testNow})
	l.Load(nil)
	in := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }

	steps := []struct {
		name    string
		do      func() error
		changed []string
		want    []string // problem lines of the incremental load
	}{
		{"link to a file", func() error {
			return os.Symlink(filepath.Join(outside, "secret.md"), in("content/briefings/secret.md"))
		},
			[]string{"content/briefings/secret.md"}, []string{
				"content/briefings/secret.md: warning: symbolic link not followed (copy the file into content/ instead)"}},
		{"named pipe", func() error { return syscall.Mkfifo(in("content/briefings/pipe.md"), 0o644) },
			[]string{"content/briefings/pipe.md"}, []string{
				"content/briefings/pipe.md: warning: a named pipe (FIFO), not a file; skipped (brief reads ordinary files only; replace it with one)",
				"content/briefings/secret.md: warning: symbolic link not followed (copy the file into content/ instead)"}},
		{"file in a linked folder", func() error { return os.Symlink(filepath.Join(outside, "folder"), in("content/briefings/linked")) },
			[]string{"content/briefings/linked/x.md"}, []string{
				"content/briefings/pipe.md: warning: a named pipe (FIFO), not a file; skipped (brief reads ordinary files only; replace it with one)",
				"content/briefings/secret.md: warning: symbolic link not followed (copy the file into content/ instead)"}},
		{"the linked folder", func() error { return nil },
			[]string{"content/briefings/linked"}, []string{
				"content/briefings/linked: warning: symbolic link not followed (copy the file into content/ instead)",
				"content/briefings/pipe.md: warning: a named pipe (FIFO), not a file; skipped (brief reads ordinary files only; replace it with one)",
				"content/briefings/secret.md: warning: symbolic link not followed (copy the file into content/ instead)"}},
		{"links replaced by files", func() error {
			for _, p := range []string{"content/briefings/secret.md", "content/briefings/pipe.md", "content/briefings/linked"} {
				os.Remove(in(p))
			}
			write(dir, "content/briefings/secret.md", briefingWith("slug: mine\n"))
			return nil
		}, []string{"content/briefings/secret.md", "content/briefings/pipe.md", "content/briefings/linked"}, nil},
		{"content/briefings becomes a link", func() error {
			os.Rename(in("content/briefings"), in("content/old"))
			return os.Symlink(filepath.Join(outside, "folder"), in("content/briefings"))
		}, []string{"content/briefings", "content/old"}, []string{
			"content/briefings: warning: symbolic link not followed (copy the file into content/ instead)",
			"content/old/a.md: warning: not in a known content folder; ignored (briefings go in content/briefings/, pages in content/pages/)",
			"content/old/secret.md: warning: not in a known content folder; ignored (briefings go in content/briefings/, pages in content/pages/)"}},
		{"content becomes a link", func() error {
			os.Rename(in("content"), in("content.old"))
			return os.Symlink(filepath.Join(outside), in("content"))
		}, []string{"content", "content.old"}, []string{
			"content: error: content/ is a symbolic link; brief does not follow links (copy the folder into the site)"}},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got, gotProbs := loadWithin(t, func() (*site.Site, diag.List) { return l.Load(st.changed) })
		want, wantProbs := loadWithin(t, func() (*site.Site, diag.List) { return Load(fsys, Options{Now: testNow}) })
		checkProblems(t, problemLines(gotProbs), st.want)
		if st.name == "file in a linked folder" {
			// Only part of what a watcher reports: the link itself
			// comes in the next step, and a full load sees it now.
			continue
		}
		if g, w := strings.Join(problemLines(gotProbs), "\n"), strings.Join(problemLines(wantProbs), "\n"); g != w {
			t.Errorf("%s: incremental problems\n%s\nfull\n%s", st.name, g, w)
		}
		if g, w := summarise(got.Briefings), summarise(want.Briefings); g != w {
			t.Errorf("%s: incremental briefings %s, full %s", st.name, g, w)
		}
		if got.BriefingFiles != want.BriefingFiles {
			t.Errorf("%s: %d briefing files, full load %d", st.name, got.BriefingFiles, want.BriefingFiles)
		}
		for _, b := range got.Briefings {
			if b.Slug == "secret" || b.Slug == "outside" {
				t.Errorf("%s: %s was read from outside the site", st.name, b.Path)
			}
		}
	}
}
