package render

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"brief/generator/countries"
	"brief/generator/markdown"
	"brief/generator/site"
	"brief/templates"
)

// memWriter keeps written files in memory.
type memWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (w *memWriter) WriteFile(name string, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, dup := w.files[name]; dup {
		return fmt.Errorf("%s written twice", name)
	}
	w.files[name] = bytes.Clone(data)
	return nil
}

func testSite(n int) *site.Site {
	ua, _ := countries.Find("ua")
	it, _ := countries.Find("it")
	s := &site.Site{Config: site.Config{Title: "T", BaseURL: "https://x.org", Language: "en", Location: time.UTC, PerPage: 10, FeedLimit: 5}}
	for i := range n {
		cs := []*countries.Country{ua}
		if i%3 == 0 {
			cs = append(cs, it)
		}
		s.Briefings = append(s.Briefings, &site.Briefing{
			Path: fmt.Sprintf("content/briefings/b%03d.md", i), Slug: fmt.Sprintf("b%03d", i), Title: fmt.Sprintf("B%d", i),
			Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour), Countries: cs,
			Sources: []site.Source{{Name: "R"}}, Body: []byte("Text."),
		})
	}
	site.SortBriefings(s.Briefings)
	return s
}

func render(t *testing.T, s *site.Site, limit int) map[string][]byte {
	t.Helper()
	w := &memWriter{files: map[string][]byte{}}
	_, probs := Render(s, Options{Templates: templates.FS, Markdown: markdown.New(markdown.Options{}), Out: w, SitemapLimit: limit})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	return w.files
}

func TestSitemapSplitsAboveTheLimit(t *testing.T) {
	files := render(t, testSite(40), 25)
	var index struct {
		XMLName  xml.Name
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(files["sitemap.xml"], &index); err != nil {
		t.Fatal(err)
	}
	if index.XMLName.Local != "sitemapindex" {
		t.Fatalf("sitemap.xml is a %s, want a sitemapindex", index.XMLName.Local)
	}
	total := 0
	for i, sm := range index.Sitemaps {
		name := strings.TrimPrefix(sm.Loc, "https://x.org/")
		if name != fmt.Sprintf("sitemap-%d.xml", i+1) {
			t.Errorf("part %d is %s", i, sm.Loc)
		}
		var part struct {
			URLs []string `xml:"url>loc"`
		}
		if err := xml.Unmarshal(files[name], &part); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(part.URLs) > 25 {
			t.Errorf("%s has %d URLs, over the limit", name, len(part.URLs))
		}
		total += len(part.URLs)
	}
	pages := 0
	for name := range files {
		if strings.HasSuffix(name, "index.html") {
			pages++
		}
	}
	if total != pages || len(index.Sitemaps) < 2 {
		t.Errorf("sitemap parts list %d URLs in %d files, want %d pages", total, len(index.Sitemaps), pages)
	}
	if single := render(t, testSite(40), 0); strings.Contains(string(single["sitemap.xml"]), "sitemapindex") {
		t.Error("a small site got a sitemap index")
	}
}

func TestRelatedBriefings(t *testing.T) {
	s := testSite(12)
	g := buildGraph(relNodes(s))
	index := map[*site.Briefing]int{}
	for i, b := range s.Briefings {
		index[b] = i
	}
	// b009 concerns Ukraine and Italy: the related ones share both first
	// (b006, b003, b000 at 3, 6, 9 hours), then the nearest in time, the
	// newer first on a tie.
	i := index[findSlug(s, "b009")]
	var got []string
	for _, j := range g.related(i) {
		got = append(got, s.Briefings[j].Slug)
	}
	if want := "b006,b003,b000,b010,b008"; strings.Join(got, ",") != want {
		t.Errorf("related(b009) = %v, want %s", got, want)
	}
	i = index[findSlug(s, "b004")]
	got = got[:0]
	for _, j := range g.related(i) {
		got = append(got, s.Briefings[j].Slug)
	}
	if want := "b005,b003,b006,b002,b007"; strings.Join(got, ",") != want {
		t.Errorf("related(b004) = %v, want %s", got, want)
	}
}

func relNodes(s *site.Site) []relNode {
	nodes := make([]relNode, len(s.Briefings))
	for i, b := range s.Briefings {
		nodes[i] = relNode{Date: b.Date, Countries: b.Countries}
	}
	return nodes
}

func findSlug(s *site.Site, slug string) *site.Briefing {
	for _, b := range s.Briefings {
		if b.Slug == slug {
			return b
		}
	}
	return nil
}

// TestRelatedMatchesBruteForce compares the indexed search with a plain
// comparison of every pair, on random sites with clustered dates and
// skewed countries.
func TestRelatedMatchesBruteForce(t *testing.T) {
	codes := []string{"ua", "it", "fr", "de", "is", "jp", "ke"}
	for seed := range 20 {
		rng := rand.New(rand.NewPCG(uint64(seed), 1))
		s := &site.Site{Config: site.Config{Location: time.UTC, PerPage: 10, FeedLimit: 5}}
		for i := range 150 + rng.IntN(150) {
			var cs []*countries.Country
			seen := map[string]bool{}
			for range 1 + rng.IntN(3+seed%4) { // up to 6 countries: more than maxSubset
				code := codes[min(rng.IntN(len(codes)), rng.IntN(len(codes)))]
				if !seen[code] {
					seen[code] = true
					c, _ := countries.Find(code)
					cs = append(cs, c)
				}
			}
			s.Briefings = append(s.Briefings, &site.Briefing{Slug: fmt.Sprintf("s%04d", i), Countries: cs,
				Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(400)) * time.Hour)})
		}
		site.SortBriefings(s.Briefings)
		g := buildGraph(relNodes(s))
		for i := range s.Briefings {
			got, want := g.related(i), bruteRelated(s, i)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("seed %d briefing %d: related %v, want %v", seed, i, got, want)
			}
		}
	}
}

func bruteRelated(s *site.Site, i int) []int {
	b := s.Briefings[i]
	type cand struct {
		shared int
		dist   time.Duration
		idx    int
	}
	var all []cand
	for j, o := range s.Briefings {
		if j == i {
			continue
		}
		n := 0
		for _, c := range o.Countries {
			for _, m := range b.Countries {
				if c.Alpha2 == m.Alpha2 {
					n++
				}
			}
		}
		if n > 0 {
			all = append(all, cand{n, (o.Date.Sub(b.Date)).Abs(), j})
		}
	}
	sort.Slice(all, func(x, y int) bool {
		if all[x].shared != all[y].shared {
			return all[x].shared > all[y].shared
		}
		if all[x].dist != all[y].dist {
			return all[x].dist < all[y].dist
		}
		return all[x].idx < all[y].idx
	})
	out := []int{}
	for _, c := range all[:min(relatedCount, len(all))] {
		out = append(out, c.idx)
	}
	return out
}

// TestPartialThatIncludesItself stops a partial that calls itself at the
// depth limit with the template's file and line, instead of exhausting the
// stack.
func TestPartialThatIncludesItself(t *testing.T) {
	theme := fstest.MapFS{}
	fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := fs.ReadFile(templates.FS, p)
			theme[p] = &fstest.MapFile{Data: data}
		}
		return nil
	})
	theme["partials/loop.html"] = &fstest.MapFile{Data: []byte("{{define \"loop\"}}\n<p>{{partial \"loop\" .}}</p>{{end}}")}
	page, _ := fs.ReadFile(templates.FS, "page.html")
	theme["page.html"] = &fstest.MapFile{Data: []byte(strings.Replace(string(page), "{{.Body}}", "{{partial \"loop\" .}}", 1))}
	s := testSite(3)
	s.Pages = []*site.Page{{Path: "content/pages/about.md", Slug: "about", Title: "About", Body: []byte("Hi.")}}
	w := &memWriter{files: map[string][]byte{}}
	_, probs := Render(s, Options{Templates: theme, Markdown: markdown.New(markdown.Options{}), Out: w})
	if len(probs) != 1 {
		t.Fatalf("problems: %v", probs)
	}
	p := probs[0]
	if p.Path != "templates/partials/loop.html" || p.Line != 1 || !strings.Contains(p.Message, `partial "loop" is nested more than 16 deep`) {
		t.Errorf("problem = %v", p)
	}
}

// bodyFiles reads briefings' bodies from a map, counting the reads, as
// the loader reads them from their files; a body it lacks has changed.
type bodyFiles struct {
	mu    sync.Mutex
	text  map[string][]byte
	reads map[string]int
}

func (f *bodyFiles) Body(b *site.Briefing) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads[b.Path]++
	text, ok := f.text[b.Path]
	if !ok {
		return nil, errors.New(b.Path + " changed")
	}
	return text, nil
}

// TestBodiesReadWhenConverted: a render whose model holds no bodies reads
// each when it converts it, and writes what a render of a model holding
// them does; the dev server's cache keeps the HTML of the briefings feeds
// carry only, and reads the others again when their pages are made again.
func TestBodiesReadWhenConverted(t *testing.T) {
	held, read := testSite(40), testSite(40)
	files := &bodyFiles{text: map[string][]byte{}, reads: map[string]int{}}
	read.Bodies = files
	for i, b := range held.Briefings {
		text := []byte(fmt.Sprintf("Body of %s, with [a link](%s.md).", b.Slug, held.Briefings[(i+1)%40].Slug))
		b.Body, b.Hash = text, uint64(i+1)
		files.text[b.Path] = text
		read.Briefings[i].Body, read.Briefings[i].Hash = nil, uint64(i+1)
	}
	want := render(t, held, 0)
	c := NewCache()
	renderRead := func() map[string][]byte {
		t.Helper()
		w := &memWriter{files: map[string][]byte{}}
		if _, probs := Render(read, Options{Templates: templates.FS, Markdown: markdown.New(markdown.Options{}), Out: w, Cache: c, SkipUnchanged: true}); len(probs) > 0 {
			t.Fatal(probs)
		}
		return w.files
	}
	got := renderRead()
	if len(got) != len(want) {
		t.Fatalf("%d files with bodies read, %d with bodies held", len(got), len(want))
	}
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs when bodies are read", name)
		}
	}
	for path, n := range files.reads {
		if n != 1 {
			t.Errorf("%s read %d times", path, n)
		}
	}

	// Every page shows the title; no conversion reads it.
	held.Config.Title, read.Config.Title = "New title", "New title"
	clear(files.reads)
	want, got = render(t, held, 0), renderRead()
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("after the new title, %s differs from a render from scratch", name)
		}
	}
	for _, b := range read.Briefings[:read.Config.FeedLimit] {
		if files.reads[b.Path] > 0 {
			t.Errorf("%s, which the feeds carry, was read again", b.Path)
		}
	}
	if last := read.Briefings[len(read.Briefings)-1].Path; files.reads[last] != 1 {
		t.Errorf("%s, in no feed, was read %d times to make its page again", last, files.reads[last])
	}

	// A body that can no longer be read as it was fails the render, at
	// the briefing's file.
	changed := read.Briefings[len(read.Briefings)-1]
	delete(files.text, changed.Path)
	read.Config.Title = "Another title"
	w := &memWriter{files: map[string][]byte{}}
	_, probs := Render(read, Options{Templates: templates.FS, Markdown: markdown.New(markdown.Options{}), Out: w, Cache: c, SkipUnchanged: true})
	if probs.Errors() != 1 || probs[0].Path != changed.Path || !strings.Contains(probs[0].Message, "changed") {
		t.Errorf("problems = %v", probs)
	}
}

// TestSitemapPartsFollowEdits: the dev server's cache takes the sitemap's
// files over while the pages stay, and a page added or removed moves the
// split of every part after it, as a render from scratch has it.
func TestSitemapPartsFollowEdits(t *testing.T) {
	c := NewCache()
	s := testSite(40)
	// A cache knows a briefing by the fingerprint of its file.
	for i, b := range s.Briefings {
		b.Hash = uint64(i + 1)
	}
	got := map[string][]byte{}
	rerender := func() {
		t.Helper()
		w := &memWriter{files: map[string][]byte{}}
		_, probs := Render(s, Options{Templates: templates.FS, Markdown: markdown.New(markdown.Options{}), Out: w, SitemapLimit: 25, Cache: c, SkipUnchanged: true})
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		for name, data := range w.files {
			got[name] = data
		}
		for name := range got {
			if !c.Produced(name) {
				delete(got, name)
			}
		}
	}
	rerender()
	steps := []func(){
		func() {}, // nothing changed: every sitemap file taken over
		func() { s.Briefings = s.Briefings[1:] },
		func() {
			b := *s.Briefings[5]
			b.Path, b.Slug, b.Title, b.Hash = "content/briefings/a000.md", "a000", "A0", 100
			s.Briefings = append(s.Briefings, &b)
			site.SortBriefings(s.Briefings)
		},
	}
	for i, step := range steps {
		step()
		rerender()
		want := render(t, s, 25)
		for name, data := range want {
			if strings.HasPrefix(name, "sitemap") && !bytes.Equal(got[name], data) {
				t.Errorf("step %d: %s differs from a render from scratch:\n%s\nwant\n%s", i, name, got[name], data)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("step %d: %s left over", i, name)
			}
		}
	}
}
