package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// write puts files (name → content) under dir.
func write(t *testing.T, dir string, files map[string]string) {
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

func read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// publish writes an output folder the way a build does.
func publish(t *testing.T, out string, files map[string]string) {
	t.Helper()
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := s.WriteFile(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestRewritingACarriedOverFileLeavesTheLiveOutput carries a file over from
// the live output by a hard link, then writes a file of the same name, as a
// static file named like a generated page once did: the live output's file
// must keep its bytes, during the build, after a failed swap, and, under
// the name the previous output had for it, after a successful one.
func TestRewritingACarriedOverFileLeavesTheLiveOutput(t *testing.T) {
	for _, how := range []string{"WriteFile", "WriteFrom"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "public")
			publish(t, out, map[string]string{"robots.txt": "old robots", "index.html": "old index"})
			live := filepath.Join(out, "robots.txt")
			// A second name for the live file's inode: it tells what
			// happened to the data after the swap removes the old output.
			held := filepath.Join(dir, "held")
			if err := os.Link(live, held); err != nil {
				t.Fatal(err)
			}

			rewrite := func(s *Staging) {
				t.Helper()
				if err := s.Link("robots.txt", live); err != nil {
					t.Fatal(err)
				}
				var err error
				if how == "WriteFile" {
					err = s.WriteFile("robots.txt", []byte("new robots"))
				} else {
					err = s.WriteFrom("robots.txt", strings.NewReader("new robots"))
				}
				if err != nil {
					t.Fatal(err)
				}
				if got := read(t, live); got != "old robots" {
					t.Fatalf("during the build the live output's robots.txt = %q", got)
				}
				if got := read(t, filepath.Join(s.Dir(), "robots.txt")); got != "new robots" {
					t.Fatalf("the staging folder's robots.txt = %q", got)
				}
			}

			// A swap that fails: the previous output is the previous one.
			s, err := Begin(out, WithFaults(func(op, name string) error {
				if op == "swap" {
					return errors.New("injected")
				}
				return nil
			}))
			if err != nil {
				t.Fatal(err)
			}
			rewrite(s)
			if err := s.Commit(); err == nil || !strings.Contains(err.Error(), "injected") {
				t.Fatalf("Commit = %v, want the injected failure", err)
			}
			if got := read(t, live); got != "old robots" {
				t.Errorf("after a failed swap the output's robots.txt = %q", got)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".public.brief-staging-*")); len(left) > 0 {
				t.Errorf("staging left behind: %v", left)
			}

			// A swap that succeeds: the new file is live, and the old
			// inode was never written.
			s, err = Begin(out)
			if err != nil {
				t.Fatal(err)
			}
			rewrite(s)
			if err := s.Commit(); err != nil {
				t.Fatal(err)
			}
			if got := read(t, live); got != "new robots" {
				t.Errorf("after the swap robots.txt = %q", got)
			}
			if got := read(t, held); got != "old robots" {
				t.Errorf("the previous output's file was written through: %q", got)
			}
		})
	}
}

func TestWriteFileRefusesPathsOutside(t *testing.T) {
	s, err := Begin(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	for _, name := range []string{"", "/etc/x", "../x", "a/../../x", "a//b", "a\\b", "./a"} {
		if err := s.WriteFile(name, nil); err == nil {
			t.Errorf("WriteFile(%q) succeeded", name)
		}
		if err := s.WriteFrom(name, strings.NewReader("")); err == nil {
			t.Errorf("WriteFrom(%q) succeeded", name)
		}
	}
}

func TestCleanKeep(t *testing.T) {
	good := []struct{ in, want string }{
		{"CNAME", "CNAME"},
		{".nojekyll", ".nojekyll"},
		{".well-known/", ".well-known"},
		{"a/b", "a/b"},
	}
	for _, tt := range good {
		got, err := CleanKeep([]string{tt.in})
		if err != nil || len(got) != 1 || got[0] != tt.want {
			t.Errorf("CleanKeep(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "/", ".", "..", "../x", "a/../../x", "/etc", "a//b", "a/./b", `a\b`, Marker} {
		if got, err := CleanKeep([]string{bad}); err == nil {
			t.Errorf("CleanKeep(%q) = %q, want an error", bad, got)
		}
	}
}

func TestStraysAndKeep(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	outside := filepath.Join(dir, "outside")
	write(t, outside, map[string]string{"secret": "from outside", "folder/secret": "from outside"})
	publish(t, out, map[string]string{"index.html": "home", "briefings/a/index.html": "a", "old/index.html": "old page"})
	// What people put into an output folder.
	write(t, out, map[string]string{
		"CNAME":                       "example.org",
		".nojekyll":                   "",
		".git/HEAD":                   "ref: refs/heads/main",
		".git/objects/ab/cdef":        "object",
		".well-known/security.txt":    "Contact: x",
		".well-known/sub/deeper.txt":  "deeper",
		"briefings/a/notes.txt":       "a note beside a page",
		"deploy/keep/this.txt":        "kept from a folder brief does not write",
		"deploy/not-this.txt":         "a stray beside a kept path",
		"linked/readme.txt":           "a real folder on the way",
		"briefings/a/index.html.orig": "editor backup",
		"empty/sub/x":                 "x",
	})
	// An empty folder holds nothing to lose: not a stray.
	os.Remove(filepath.Join(out, "empty/sub/x"))
	if err := os.Symlink(outside, filepath.Join(out, "to-outside")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(out, ".well-known/link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(out, "via-link")); err != nil {
		t.Fatal(err)
	}

	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	// brief wrote the marker, index.html, the page and old/index.html
	// before; it writes the marker, index.html and the page now.
	owned := func(name string) bool {
		return slices.Contains([]string{Marker, "index.html", "briefings/a/index.html", "old/index.html"}, name)
	}
	keep, err := CleanKeep([]string{"CNAME", ".nojekyll", ".git", ".well-known/", "deploy/keep", "via-link/folder", "missing"})
	if err != nil {
		t.Fatal(err)
	}
	strays, err := s.Strays(owned, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".git/", ".nojekyll", ".well-known/", "CNAME", "briefings/a/index.html.orig", "briefings/a/notes.txt",
		"deploy/", "linked/", "to-outside", "via-link"}
	if !slices.Equal(strays, want) {
		t.Errorf("strays without keep:\n got %q\nwant %q", strays, want)
	}
	strays, err = s.Strays(owned, keep)
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"briefings/a/index.html.orig", "briefings/a/notes.txt", "deploy/not-this.txt", "linked/", "to-outside", "via-link"}
	if !slices.Equal(strays, want) {
		t.Errorf("strays with keep:\n got %q\nwant %q", strays, want)
	}

	if err := s.Keep(keep); err != nil {
		t.Fatal(err)
	}
	staged := s.Dir()
	for _, name := range []string{"CNAME", ".nojekyll", ".git/HEAD", ".git/objects/ab/cdef", ".well-known/security.txt", ".well-known/sub/deeper.txt", "deploy/keep/this.txt"} {
		a, errA := os.Stat(filepath.Join(out, name))
		b, errB := os.Stat(filepath.Join(staged, name))
		if errA != nil || errB != nil || !os.SameFile(a, b) {
			t.Errorf("%s was not carried over by a hard link: %v %v", name, errA, errB)
		}
	}
	// A link inside a kept folder stays a link; one on the way to a kept
	// path is not followed.
	if dest, err := os.Readlink(filepath.Join(staged, ".well-known/link")); err != nil || dest != filepath.Join(outside, "secret") {
		t.Errorf(".well-known/link = %q, %v; want the same link", dest, err)
	}
	for _, absent := range []string{"via-link", "deploy/not-this.txt", "missing", "to-outside"} {
		if _, err := os.Lstat(filepath.Join(staged, absent)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s was carried over: %v", absent, err)
		}
	}

	// Nothing to keep or stray when there is no previous output.
	s2, err := Begin(filepath.Join(dir, "fresh"))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Abort()
	if strays, err := s2.Strays(owned, nil); err != nil || len(strays) != 0 {
		t.Errorf("a first build found strays %v, %v", strays, err)
	}
	if err := s2.Keep(keep); err != nil {
		t.Errorf("a first build could not keep: %v", err)
	}
}

// TestMarkerRecordsWhatBriefWrote: the marker lists the files written and
// carried over, not those the site keeps, and Recorded reads it back.
func TestMarkerRecordsWhatBriefWrote(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	st, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index.html", "a b/\"quoted\"\n.txt", "CNAME"} {
		if err := st.WriteFile(name, []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	st, err = Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Link("index.html", filepath.Join(out, "index.html")); err != nil {
		t.Fatal(err)
	}
	if err := st.Keep([]string{"CNAME"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	got := Recorded(out)
	if len(got) != 2 || !got["index.html"] || !got[Marker] {
		t.Errorf("record = %v, want index.html and the marker (CNAME is kept, not written)", got)
	}
	if _, err := os.Stat(filepath.Join(out, "CNAME")); err != nil {
		t.Error("the kept file is gone")
	}
	if err := os.WriteFile(filepath.Join(out, Marker), []byte(MarkerText), 0o644); err != nil {
		t.Fatal(err)
	}
	if Recorded(out) != nil {
		t.Error("a marker without a record gave one")
	}
}
