package generator

import (
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"brief/internal/corpus"
)

// What a reader downloads must not grow with the archive: at 10,000
// briefings no page may weigh more than pageBudget, and no file of the
// search more than searchFileBudget (a search fetches a few of them).
const (
	pageBudget       = 300_000 // bytes of one HTML file
	searchFileBudget = 100_000 // bytes of one file under search/
)

// TestReaderBudgets builds 10,000 generated briefings and weighs every
// file a reader downloads: each HTML page, whatever its kind, and each
// file of the search.
func TestReaderBudgets(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 10,000 briefings")
	}
	src := t.TempDir()
	if err := corpus.Write(src, corpus.Options{N: 10_000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, BuildOptions{Src: src, Out: out})

	// The heaviest page of each kind, for the log: a kind is the
	// address's first segment, and "/*" for the pages below it
	// ("countries" is the list of countries, "countries/*" a country's
	// pages; "" the home page and 404.html, "page/*" the home page's
	// further pages).
	type file struct {
		name string
		size int64
	}
	largest := map[string]file{}
	pages := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		size := info.Size()
		if strings.HasPrefix(rel, "search/") && size > searchFileBudget {
			t.Errorf("%s weighs %d bytes, over the %d of a search file", rel, size, searchFileBudget)
		}
		if path.Ext(rel) != ".html" {
			return nil
		}
		pages++
		if size > pageBudget {
			t.Errorf("%s weighs %d bytes, over the %d of a page", rel, size, pageBudget)
		}
		kind, below, _ := strings.Cut(path.Dir(rel), "/")
		if kind == "." {
			kind = ""
		}
		if below != "" {
			kind += "/*"
		}
		if size > largest[kind].size {
			largest[kind] = file{rel, size}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var heaviest file
	for _, kind := range slices.Sorted(maps.Keys(largest)) {
		f := largest[kind]
		t.Logf("%-12s heaviest %s, %d bytes", kind, f.name, f.size)
		if f.size > heaviest.size {
			heaviest = f
		}
	}
	t.Logf("%d pages; the heaviest is %s, %d bytes", pages, heaviest.name, heaviest.size)
}
