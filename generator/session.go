package generator

import (
	"bytes"
	"maps"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"brief/generator/diag"
	"brief/generator/load"
	"brief/generator/markdown"
	"brief/generator/output"
	"brief/generator/render"
	"brief/generator/site"
	"brief/templates"
)

// Session rebuilds one site again and again, as the dev server does: it
// keeps the loaded files and the rendered pages between rebuilds and redoes
// only what a change affects. The result of every rebuild equals a full
// build of the same input.
type Session struct {
	opts   BuildOptions
	loader *load.Loader
	cache  *render.Cache
	conv   map[bool]*markdown.Converter // by UnsafeHTML
	urls   map[string]string            // source path → address, of the last good rebuild
	files  map[string][]byte            // the last good site
	// extraFiles counts the files of the last good site that the render
	// does not produce: static files, the highlighting CSS, the marker.
	extraFiles int
}

// Snapshot is the site after one rebuild, held in memory.
type Snapshot struct {
	// Files maps output names ("briefings/x/index.html") to their bytes. It
	// is nil when the rebuild failed.
	Files map[string][]byte
	// Problems holds errors and warnings, with paths as seen from the
	// working folder.
	Problems diag.List
	// Redirects maps the old address of a briefing or page whose address
	// changed in this rebuild to its new one.
	Redirects map[string]string
	// Changed lists the output files whose content may differ from the
	// previous rebuild; nil means any of them.
	Changed []string
	Stats   render.Stats
	Elapsed time.Duration
}

// NewSession prepares rebuilds of the site opts.Src. Out is not used: a
// session's output stays in memory.
func NewSession(opts BuildOptions) *Session {
	if opts.Src == "" {
		opts.Src = "."
	}
	return &Session{
		opts: opts,
		// The dev server keeps bodies: a file read again while the author
		// types could differ from the one just loaded.
		loader: load.NewLoader(os.DirFS(opts.Src), load.Options{Root: opts.Src, KeepBodies: true}),
		cache:  render.NewCache(),
		conv:   map[bool]*markdown.Converter{},
	}
}

// Rebuild brings the site up to date. changed lists the paths, relative to
// the site root and slash-separated, that changed since the last rebuild; nil
// rebuilds from scratch.
func (s *Session) Rebuild(changed []string, now time.Time) Snapshot {
	start := time.Now()
	s.loader.SetNow(now)
	loaded, probs := s.loader.Load(changed)
	snap := Snapshot{Problems: probs.Under(s.opts.Src)}
	if probs.Errors() > 0 {
		snap.Elapsed = time.Since(start)
		return snap
	}
	if s.opts.BaseURL != "" {
		if err := overrideBaseURL(loaded, s.opts.BaseURL); err != nil {
			snap.Problems = append(snap.Problems, diag.Problem{Path: load.ConfigFile, Message: err.Error()})
			return snap
		}
	}
	published := loaded.Filter(s.opts.Drafts, s.opts.Future, now)
	conv := s.conv[published.Config.UnsafeHTML]
	if conv == nil {
		conv = markdown.New(markdown.Options{UnsafeHTML: published.Config.UnsafeHTML})
		s.conv[published.Config.UnsafeHTML] = conv
	}
	// The new site starts as a copy of the last good one; the render
	// writes only the files that differ, and files it no longer produces
	// are dropped below. Copying a map is far cheaper than writing every
	// page into a new one.
	out := &memOutput{files: maps.Clone(s.files)}
	if out.files == nil {
		out.files = make(map[string][]byte, 2*len(published.Briefings)+64)
	}
	siteFS := os.DirFS(s.opts.Src)
	stats, rprobs := render.Render(published, render.Options{
		Templates:        themeFS(siteFS),
		DefaultTemplates: templates.FS,
		Markdown:         conv,
		Out:              out,
		Cache:            s.cache,
		SkipUnchanged:    true,
	})
	// Whatever fails from here on, the cache must not believe that files
	// it rendered reached the site the server shows.
	committed := false
	defer func() {
		if !committed {
			s.cache.Discard()
		}
	}()
	snap.Problems = append(snap.Problems, rprobs.Under(s.opts.Src)...)
	snap.Problems.Sort()
	if rprobs.Errors() > 0 {
		snap.Elapsed = time.Since(start)
		return snap
	}
	staticChanged := changed == nil
	for _, p := range changed {
		staticChanged = staticChanged || strings.HasPrefix(p, "static/") || p == "static"
	}
	// out holds the last good site plus what this render wrote. When it
	// holds more than this render produced and the static files, some
	// page is gone (a removed briefing, a shorter list): find it.
	produced := stats.Pages + stats.Feeds + stats.Other
	if staticChanged || len(out.files) != produced+s.extraFiles {
		for name := range out.files {
			if !s.cache.Produced(name) {
				delete(out.files, name) // a page that no longer exists, or a static file copied again below
			}
		}
	}
	nStatic, err := copyStatic(staticFS(siteFS), out)
	if err != nil {
		snap.Problems = append(snap.Problems, diag.Problem{Path: "static", Message: err.Error()})
		return snap
	}
	css, err := highlightCSS()
	if err != nil {
		snap.Problems = append(snap.Problems, diag.Problem{Path: "css/chroma.css", Message: err.Error()})
		return snap
	}
	out.files["css/chroma.css"] = css
	out.files[output.Marker] = []byte(output.MarkerText)
	s.extraFiles = nStatic + 2

	snap.Redirects = s.trackAddresses(published, changed)
	snap.Files = out.files
	s.files = out.files
	committed = true
	snap.Stats = stats
	snap.Changed = s.cache.Rendered()
	for _, p := range changed {
		if strings.HasPrefix(p, "static/") {
			snap.Changed = nil // static files are copied, not tracked
		}
	}
	if changed == nil {
		snap.Changed = nil
	}
	snap.Elapsed = time.Since(start)
	return snap
}

// trackAddresses updates the address of every briefing and page and returns
// those that moved. After a full rebuild every file is looked at; after an
// incremental one only the changed files can have moved.
func (s *Session) trackAddresses(published *site.Site, changed []string) map[string]string {
	var after map[string]string
	if changed == nil || s.urls == nil {
		after = make(map[string]string, len(published.Briefings)+len(published.Pages))
		for _, b := range published.Briefings {
			after[b.Path] = b.URL()
		}
		for _, p := range published.Pages {
			after[p.Path] = p.URL()
		}
		redirects := moved(s.urls, after)
		s.urls = after
		return redirects
	}
	touched := make(map[string]bool, len(changed))
	for _, p := range changed {
		touched[p] = true
	}
	before := map[string]string{}
	after = map[string]string{}
	for _, p := range changed {
		if u, ok := s.urls[p]; ok {
			before[p] = u
		}
	}
	for _, b := range published.Briefings {
		if touched[b.Path] {
			after[b.Path] = b.URL()
		}
	}
	for _, p := range published.Pages {
		if touched[p.Path] {
			after[p.Path] = p.URL()
		}
	}
	for p := range before {
		delete(s.urls, p)
	}
	for p, u := range after {
		s.urls[p] = u
	}
	return moved(before, after)
}

// moved finds addresses that changed: a file whose slug changed, or, when
// exactly one file disappeared and one appeared (a rename), that pair.
func moved(before, after map[string]string) map[string]string {
	if before == nil {
		return nil
	}
	redirects := map[string]string{}
	var gone, added []string
	for p, old := range before {
		now, ok := after[p]
		switch {
		case !ok:
			gone = append(gone, p)
		case now != old:
			redirects[old] = now
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			added = append(added, p)
		}
	}
	if len(gone) == 1 && len(added) == 1 {
		redirects[before[gone[0]]] = after[added[0]]
	}
	if len(redirects) == 0 {
		return nil
	}
	return redirects
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

// highlightCSS is computed once: it depends on nothing but the binary.
var highlightCSS = sync.OnceValues(markdown.HighlightCSS)

// sortedFileNames lists a snapshot's files in order, for tests and reports.
func sortedFileNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
