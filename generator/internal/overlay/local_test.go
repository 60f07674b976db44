package overlay

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

// walk lists the files of fsys with their contents.
func walk(t *testing.T, fsys fs.FS) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		files[p] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestLocalDoesNotFollowLinks(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "outside")
	writeFiles(t, outside, map[string]string{"shadow": "secret", "partials/x.html": "secret partial"})
	site := filepath.Join(dir, "templates")
	writeFiles(t, site, map[string]string{"base.html": "own base", "sub/own.html": "own"})
	symlink(t, filepath.Join(outside, "shadow"), filepath.Join(site, "page.html"))
	symlink(t, filepath.Join(outside, "partials"), filepath.Join(site, "partials"))
	symlink(t, "base.html", filepath.Join(site, "same-folder.html")) // inside, but still a link
	symlink(t, filepath.Join(outside, "shadow"), filepath.Join(site, ".hidden-link"))

	l := NewLocal(site, 1<<20, "template")
	if got, want := walk(t, l), map[string]string{"base.html": "own base", "sub/own.html": "own"}; !mapsEqual(got, want) {
		t.Errorf("walk = %v, want %v", got, want)
	}
	for _, name := range []string{"page.html", "partials/x.html", "same-folder.html"} {
		_, err := l.Open(name)
		var skipped *SkippedError
		if !errors.As(err, &skipped) || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%q) = %v, want a SkippedError that counts as not existing", name, err)
		}
	}
	if _, err := fs.ReadDir(l, "partials"); err == nil {
		t.Error("ReadDir(partials) went through the link")
	}
	got := l.Skipped()
	want := []Skip{{"page.html", fs.ModeSymlink}, {"partials", fs.ModeSymlink}, {"same-folder.html", fs.ModeSymlink}}
	if !slices.Equal(got, want) {
		t.Errorf("Skipped = %v, want %v (no leftover names)", got, want)
	}
	if again := l.Skipped(); len(again) != 0 {
		t.Errorf("Skipped again = %v, want nothing: each call reports what was skipped since the last", again)
	}
	if r := got[0].Reason(); r != "symbolic link not followed" {
		t.Errorf("Reason = %q", r)
	}

	// Over the theme, a skipped file gives way to the theme's own.
	o := FS{Top: l, Bottom: fstest.MapFS{"page.html": {Data: []byte("theme page")}, "partials/x.html": {Data: []byte("theme partial")}}}
	for name, want := range map[string]string{"page.html": "theme page", "partials/x.html": "theme partial", "base.html": "own base"} {
		if data, err := fs.ReadFile(o, name); err != nil || string(data) != want {
			t.Errorf("overlay ReadFile(%q) = %q, %v; want %q", name, data, err, want)
		}
	}
	if m, err := fs.Glob(o, "partials/*.html"); err != nil || !slices.Equal(m, []string{"partials/x.html"}) {
		t.Errorf("Glob = %v, %v", m, err)
	}
}

func TestLocalFolderItselfALink(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, filepath.Join(dir, "etc"), map[string]string{"shadow": "secret"})
	symlink(t, filepath.Join(dir, "etc"), filepath.Join(dir, "static"))
	l := NewLocal(filepath.Join(dir, "static"), 1<<20, "static file")
	o := FS{Top: l, Bottom: fstest.MapFS{"favicon.svg": {Data: []byte("theme")}}}
	if got := walk(t, o); !mapsEqual(got, map[string]string{"favicon.svg": "theme"}) {
		t.Errorf("walk = %v, want the theme's file alone", got)
	}
	if _, err := fs.ReadFile(o, "shadow"); err == nil {
		t.Error("a file was read through the folder's link")
	}
	if got := l.Skipped(); !slices.Equal(got, []Skip{{".", fs.ModeSymlink}}) {
		t.Errorf("Skipped = %v, want the folder itself", got)
	}

	// A missing folder is simply empty, and no warning.
	missing := NewLocal(filepath.Join(dir, "none"), 1<<20, "static file")
	if got := walk(t, FS{Top: missing, Bottom: fstest.MapFS{"a": {Data: []byte("a")}}}); !mapsEqual(got, map[string]string{"a": "a"}) {
		t.Errorf("walk over a missing folder = %v", got)
	}
	if got := missing.Skipped(); len(got) != 0 {
		t.Errorf("a missing folder was reported: %v", got)
	}
}

func TestLocalSizeLimit(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"small.html": "12345678", "big.html": strings.Repeat("x", 9)})
	l := NewLocal(dir, 8, "template")
	if data, err := fs.ReadFile(l, "small.html"); err != nil || string(data) != "12345678" {
		t.Errorf("ReadFile(small.html) = %q, %v", data, err)
	}
	_, err := fs.ReadFile(l, "big.html")
	var tooLarge *TooLargeError
	if !errors.As(err, &tooLarge) || tooLarge.Size != 9 || errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile(big.html) = %v, want a TooLargeError that does not fall back to the theme", err)
	}
	if got := tooLarge.Error(); got != "the file is 9 B, over the 8 B limit for a template" {
		t.Errorf("message = %q", got)
	}

	// A file that grows after it was opened stops at the limit.
	f, err := l.Open("small.html")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	writeFiles(t, dir, map[string]string{"small.html": strings.Repeat("y", 1000)})
	if data, err := io.ReadAll(f); !errors.As(err, &tooLarge) || len(data) > 9 {
		t.Errorf("reading a growing file gave %d bytes, %v; want at most the limit and an error", len(data), err)
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1 KiB", 1536: "1.5 KiB", 1 << 20: "1 MiB", 256 << 20: "256 MiB", 5 << 30: "5 GiB"} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
