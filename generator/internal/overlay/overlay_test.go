package overlay

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

func TestOverlay(t *testing.T) {
	o := FS{
		Top:    fstest.MapFS{"a.html": {Data: []byte("top a")}, "p/x.html": {Data: []byte("top x")}},
		Bottom: fstest.MapFS{"a.html": {Data: []byte("bottom a")}, "b.html": {Data: []byte("bottom b")}, "p/y.html": {Data: []byte("bottom y")}},
	}
	for name, want := range map[string]string{"a.html": "top a", "b.html": "bottom b", "p/x.html": "top x", "p/y.html": "bottom y"} {
		got, err := fs.ReadFile(o, name)
		if err != nil || string(got) != want {
			t.Errorf("ReadFile(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
	matches, err := fs.Glob(o, "p/*.html")
	if err != nil || len(matches) != 2 || matches[0] != "p/x.html" || matches[1] != "p/y.html" {
		t.Errorf("Glob = %v, %v", matches, err)
	}
	if _, err := fs.ReadFile(o, "missing"); err == nil {
		t.Error("ReadFile(missing) succeeded")
	}
	var walked []string
	_ = fs.WalkDir(o, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			walked = append(walked, p)
		}
		return nil
	})
	if len(walked) != 4 {
		t.Errorf("WalkDir found %v, want the 4 files of both trees", walked)
	}
	if _, err := fs.ReadFile(FS{Bottom: o.Bottom}, "b.html"); err != nil {
		t.Errorf("nil top: %v", err)
	}
}
