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
	// content reads the files kept beside briefings by the same rules.
	templates, static, content *overlay.Local
	// copies lists the files copied as they are (static files, files
	// beside briefings) that the last successful run found and checked,
	// in order; the caller copies exactly these (extraFiles),
	// so that no file added in between escapes the checks.
	copies []extraFile
	// bundles is the last listing of the files beside briefings, for the
	// next run whose briefings have the same files and addresses.
	bundles *bundleListing
}

// bundleListing is what listBundles found for some briefings.
type bundleListing struct {
	briefings []*site.Briefing
	files     []extraFile
	probs     diag.List
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
		content:   overlay.NewLocal(filepath.Join(opts.Src, load.ContentDir), maxStaticSize, "file beside a briefing"),
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
	// The files copied as they are, found before the render, which checks
	// that what bodies link to is there.
	copies, cprobs := p.listCopies(res.published, changed)
	files := make([]string, 0, len(copies)+1)
	for _, c := range copies {
		files = append(files, c.name)
	}
	files = append(files, highlightCSSFile)
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
		Files:         files,
	})
	res.stats = stats
	rprobs = append(rprobs, skipWarnings(render.TemplatesDir, p.templates.Skipped())...)
	rprobs = append(rprobs, cprobs...)
	if rprobs.Errors() == 0 {
		// Checked now, before the caller writes any of them.
		rprobs = append(rprobs, checkCopies(copies, produced)...)
	}
	p.copies = copies
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

// listCopies finds the files of the site that are copied as they are: the
// static files of the site and of the theme, and the files kept beside the
// briefings of s. Each is checked before anything is copied: a file over
// the size limit is an error, and so is a file beside a briefing that
// would be published at the address of a static file.
func (p *pipeline) listCopies(s *site.Site, changed []string) ([]extraFile, diag.List) {
	copies, probs := p.listStatic()
	bundled, bprobs := p.listBundles(s, changed)
	probs = append(probs, bprobs...)
	from := make(map[string]string, len(copies))
	for _, c := range copies {
		from[c.name] = c.at
	}
	for _, b := range bundled {
		if other, clash := from[b.name]; clash {
			probs.Errorf(b.at, 0, 0, "rename or remove one of the two",
				"would be published at %s, where %s is published too", b.name, other)
			continue
		}
		copies = append(copies, b)
	}
	return copies, probs
}

// listStatic finds the static files of the site and of the theme. Go
// files (the theme's embed.go) and editor leftovers are not part of the
// site.
func (p *pipeline) listStatic() ([]extraFile, diag.List) {
	var files []extraFile
	var probs diag.List
	fsys := p.staticFS()
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
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
		if checkSize(at, d, "static file", &probs) {
			files = append(files, extraFile{name: name, at: at, fsys: fsys, src: name})
		}
		return nil
	})
	if err != nil {
		probs.Errorf(staticDir, 0, 0, "", "cannot read: %v", err)
	}
	return files, append(probs, skipWarnings(staticDir, p.static.Skipped())...)
}

// listBundles finds the files kept beside the briefings of s that have a
// folder of their own (site.BundleIndex): every ordinary file of the
// folder but Markdown, published next to the briefing's page. Sub-folders
// are not part of the bundle. When no file that may be one of them
// changed (changed lists the paths that did, nil for all) and the
// briefings are in the same files at the same addresses as in the last
// listing, that listing stands: looking at every briefing of a large site
// cost milliseconds on every rebuild.
func (p *pipeline) listBundles(s *site.Site, changed []string) ([]extraFile, diag.List) {
	same := changed != nil && p.bundles != nil
	for _, c := range changed {
		same = same && !copiedAs(c)
	}
	if same {
		last := p.bundles.briefings
		same = len(last) == len(s.Briefings)
		for _, i := range site.Differing(last, s.Briefings) {
			if b := s.Briefings[i]; !same || last[i].Path != b.Path || last[i].Slug != b.Slug {
				same = false
				break
			}
		}
	}
	if same {
		p.bundles.briefings = s.Briefings
		return p.bundles.files, p.bundles.probs
	}
	files, probs := p.listBundlesOf(s)
	p.bundles = &bundleListing{briefings: s.Briefings, files: files, probs: probs}
	return files, probs
}

func (p *pipeline) listBundlesOf(s *site.Site) ([]extraFile, diag.List) {
	var files []extraFile
	var probs diag.List
	for _, b := range s.Briefings {
		dir := b.Bundle()
		if dir == "" {
			continue
		}
		rel := strings.TrimPrefix(dir, load.ContentDir+"/")
		entries, err := fs.ReadDir(p.content, rel)
		if err != nil {
			probs.Errorf(dir, 0, 0, "", "cannot read: %v", err)
			continue
		}
		page := strings.TrimPrefix(b.URL(), "/")
		for _, e := range entries {
			name := e.Name()
			// overlay.Local hides links and special files, and leftovers.
			if !e.Type().IsRegular() || load.MarkdownName(name) {
				continue
			}
			at := path.Join(dir, name)
			if checkSize(at, e, "file beside a briefing", &probs) {
				files = append(files, extraFile{name: page + name, at: at, fsys: p.content, src: path.Join(rel, name)})
			}
		}
	}
	// The loader warns of links under content/ already.
	var others []overlay.Skip
	for _, s := range p.content.Skipped() {
		if s.Mode&fs.ModeSymlink == 0 {
			others = append(others, s)
		}
	}
	probs = append(probs, skipWarnings(load.ContentDir, others)...)
	return files, probs
}

// checkSize tells whether the file d, at at in the site, may be copied,
// and reports it when it is over the size limit of its kind or cannot be
// looked at.
func checkSize(at string, d fs.DirEntry, kind string, probs *diag.List) bool {
	info, err := d.Info()
	switch {
	case err != nil:
		probs.Errorf(at, 0, 0, "", "cannot read: %v", err)
		return false
	case info.Size() > maxStaticSize:
		tooLarge := &overlay.TooLargeError{Size: info.Size(), Limit: maxStaticSize, Kind: kind}
		probs.Errorf(at, 0, 0, "serve such a file from elsewhere and link to it", "%v", tooLarge)
		return false
	}
	return true
}

// checkCopies checks the files copied as they are against the files the
// render produced (produced tells): none may replace one.
func checkCopies(copies []extraFile, produced func(string) bool) diag.List {
	var probs diag.List
	for _, c := range copies {
		switch {
		case c.name == highlightCSSFile:
			probs.Errorf(c.at, 0, 0, "remove it: brief writes the stylesheet of code highlighting itself",
				"would replace the file brief generates at %s", c.name)
		case produced(c.name) && strings.HasPrefix(c.at, staticDir+"/"):
			probs.Errorf(c.at, 0, 0, "remove it, or override the template instead",
				"would replace the file brief generates at %s", c.name)
		case produced(c.name):
			probs.Errorf(c.at, 0, 0, "rename it",
				"would replace the file brief generates at %s", c.name)
		}
	}
	return probs
}

// skipWarnings turns what an overlay.Local did not follow or read into
// warnings; dir is the site's folder it reads.
func skipWarnings(dir string, skipped []overlay.Skip) diag.List {
	var probs diag.List
	for _, s := range skipped {
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
// static file, a file kept beside a briefing, or the stylesheet of code
// highlighting.
type extraFile struct {
	name string // in the output
	at   string // where the site has it, for messages: static/x.png
	fsys fs.FS  // read from src there, or when nil, ...
	src  string
	data []byte // ... its bytes
}

// extraFiles lists the files the last run checked that are copied as they
// are, and the highlighting stylesheet.
func (p *pipeline) extraFiles() ([]extraFile, error) {
	css, err := highlightCSS()
	if err != nil {
		return nil, err
	}
	extras := make([]extraFile, 0, len(p.copies)+1)
	extras = append(extras, p.copies...)
	return append(extras, extraFile{name: highlightCSSFile, data: css}), nil
}

// open opens an extra file for reading. A file of the site is opened
// through overlay.Local again: it is checked again as it is opened.
func (p *pipeline) open(e extraFile) (io.ReadCloser, error) {
	if e.fsys == nil {
		return io.NopCloser(bytes.NewReader(e.data)), nil
	}
	return e.fsys.Open(e.src)
}

// copiedAs tells whether a changed path of the site (slash-separated,
// relative to its root) may be a file copied as it is, rather than one
// that the render reads: a static file, or a file beside a briefing.
func copiedAs(p string) bool {
	switch {
	case p == staticDir || strings.HasPrefix(p, staticDir+"/"):
		return true
	case strings.HasPrefix(p, load.BriefingsDir+"/"):
		return !load.MarkdownName(path.Base(p))
	}
	return false
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
