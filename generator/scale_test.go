package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brief/generator/load"
	"brief/internal/corpus"
	"brief/internal/sitetest"
)

// TestScale builds 2,000 generated briefings, as CI does on every run, and
// checks the counts and feeds of the output against the model, so that the
// fast paths stay correct at size.
func TestScale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 2,000 briefings")
	}
	src := t.TempDir()
	if err := corpus.Write(src, corpus.Options{N: 2000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	res := mustBuild(t, BuildOptions{Src: src, Out: out})
	s, _ := load.Load(os.DirFS(src), load.Options{Now: buildNow})
	if len(s.Briefings) != 2000 {
		t.Fatalf("loaded %d briefings", len(s.Briefings))
	}
	entries, _ := os.ReadDir(filepath.Join(out, "briefings"))
	if len(entries) != 2000 {
		t.Errorf("%d briefing pages, want 2000", len(entries))
	}
	homePages := 0
	pages, _ := os.ReadDir(filepath.Join(out, "page"))
	homePages = len(pages) + 1
	if homePages != 100 {
		t.Errorf("%d home pages, want 2000/20 = 100", homePages)
	}
	groups := s.ByCountry()
	feeds := 0
	for _, g := range groups {
		f := sitetest.ReadFeed(t, filepath.Join(out, "countries", g.Key, "feed.xml"))
		feeds++
		if want := min(50, len(g.Members)); len(f.Items) != want {
			t.Errorf("%s feed: %d items, want %d", g.Key, len(f.Items), want)
		}
		for i, it := range f.Items {
			if want := s.Briefings[g.Members[i]].Title; it.Title != want {
				t.Errorf("%s feed item %d = %q, want %q", g.Key, i, it.Title, want)
				break
			}
			rel := strings.TrimPrefix(it.Link, "https://briefings.example.org/")
			if _, err := os.Stat(filepath.Join(out, rel, "index.html")); err != nil {
				t.Errorf("%s feed links %s, which was not built", g.Key, it.Link)
			}
		}
		// The country's list pages hold exactly its briefings.
		listed := 0
		for pg := 1; ; pg++ {
			p := filepath.Join(out, "countries", g.Key, "index.html")
			if pg > 1 {
				p = filepath.Join(out, "countries", g.Key, "page", itoa(pg), "index.html")
			}
			if _, err := os.Stat(p); err != nil {
				break
			}
			listed += len(itemTitles(t, p))
		}
		if listed != len(g.Members) {
			t.Errorf("%s lists %d briefings, want %d", g.Key, listed, len(g.Members))
		}
	}
	// Besides the country feeds: the site feed, the JSON Feed, the OPML
	// list and the corrections feed.
	if res.Feeds != feeds+4 {
		t.Errorf("%d feeds written, want %d", res.Feeds, feeds+4)
	}
	site := sitetest.ReadFeed(t, filepath.Join(out, "feed.xml"))
	if len(site.Items) != 50 || site.Items[0].Title != s.Briefings[0].Title {
		t.Errorf("site feed: %d items, first %q", len(site.Items), site.Items[0].Title)
	}
	t.Logf("2,000 briefings: %d pages, %d feeds in %s", res.Pages, res.Feeds, res.Elapsed)
}
