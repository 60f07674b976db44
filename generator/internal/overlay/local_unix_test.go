//go:build unix

package overlay

import (
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

// TestLocalNeverOpensANamedPipe: opening a pipe without a writer waits for
// ever, so a pipe must be hidden from listings and refused by Open without
// being opened.
func TestLocalNeverOpensANamedPipe(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"base.html": "base"})
	for _, name := range []string{"pipe.html", "partials/pipe.html"} {
		if err := syscall.Mkfifo(filepath.Join(dir, filepath.FromSlash(name)), 0o644); err != nil {
			t.Skipf("cannot make a named pipe here: %v", err)
		}
	}
	l := NewLocal(dir, 1<<20, "template")
	done := make(chan struct{})
	go func() {
		defer close(done)
		if got := walk(t, l); !mapsEqual(got, map[string]string{"base.html": "base"}) {
			t.Errorf("walk = %v", got)
		}
		for _, name := range []string{"pipe.html", "partials/pipe.html"} {
			if _, err := fs.ReadFile(l, name); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("ReadFile(%q) = %v, want it refused as absent", name, err)
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("reading the folder blocked on a named pipe")
	}
	want := []Skip{{"partials/pipe.html", fs.ModeNamedPipe}, {"pipe.html", fs.ModeNamedPipe}}
	got := l.Skipped()
	if !slices.Equal(got, want) {
		t.Errorf("Skipped = %v, want %v", got, want)
	}
	if len(got) > 0 && got[0].Reason() != "a named pipe (FIFO), not a file; skipped" {
		t.Errorf("Reason = %q", got[0].Reason())
	}
}
