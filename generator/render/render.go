// Package render turns a validated site into the files of a website: a page
// per briefing, list pages per country and tag, the country list, the home
// page, the archive, standalone pages, RSS and JSON feeds, an OPML list of
// feeds, the search index, the sitemap and robots.txt.
//
// It never touches the disk: the theme comes as an fs.FS, bodies with the
// model, and every file goes to a Writer.
//
// Every output file is made in two steps: an input, a plain struct holding
// exactly what the file shows (model records, derived strings, the results
// of conversions), and a function of that input and of the site-wide
// context alone. A cache key is the fingerprint of the context and the
// input (package digest), so a cached file can only be reused when
// everything its function could read is the same.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"brief/generator/diag"
	"brief/generator/internal/digest"
	"brief/generator/internal/parallel"
	"brief/generator/markdown"
	"brief/generator/site"
)

// Writer receives the files of the site. name is slash-separated and
// relative to the output root. It must be safe for concurrent use. data is
// valid during the call only: pages are made in buffers that are reused.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// Options are what a render needs besides the site.
type Options struct {
	// Templates holds the theme: base.html, partials/*.html and one file per
	// page kind.
	Templates fs.FS
	Markdown  *markdown.Converter
	Out       Writer
	// Workers bounds parallelism; 0 means GOMAXPROCS.
	Workers int
	// SitemapLimit is the number of URLs per sitemap file; 0 means the
	// sitemaps.org limit of 50,000.
	SitemapLimit int
	// ArchivePerPage is the number of briefings per page of a year's
	// archive; 0 means 200 (see archivePerPage).
	ArchivePerPage int
	// Cache, when set, carries work over from the previous render of the
	// same site.
	Cache *Cache
	// SkipUnchanged, with a Cache, writes only files that differ from the
	// previous render: the caller keeps the rest (see Cache.Produced).
	// Without it (and without Reuse) every file is written, and rendered
	// again, since a cache keeps no file's bytes.
	SkipUnchanged bool
	// Reuse, with a cache loaded from disk, is asked for each file whose
	// key did not change: it returns true when the caller can carry the
	// file over from the previous output, and false to have it rendered.
	Reuse func(name string) bool
	// Files names the files the caller writes beside the render's (static
	// files, files kept beside briefings), by output name: links and
	// images in bodies may point at them.
	Files []string
}

// Stats counts what a render wrote.
type Stats struct {
	Pages int // HTML pages
	Feeds int // RSS, JSON Feed and OPML files
	Other int // sitemap, robots.txt, search index
	// Rendered counts files produced anew, Reused those taken from the
	// cache; without a cache everything is rendered.
	Rendered, Reused int
}

// producer is the machinery that makes files: the writer, the cache, the
// counters, the problems found and the sitemap. It holds nothing of the
// site, so that a group of files (see emitGroup), handed a producer, can
// read nothing but its own input.
type producer struct {
	opts  Options
	ctx   *context
	cache *Cache

	pages, feeds, other atomic.Int64
	rendered, reused    atomic.Int64

	mu    sync.Mutex
	probs diag.List
	// The pages for the sitemap: those of groups in parts, the others
	// one by one.
	sitemapParts []sitemapPart
	sitemap      []sitemapEntry
	// refs are the references to the site's addresses that bodies make,
	// checked once every file is known (checkRefs); written are the
	// files written, when there is no cache to tell.
	refs    []docRefs
	written map[string]bool
	// prefix is the folder of the edition's files, "uk/", before every
	// output name; "" for the site's own language. others are the
	// producers of the other editions, whose files links may lead to.
	prefix string
	others []*producer
}

// renderer holds the state of one render.
type renderer struct {
	*producer
	site  *site.Site
	links *linkTable
	// originals are an edition's links to the site's own files
	// (editionsInput.links); none for the site's own language.
	originals []linkDoc

	entries   entryList // each briefing's list entry, by position
	positions *sitePositions
	// latest is the latest date or update among the briefings.
	latest    time.Time
	byCountry []*site.Group
	byTag     []*site.Group
	related   [][]int // related briefings of each briefing, by index
	// storyMembers are each story's briefings by position, newest first.
	storyMembers map[string][]int

	// Filled by the briefing pass, read afterwards.
	summaries   summaryList
	corrections [][]correction // each briefing's, converted
	bodyTerms   []bodyTerms    // each briefing's, for the search index
	bodies      []converted    // converted bodies of the briefings feeds carry, until they are written
}

// Render renders the whole site: the site in its own language at the
// root, and each further edition (site.Site.Editions) under /<code>/ as a
// site of its own, with its own state in the cache (Cache.edition). One
// sitemap and one robots.txt cover them all. It returns the problems found
// (broken links between files, links and images that lead to no file of
// the site, template errors); when they include errors the output is
// incomplete and must be discarded.
func Render(s *site.Site, opts Options) (Stats, diag.List) {
	sites := append([]*site.Site{s}, s.Editions...)
	plans := planEditions(sites)
	rs := make([]*renderer, len(sites))
	var probs diag.List
	for i, es := range sites {
		o := opts
		if i > 0 {
			o.Cache = opts.Cache.edition(es.Config.Language)
		}
		th, tp := cachedTheme(opts.Templates, langOf(es.Config), o.Cache)
		probs = append(probs, tp...)
		if tp.Errors() > 0 {
			continue
		}
		th.resetMemo()
		rs[i] = newRenderer(es, o, th, plans[i])
	}
	if probs.Errors() > 0 {
		probs = dedupe(probs)
		probs.Sort()
		return Stats{}, probs
	}
	for _, r := range rs {
		if r.cache != nil {
			r.cache.begin()
		}
	}
	failed := func() bool {
		for _, r := range rs {
			if r.probs.Errors() > 0 {
				return true
			}
		}
		return false
	}
	for _, r := range rs {
		r.related = r.relatedBriefings()
		r.renderBriefings()
		if r.probs.Errors() == 0 {
			r.renderLists()
		}
	}
	if !failed() {
		// The site's own render writes the one sitemap, with every
		// edition's pages.
		for _, r := range rs[1:] {
			rs[0].sitemapParts = append(rs[0].sitemapParts, partOf(r.sitemap))
			rs[0].sitemapParts = append(rs[0].sitemapParts, r.sitemapParts...)
		}
		rs[0].renderSitemap()
	}
	var st Stats
	for _, r := range rs {
		r.ctx.theme.resetMemo()
		if r.cache != nil {
			r.cache.end()
		}
	}
	ok := !failed()
	for _, r := range rs {
		if ok {
			for _, other := range rs {
				if other != r {
					r.others = append(r.others, other.producer)
				}
			}
			r.checkRefs()
		}
	}
	ok = !failed()
	if ok && opts.Cache != nil {
		codes := make([]string, len(s.Editions))
		for i, e := range s.Editions {
			codes[i] = e.Config.Language
		}
		opts.Cache.keepEditions(codes)
	}
	for _, r := range rs {
		if r.cache != nil && ok {
			r.cache.prune()
		}
		probs = append(probs, r.probs...)
		st.Pages += int(r.pages.Load())
		st.Feeds += int(r.feeds.Load())
		st.Other += int(r.other.Load())
		st.Rendered += int(r.rendered.Load())
		st.Reused += int(r.reused.Load())
	}
	probs = dedupe(probs)
	probs.Sort()
	return st, probs
}

func newRenderer(s *site.Site, opts Options, th *theme, ed editionsInput) *renderer {
	r := &renderer{site: s, originals: ed.links, producer: &producer{opts: opts, cache: opts.Cache, ctx: newContext(siteInputOf(s, th, ed)), prefix: ed.prefix()}}
	if r.cache == nil {
		r.written = map[string]bool{}
	}
	r.entries, r.positions = r.entriesOf(s.Briefings)
	r.latest = newestEntry(r.entries)
	r.storyMembers = s.StoryMembers()
	// These indexes are independent; on a large site each takes
	// milliseconds, which the dev server pays on every rebuild unless the
	// cache has them.
	var wg sync.WaitGroup
	wg.Go(func() { r.links = r.linkTableOf(s, r.entries) })
	wg.Go(func() { r.byCountry, r.byTag = r.groupsOf(s, r.entries) })
	wg.Wait()
	n := len(s.Briefings)
	r.summaries, r.bodyTerms, r.corrections, r.bodies = r.cache.briefingArrays(n)
	return r
}

func (p *producer) problem(pr diag.Problem) {
	p.mu.Lock()
	p.probs = append(p.probs, pr)
	p.mu.Unlock()
}

// fileKind says which count of Stats a file adds to.
type fileKind uint8

const (
	pageFile fileKind = iota
	feedFile
	otherFile
)

func (p *producer) count(kind fileKind) {
	switch kind {
	case pageFile:
		p.pages.Add(1)
	case feedFile:
		p.feeds.Add(1)
	default:
		p.other.Add(1)
	}
}

// write sends a file to the output, recording a failure as a problem.
func (p *producer) write(name string, data []byte, kind fileKind) {
	if err := p.opts.Out.WriteFile(name, data); err != nil {
		p.problem(diag.Problem{Path: name, Message: fmt.Sprintf("cannot write output: %v", err)})
		return
	}
	if p.written != nil {
		p.mu.Lock()
		p.written[name] = true
		p.mu.Unlock()
	}
	p.count(kind)
}

// emitFile writes the output file name, made by build from in and the
// site-wide context, or taken from the cache when a file was made under
// the same key before. build must read nothing but its two arguments: the
// key covers those alone.
func emitFile[T any](e emitter, name string, in T, kind fileKind, build func(*context, T) ([]byte, error)) {
	emitBuffered(e, name, in, kind, func(c *context, in T, _ *bytes.Buffer) ([]byte, error) { return build(c, in) })
}

// emitBuffered is emitFile for a build function that may make the file in
// buf, a buffer lent for the call.
func emitBuffered[T any](e emitter, name string, in T, kind fileKind, build func(*context, T, *bytes.Buffer) ([]byte, error)) {
	p := e.p
	name = p.prefix + name
	k := uint64(digest.New().U64(p.ctx.digest).Str(name).Value(in))
	if p.cache != nil {
		if entry, ok := p.cache.file(name, k); ok {
			switch {
			case p.opts.Reuse != nil:
				if p.opts.Reuse(name) {
					p.reused.Add(1)
					p.count(kind)
					return
				}
				// Not at hand in the previous output: render it again below.
			case p.opts.SkipUnchanged:
				e.record(name, entry, kind)
				p.reused.Add(1)
				p.count(kind)
				return
			}
		}
	}
	buf := fileBuffers.Get().(*bytes.Buffer)
	defer fileBuffers.Put(buf)
	buf.Reset()
	data, err := build(p.ctx, in, buf)
	if err != nil {
		var re readError
		if te, ok := err.(templateError); ok {
			e.problem(templateProblem(te.err, te.kind))
		} else if errors.As(err, &re) {
			e.problem(re.problem())
		} else {
			e.problem(diag.Problem{Path: name, Message: err.Error()})
		}
		return
	}
	p.rendered.Add(1)
	if p.cache != nil {
		e.record(name, p.cache.putFile(name, k), kind)
	}
	p.write(name, data, kind)
}

// emitPage renders the HTML page at site path path ("/countries/ua/") with
// the template of kind, from the view that view makes of in, and records
// it for the sitemap with its last modification (but for the 404 page).
func emitPage[T any](e emitter, kind, path string, lastmod time.Time, in T, view func(*context, T) (any, error)) {
	// Neither the 404 page nor a page at a former address is a page of
	// its own for search engines.
	if kind != "404.html" && kind != "alias.html" {
		e.sitemapEntry(sitemapEntry{Path: e.p.ctx.root + path, LastMod: lastmod, Alternates: e.p.ctx.sitemapAlternates(path)})
	}
	emitBuffered(e, pagePath(path), pageKind[T]{Kind: kind, In: in}, pageFile, func(c *context, pk pageKind[T], w *bytes.Buffer) ([]byte, error) {
		data, err := view(c, pk.In)
		if err != nil {
			return nil, err
		}
		if err := c.theme.execute(pk.Kind, data, w); err != nil {
			return nil, templateError{err, pk.Kind}
		}
		return w.Bytes(), nil
	})
}

// pageKind pairs a page's input with the template that renders it, so that
// both are in the key.
type pageKind[T any] struct {
	Kind string
	In   T
}

// fileBuffers are reused from file to file, keeping their room (a
// strings.Builder's Reset drops it): a new buffer for each page, grown
// step by step, was a quarter of all a large build allocated.
var fileBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// templateError carries the template a failure happened in.
type templateError struct {
	err  error
	kind string
}

func (e templateError) Error() string { return e.err.Error() }

// pagePath maps a pretty URL path to its file: "/a/b/" → "a/b/index.html".
func pagePath(p string) string {
	if strings.HasSuffix(p, "/") {
		return strings.TrimPrefix(p, "/") + "index.html"
	}
	return strings.TrimPrefix(p, "/")
}

// parallel runs fn for 0..n-1 on the configured number of workers.
func (p *producer) parallel(n int, fn func(i int)) { parallel.For(n, p.opts.Workers, fn) }

// dedupe drops repeated problems (a template error hits every page of a
// kind) while keeping the first occurrence's order.
func dedupe(l diag.List) diag.List {
	seen := map[string]bool{}
	out := l[:0]
	for _, p := range l {
		k := p.String()
		if !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	return out
}

// newestEntry is the latest date or update among entries.
func newestEntry(es []*entry) time.Time {
	var t time.Time
	for _, e := range es {
		if e.Modified.After(t) {
			t = e.Modified
		}
	}
	return t
}

// modified is when a briefing last changed.
func modified(b *site.Briefing) time.Time {
	if b.Updated.After(b.Date) {
		return b.Updated
	}
	return b.Date
}
