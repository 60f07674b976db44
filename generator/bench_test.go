package generator

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"brief/generator/load"
	"brief/generator/markdown"
	"brief/generator/output"
	"brief/generator/render"
	"brief/internal/corpus"
	"brief/templates"
)

// benchSites holds generated corpora, one per size, for the whole run.
var benchSites sync.Map

func benchSite(b *testing.B, n int) string {
	b.Helper()
	if dir, ok := benchSites.Load(n); ok {
		return dir.(string)
	}
	dir, err := os.MkdirTemp("", "brief-bench-")
	if err != nil {
		b.Fatal(err)
	}
	if err := corpus.Write(dir, corpus.Options{N: n}); err != nil {
		b.Fatal(err)
	}
	benchSites.Store(n, dir)
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	benchSites.Range(func(_, dir any) bool { os.RemoveAll(dir.(string)); return true })
	os.Exit(code)
}

var benchNow = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// BenchmarkBuild is a whole cold build of 1,000 briefings.
func BenchmarkBuild(b *testing.B) {
	src := benchSite(b, 1000)
	out := filepath.Join(b.TempDir(), "public")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(BuildOptions{Src: src, Out: out, Now: benchNow, NoCache: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	src := benchSite(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		if _, probs := load.Load(os.DirFS(src), load.Options{Now: benchNow}); probs.Errors() > 0 {
			b.Fatal(probs)
		}
	}
}

func BenchmarkMarkdown(b *testing.B) {
	s, _ := load.Load(os.DirFS(benchSite(b, 1000)), load.Options{Now: benchNow})
	conv := markdown.New(markdown.Options{})
	b.ReportAllocs()
	for b.Loop() {
		for _, br := range s.Briefings {
			body, err := s.Body(br)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := conv.Convert(body, br.BodyLine, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRender renders every page and feed without writing them.
func BenchmarkRender(b *testing.B) {
	s, _ := load.Load(os.DirFS(benchSite(b, 1000)), load.Options{Now: benchNow})
	conv := markdown.New(markdown.Options{})
	b.ReportAllocs()
	for b.Loop() {
		if _, probs := render.Render(s, render.Options{Templates: templates.FS, Markdown: conv, Out: discard{}}); probs.Errors() > 0 {
			b.Fatal(probs)
		}
	}
}

// BenchmarkTemplates renders with a warm cache of converted bodies, so only
// templates and feeds run: each round changes the site's title, which every
// page shows and no conversion reads.
func BenchmarkTemplates(b *testing.B) {
	s, _ := load.Load(os.DirFS(benchSite(b, 1000)), load.Options{Now: benchNow})
	conv := markdown.New(markdown.Options{})
	cache := render.NewCache()
	render.Render(s, render.Options{Templates: templates.FS, Markdown: conv, Out: discard{}, Cache: cache})
	b.ReportAllocs()
	round := 0
	for b.Loop() {
		round++
		s.Config.Title = fmt.Sprintf("Briefings %d", round)
		if _, probs := render.Render(s, render.Options{Templates: templates.FS, Markdown: conv, Out: discard{}, Cache: cache}); probs.Errors() > 0 {
			b.Fatal(probs)
		}
	}
}

// BenchmarkWrite writes a rendered site's files into a staging folder and
// swaps it in.
func BenchmarkWrite(b *testing.B) {
	s, _ := load.Load(os.DirFS(benchSite(b, 1000)), load.Options{Now: benchNow})
	mem := &memFiles{files: map[string][]byte{}}
	render.Render(s, render.Options{Templates: templates.FS, Markdown: markdown.New(markdown.Options{}), Out: mem})
	out := filepath.Join(b.TempDir(), "public")
	b.ReportAllocs()
	for b.Loop() {
		st, err := output.Begin(out)
		if err != nil {
			b.Fatal(err)
		}
		for name, data := range mem.files {
			if err := st.WriteFile(name, data); err != nil {
				b.Fatal(err)
			}
		}
		if err := st.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// memFiles collects a site in memory.
type memFiles struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memFiles) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	m.files[name] = bytes.Clone(data) // the render reuses its buffers
	m.mu.Unlock()
	return nil
}
