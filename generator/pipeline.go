package generator

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"brief/generator/diag"
	"brief/generator/internal/leftover"
	"brief/generator/internal/overlay"
	"brief/generator/load"
	"brief/generator/markdown"
	"brief/generator/render"
	"brief/generator/site"
	"brief/static"
	"brief/templates"
)

// pipeline is the one flow every command runs: load → filter → render.
// build, the dev server's rebuilds and check differ only in where the
// files go and which cache they keep.
type pipeline struct {
	src    string
	siteFS fs.FS
	opts   BuildOptions
	loader *load.Loader
	conv   map[bool]*markdown.Converter // by UnsafeHTML, built once
}

func newPipeline(opts BuildOptions) *pipeline {
	siteFS := os.DirFS(opts.Src)
	return &pipeline{
		src:    opts.Src,
		siteFS: siteFS,
		opts:   opts,
		loader: load.NewLoader(siteFS, load.Options{Root: opts.Src}),
		conv:   map[bool]*markdown.Converter{},
	}
}

// target is where a run's files go.
type target struct {
	out           render.Writer
	cache         *render.Cache
	skipUnchanged bool
	reuse         func(name string) bool
}

// runResult is what one run of the pipeline found.
type runResult struct {
	loaded    *site.Site // the site as loaded, drafts and all
	published *site.Site // what the render saw; nil when loading failed
	stats     render.Stats
	problems  diag.List // paths as seen from the working folder, sorted
}

// failed tells whether the run found errors: its files must not be used.
func (r runResult) failed() bool { return r.problems.Errors() > 0 }

// run loads the site (only what changed since the last run, when changed
// is not nil), filters what this run publishes, and renders it into the
// target that begin prepares once the site is known to be valid. An error
// from begin is returned as it is: a fault of the machine, not of the
// content.
func (p *pipeline) run(changed []string, now time.Time, begin func() (target, error)) (runResult, error) {
	p.loader.SetNow(now)
	loaded, probs := p.loader.Load(changed)
	res := runResult{loaded: loaded}
	if p.opts.BaseURL != "" {
		if err := overrideBaseURL(loaded, p.opts.BaseURL); err != nil {
			probs = append(probs, diag.Problem{Path: load.ConfigFile, Message: err.Error(), Hint: "give an absolute http(s) address such as https://example.org/"})
		}
	}
	res.problems = probs.Under(p.src)
	if probs.Errors() > 0 {
		res.problems.Sort()
		return res, nil
	}
	res.published = loaded.Filter(p.opts.Drafts, p.opts.Future, now)
	t, err := begin()
	if err != nil {
		return res, err
	}
	conv := p.conv[loaded.Config.UnsafeHTML]
	if conv == nil {
		conv = markdown.New(markdown.Options{UnsafeHTML: loaded.Config.UnsafeHTML})
		p.conv[loaded.Config.UnsafeHTML] = conv
	}
	stats, rprobs := render.Render(res.published, render.Options{
		Templates:     themeFS(p.siteFS),
		Markdown:      conv,
		Out:           t.out,
		Cache:         t.cache,
		SkipUnchanged: t.skipUnchanged,
		Reuse:         t.reuse,
	})
	res.stats = stats
	res.problems = append(res.problems, rprobs.Under(p.src)...)
	res.problems.Sort()
	return res, nil
}

// staticFiles copies the theme's and the site's static files to w, and
// the highlighting stylesheet; it returns how many static files there were.
func (p *pipeline) staticFiles(w render.Writer) (int, error) {
	n, err := copyStatic(staticFS(p.siteFS), w)
	if err != nil {
		return n, err
	}
	css, err := highlightCSS()
	if err == nil {
		err = w.WriteFile(highlightCSSFile, css)
	}
	return n, err
}

// highlightCSSFile is the stylesheet of code highlighting, written beside
// the static files.
const highlightCSSFile = "css/chroma.css"

// highlightCSS is computed once: it depends on nothing but the binary.
var highlightCSS = sync.OnceValues(markdown.HighlightCSS)

// themeFS is the site's own templates over the embedded theme's.
func themeFS(siteFS fs.FS) fs.FS {
	return overlay.FS{Top: subFS(siteFS, render.TemplatesDir), Bottom: templates.FS}
}

// staticFS is the site's own static files over the embedded theme's.
func staticFS(siteFS fs.FS) fs.FS {
	return overlay.FS{Top: subFS(siteFS, "static"), Bottom: static.FS}
}

// subFS is the folder dir of fsys, or nil when the site has no such folder.
func subFS(fsys fs.FS, dir string) fs.FS {
	if st, err := fs.Stat(fsys, dir); err != nil || !st.IsDir() {
		return nil
	}
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil
	}
	return sub
}

// copyStatic copies static files to the output root as they are. Go files
// (the theme's embed.go) and editor leftovers are not part of the site.
func copyStatic(fsys fs.FS, w render.Writer) (int, error) {
	n := 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && leftover.Is(p) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || path.Ext(p) == ".go" {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		n++
		return w.WriteFile(p, data)
	})
	if err != nil {
		return n, fmt.Errorf("copying static files: %w", err)
	}
	return n, nil
}

func overrideBaseURL(s *site.Site, u string) error {
	if err := load.CheckWebURL(u); err != nil {
		return fmt.Errorf("-base-url: %v", err)
	}
	s.Config.BaseURL = strings.TrimRight(u, "/")
	return nil
}

// memOutput collects a site in memory.
type memOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memOutput) WriteFile(name string, data []byte) error {
	data = bytes.Clone(data) // the render reuses its buffers
	m.mu.Lock()
	m.files[name] = data
	m.mu.Unlock()
	return nil
}

// discard is an output that keeps nothing.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// sortedFileNames lists a snapshot's files in order, for tests and reports.
func sortedFileNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
