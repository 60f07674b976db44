//go:build unix

package generator

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"brief/internal/sitetest"
)

// TestOutputModesUnderUmask022: under the usual umask 022, the output is
// readable by a web server running as another user, folders 0755 and
// files 0644, the output folder itself, a nested folder, a page and a file
// from static/ included: after a first build, after a rebuild that carries
// pages over, after a build that found nothing to change, and even when
// the previous output was written under a private umask or a page was
// made private by hand (such files are written again, not carried over).
func TestOutputModesUnderUmask022(t *testing.T) {
	dir := sitetest.WriteSite(t, fixture(testConfig, map[string]string{
		"content/briefings/a.md": briefingFile("A", "2024-01-01", []string{"Italy"}, ""),
		"content/briefings/b.md": briefingFile("B", "2024-01-02", []string{"Japan"}, ""),
		"static/img/logo.svg":    `<svg xmlns="http://www.w3.org/2000/svg"/>`,
	}))
	out := filepath.Join(dir, "public")
	checked := []string{".", "briefings", "briefings/a", "briefings/a/index.html", "countries/it/feed.xml", "img", "img/logo.svg", "css/site.css"}
	modes := func(step string, wantDir, wantFile fs.FileMode) {
		t.Helper()
		for _, rel := range checked {
			fi, err := os.Lstat(filepath.Join(out, filepath.FromSlash(rel)))
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			want := wantFile
			if fi.IsDir() {
				want = wantDir
			}
			if got := fi.Mode().Perm(); got != want {
				t.Errorf("%s: %s is %v, want %v", step, rel, got, want)
			}
		}
	}
	withUmask := func(mask int, build func()) {
		old := syscall.Umask(mask)
		defer syscall.Umask(old)
		build()
	}

	withUmask(0o077, func() { mustBuild(t, BuildOptions{Src: dir}) })
	modes("under umask 077", 0o700, 0o600)

	withUmask(0o022, func() {
		if res := mustBuild(t, BuildOptions{Src: dir}); res.Unchanged || res.Reused > 0 {
			t.Errorf("the private output was kept (unchanged %v, %d files carried over)", res.Unchanged, res.Reused)
		}
	})
	modes("rebuilt under umask 022 after a build under 077", 0o755, 0o644)

	withUmask(0o022, func() {
		if res := mustBuild(t, BuildOptions{Src: dir}); !res.Unchanged {
			t.Error("a build with nothing changed was not recognised as one")
		}
	})
	modes("nothing changed", 0o755, 0o644)

	writeSiteFile(t, dir, "content/briefings/b.md", briefingFile("B", "2024-01-02", []string{"Japan"}, "")+"More.\n")
	page := filepath.Join(out, "briefings", "a", "index.html")
	if err := os.Chmod(page, 0o600); err != nil {
		t.Fatal(err)
	}
	withUmask(0o022, func() {
		if res := mustBuild(t, BuildOptions{Src: dir}); res.Reused == 0 {
			t.Error("no page was carried over: the check below would prove nothing")
		}
	})
	modes("an edit, and a page made private by hand", 0o755, 0o644)
}
