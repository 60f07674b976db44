package generator

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
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
	opts   BuildOptions
	loader *load.Loader
	conv   map[bool]*markdown.Converter // by UnsafeHTML, built once

	// templates and static are the site's own folders, which override the
	// embedded theme's. They are read through overlay.Local: no symbolic
	// link is followed, no named pipe or device opened, no file over the
	// size limit read, and what was skipped becomes a warning of the run.
	templates, static *overlay.Local
	// staticNames lists the static files the last successful run found and
	// checked, in order; the caller copies exactly these (staticFiles,
	// extraFiles), so that no file added in between escapes the checks.
	staticNames []string
}

// Size limits of the files of a site's theme: a template is read whole and
// parsed, and no real one comes near 1 MiB; a static file is copied by
// streaming, and 256 MiB still admits a video or a data set, while a file
// of gigabytes (a sparse file, a disk image left there) is refused before
// a byte of it is copied.
const (
	maxTemplateSize = 1 << 20
	maxStaticSize   = 256 << 20
)

// staticDir is the site's folder of files copied as they are.
const staticDir = "static"

func newPipeline(opts BuildOptions) *pipeline {
	return &pipeline{
		src:       opts.Src,
		opts:      opts,
		loader:    load.NewLoader(os.DirFS(opts.Src), load.Options{Root: opts.Src}),
		conv:      map[bool]*markdown.Converter{},
		templates: overlay.NewLocal(filepath.Join(opts.Src, render.TemplatesDir), maxTemplateSize, "template"),
		static:    overlay.NewLocal(filepath.Join(opts.Src, staticDir), maxStaticSize, "static file"),
	}
}

// target is where a run's files go.
type target struct {
	out           render.Writer
	cache         *render.Cache
	skipUnchanged bool
	reuse         func(name string) bool
	// releaseBodies lets the render drop each briefing's Markdown once
	// used: for a build, whose model is thrown away afterwards.
	releaseBodies bool
}

// runResult is what one run of the pipeline found.
type runResult struct {
	loaded    *site.Site // the site as loaded, drafts and all
	published *site.Site // what the render saw; nil when loading failed
	leftOut   site.LeftOut
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
	res.published, res.leftOut = loaded.Filter(p.opts.Drafts, p.opts.Future, now)
	t, err := begin()
	if err != nil {
		return res, err
	}
	conv := p.conv[loaded.Config.UnsafeHTML]
	if conv == nil {
		conv = markdown.New(markdown.Options{UnsafeHTML: loaded.Config.UnsafeHTML})
		p.conv[loaded.Config.UnsafeHTML] = conv
	}
	// The static files must not replace a file the render produced: the
	// render's cache knows every name it produced, written or carried
	// over; without a cache the names are recorded on their way out.
	out := t.out
	var produced func(string) bool
	if t.cache != nil {
		produced = t.cache.Produced
	} else {
		names := &nameRecorder{w: out, names: map[string]bool{}}
		out, produced = names, names.has
	}
	stats, rprobs := render.Render(res.published, render.Options{
		Templates:     p.themeFS(),
		Markdown:      conv,
		Out:           out,
		Cache:         t.cache,
		SkipUnchanged: t.skipUnchanged,
		Reuse:         t.reuse,
		ReleaseBodies: t.releaseBodies,
	})
	res.stats = stats
	rprobs = append(rprobs, skipWarnings(render.TemplatesDir, p.templates)...)
	if rprobs.Errors() == 0 {
		// Listed and checked now, before the caller writes any of them.
		var sprobs diag.List
		p.staticNames, sprobs = p.listStatic(produced)
		rprobs = append(rprobs, sprobs...)
	}
	res.problems = append(res.problems, rprobs.Under(p.src)...)
	res.problems.Sort()
	return res, nil
}

// themeFS is the site's own templates over the embedded theme's.
func (p *pipeline) themeFS() fs.FS {
	return overlay.FS{Top: p.templates, Bottom: templates.FS}
}

// staticFS is the site's own static files over the embedded theme's.
func (p *pipeline) staticFS() fs.FS {
	return overlay.FS{Top: p.static, Bottom: static.FS}
}

// listStatic finds the static files of the site and of the theme, and
// checks each before anything is copied: a file over the size limit, or
// one that would replace a file the render produced (produced tells), is
// an error. Go files (the theme's embed.go) and editor leftovers are not
// part of the site.
func (p *pipeline) listStatic(produced func(string) bool) ([]string, diag.List) {
	var names []string
	var probs diag.List
	err := fs.WalkDir(p.staticFS(), ".", func(name string, d fs.DirEntry, err error) error {
		at := path.Join(staticDir, name)
		if err != nil {
			probs.Errorf(at, 0, 0, "", "cannot read: %v", err)
			return nil
		}
		if name != "." && leftover.Is(name) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		// overlay.Local hides the site's links and special files.
		if !d.Type().IsRegular() || path.Ext(name) == ".go" {
			return nil
		}
		info, err := d.Info()
		switch {
		case err != nil:
			probs.Errorf(at, 0, 0, "", "cannot read: %v", err)
			return nil
		case info.Size() > maxStaticSize:
			tooLarge := &overlay.TooLargeError{Size: info.Size(), Limit: maxStaticSize, Kind: "static file"}
			probs.Errorf(at, 0, 0, "serve such a file from elsewhere and link to it", "%v", tooLarge)
			return nil
		case name == highlightCSSFile:
			probs.Errorf(at, 0, 0, "remove it: brief writes the stylesheet of code highlighting itself",
				"would replace the file brief generates at %s", name)
			return nil
		case produced(name):
			probs.Errorf(at, 0, 0, "remove it, or override the template instead",
				"would replace the file brief generates at %s", name)
			return nil
		}
		names = append(names, name)
		return nil
	})
	if err != nil {
		probs.Errorf(staticDir, 0, 0, "", "cannot read: %v", err)
	}
	return names, append(probs, skipWarnings(staticDir, p.static)...)
}

// skipWarnings turns what l did not follow or read into warnings; dir is
// the site's folder l reads.
func skipWarnings(dir string, l *overlay.Local) diag.List {
	var probs diag.List
	for _, s := range l.Skipped() {
		hint := "brief reads ordinary files only; replace it with one"
		switch {
		case s.Mode&fs.ModeSymlink != 0 && s.Path == ".":
			hint = "make " + dir + "/ a folder of the site, not a link to one"
		case s.Mode&fs.ModeSymlink != 0:
			hint = "copy the file into " + dir + "/ instead"
		}
		probs.Warnf(path.Join(dir, s.Path), 0, 0, hint, "%s", s.Reason())
	}
	return probs
}

// extraFile is a file of the output that the render does not produce: a
// static file, or the stylesheet of code highlighting.
type extraFile struct {
	name   string
	static bool   // read from the static folders, by name
	data   []byte // else its bytes
}

// extraFiles lists the static files the last run checked, and the
// highlighting stylesheet.
func (p *pipeline) extraFiles() ([]extraFile, error) {
	css, err := highlightCSS()
	if err != nil {
		return nil, err
	}
	extras := make([]extraFile, 0, len(p.staticNames)+1)
	for _, name := range p.staticNames {
		extras = append(extras, extraFile{name: name, static: true})
	}
	return append(extras, extraFile{name: highlightCSSFile, data: css}), nil
}

// open opens an extra file for reading. A static file is opened through
// overlay.Local again: it is checked again as it is opened.
func (p *pipeline) open(e extraFile) (io.ReadCloser, error) {
	if !e.static {
		return io.NopCloser(bytes.NewReader(e.data)), nil
	}
	return p.staticFS().Open(e.name)
}

// staticFiles copies the static files the last run checked, and the
// highlighting stylesheet, to w, which keeps them in memory (the dev
// server); it returns how many static files there were. A build streams
// them into the output instead (see Build).
func (p *pipeline) staticFiles(w render.Writer) (int, error) {
	extras, err := p.extraFiles()
	if err != nil {
		return 0, err
	}
	for _, e := range extras {
		data := e.data
		if e.static {
			if data, err = fs.ReadFile(p.staticFS(), e.name); err != nil {
				return 0, fmt.Errorf("copying static files: %w", err)
			}
		}
		if err := w.WriteFile(e.name, data); err != nil {
			return 0, err
		}
	}
	return len(p.staticNames), nil
}

// highlightCSSFile is the stylesheet of code highlighting, written beside
// the static files.
const highlightCSSFile = "css/chroma.css"

// highlightCSS is computed once: it depends on nothing but the binary.
var highlightCSS = sync.OnceValues(markdown.HighlightCSS)

func overrideBaseURL(s *site.Site, u string) error {
	if err := load.CheckBaseURL(u); err != nil {
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
	// Kept as it is: the session's cache keeps pages (render.NewCache),
	// so the render never changes them.
	m.mu.Lock()
	m.files[name] = data
	m.mu.Unlock()
	return nil
}

// nameRecorder passes files on and notes their names.
type nameRecorder struct {
	w     render.Writer
	mu    sync.Mutex
	names map[string]bool
}

func (r *nameRecorder) WriteFile(name string, data []byte) error {
	r.mu.Lock()
	r.names[name] = true
	r.mu.Unlock()
	return r.w.WriteFile(name, data)
}

func (r *nameRecorder) has(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.names[name]
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
