package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// storeFiles lists the files a store's folder holds.
func storeFiles(t *testing.T, s *Store) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(s.Dir(), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestStoreDeletesWhatNoShownSiteHolds(t *testing.T) {
	s, err := OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	put := func(text string) Ref {
		t.Helper()
		r, err := s.Put([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	read := func(r Ref) string {
		t.Helper()
		data, err := s.Read(r)
		if err != nil {
			return "error: " + err.Error()
		}
		return string(data)
	}

	// Site 1 holds a and b. Site 2 replaces b, site 3 (never shown, as a
	// speculative rebuild) replaces b again, and site 4 is made from it.
	a, b1 := put("a"), put("b1")
	b2 := put("b2")
	s.Forget([]Ref{b1}, 2)
	b3 := put("b3")
	s.Forget([]Ref{b2}, 3)
	s.Shown(1)
	if read(b1) != "b1" || read(b2) != "b2" {
		t.Fatal("a file went before a site without it was shown")
	}
	s.Shown(2)
	if _, err := s.Read(b1); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("b1 is still there once site 2 is shown: %v", err)
	}
	if read(b2) != "b2" {
		t.Error("b2 went while site 2, which holds it, is served")
	}
	s.Shown(4) // site 3 was never shown
	if _, err := s.Read(b2); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("b2 is still there: %v", err)
	}
	if read(a) != "a" || read(b3) != "b3" {
		t.Error("a file of the site shown went")
	}

	// A rebuild that failed deletes its files at once.
	c := put("c")
	s.Delete([]Ref{c})
	if got := len(storeFiles(t, s)); got != 2 {
		t.Errorf("the store holds %d files, want 2 (a, b3)", got)
	}

	dir := s.Dir()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the store's folder outlived Close: %v", err)
	}
	if _, err := os.Stat(dir + ".lock"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the store's lock file outlived Close: %v", err)
	}
}

// TestStoreRemovesDeadStores: a store left behind by a process that died
// is removed by the next one made beside it; a live one, whose lock is
// held (flock locks conflict within a process too), is not.
func TestStoreRemovesDeadStores(t *testing.T) {
	parent := t.TempDir()
	live, err := OpenStore(parent)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if _, err := live.Put([]byte("page")); err != nil {
		t.Fatal(err)
	}
	// A dead store: its folder and lock file, the lock held by nobody.
	dead := filepath.Join(parent, storePrefix+"dead")
	if err := os.MkdirAll(filepath.Join(dead, "00"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dead, "00", "1"), []byte("old page"), 0o644)
	os.WriteFile(dead+".lock", nil, 0o644)
	second, err := OpenStore(parent)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if _, err := os.Stat(dead); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the dead store's folder is still there: %v", err)
	}
	if got := len(storeFiles(t, live)); got != 1 {
		t.Errorf("the live store holds %d files, want 1", got)
	}
}
