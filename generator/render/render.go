// Package render turns a validated site into the files of a website: a page
// per briefing, list pages per country and tag, the country list, the home
// page, the archive, standalone pages, RSS and JSON feeds, an OPML list of
// feeds, the sitemap and robots.txt.
//
// It never touches the disk: every file goes to a Writer. Briefing pages are
// rendered on all cores and written as soon as they are ready; only what
// lists and feeds need is kept in memory.
package render

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"brief/generator/diag"
	"brief/generator/markdown"
	"brief/generator/site"
)

// Writer receives the files of the site. name is slash-separated and
// relative to the output root. It must be safe for concurrent use, and must
// not hold on to data after WriteFile returns: pages are built in buffers
// that are reused, so a Writer that keeps files keeps copies.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// Options are what a render needs besides the site.
type Options struct {
	// Templates holds the theme: base.html, partials/*.html and one file per
	// page kind.
	Templates fs.FS
	// DefaultTemplates is the default theme. Page kinds whose templates in
	// Templates are byte-identical to it are rendered by Go code written
	// from it, which is several times faster (see native.go).
	DefaultTemplates fs.FS
	Markdown         *markdown.Converter
	Out              Writer
	// Workers bounds parallelism; 0 means GOMAXPROCS.
	Workers int
	// SitemapLimit is the number of URLs per sitemap file; 0 means the
	// sitemaps.org limit of 50,000.
	SitemapLimit int
	// Cache, when set, carries work over from the previous render of the
	// same site (the dev server's rebuilds).
	Cache *Cache
	// SkipUnchanged, with a Cache, writes only files that differ from the
	// previous render: the caller keeps the rest (see Cache.Produced).
	SkipUnchanged bool
	// Reuse, with a cache loaded from disk, is asked for each file whose
	// inputs did not change: it returns true when the caller can carry the
	// file over from the previous output, and false to have it rendered.
	Reuse func(name string) bool
}

// Stats counts what a render wrote.
type Stats struct {
	Pages int // HTML pages
	Feeds int // RSS, JSON Feed and OPML files
	Other int // sitemap, robots.txt, stylesheets
	// Rendered counts files produced anew, Reused those taken from the
	// cache; without a cache everything is rendered.
	Rendered, Reused int
}

// renderer holds the state of one render.
type renderer struct {
	site     *site.Site
	cfg      *site.Config
	opts     Options
	theme    *theme
	basePath string // path of base_url, "" or "/briefs"
	siteView *SiteView

	index       map[*site.Briefing]int // position in site order
	latest      time.Time              // newest date or update of any briefing
	byCountry   []*site.Group
	byTag       []*site.Group
	resolveOnce sync.Once
	resolve     map[string]string      // content path or file name → URL; built on first use
	itemKeys    []uint64               // what a list entry without summary shows of each briefing
	items       []atomic.Pointer[Item] // each briefing's list entry without summary, made on first use
	links       map[string]CountryLink // each country's link, by alpha-2 code

	// Filled by the briefing pass, read afterwards.
	summaries  []string
	minutes    []int
	bodies     []string        // HTML of briefings that appear in a feed, by index
	lazyBodies []func() string // for those whose HTML the cache did not have

	pages, feeds, other atomic.Int64
	rendered, reused    atomic.Int64

	cache       *Cache
	global      key // digest of everything every page depends on
	linkKey     uint64
	graphDigest uint64  // graphKey of this site
	related     [][]int // related briefings of each briefing, by index
	newGraph    bool    // related must be computed, not taken from the cache
	graph       *relGraph

	mu      sync.Mutex
	probs   diag.List
	sitemap []sitemapEntry // list and standalone pages
	// briefingEntries holds each briefing page's sitemap entry by index,
	// written without a lock by the workers.
	briefingEntries []sitemapEntry
}

// Render renders the whole site. It returns the problems found (broken links
// between files, template errors); when they include errors the output is
// incomplete and must be discarded.
func Render(s *site.Site, opts Options) (Stats, diag.List) {
	th, themeKey, probs := cachedTheme(opts.Templates, opts.DefaultTemplates, opts.Cache)
	if probs.Errors() > 0 {
		probs.Sort()
		return Stats{}, probs
	}
	th.resetMemo()
	r := newRenderer(s, opts, th)
	if r.cache != nil {
		r.cache.begin()
	}
	r.global = r.globalKey(themeKey)
	r.prepareGraph()
	r.renderBriefings()
	// Briefing pages and lists use different partials: drop the first
	// set rather than hold both.
	th.resetMemo()
	if r.probs.Errors() == 0 {
		r.renderLists()
		r.renderSitemap()
	}
	if r.cache != nil {
		r.cache.end()
		if r.probs.Errors() == 0 {
			r.cache.prune()
		}
	}
	r.probs = dedupe(r.probs)
	r.probs.Sort()
	return Stats{
		Pages: int(r.pages.Load()), Feeds: int(r.feeds.Load()), Other: int(r.other.Load()),
		Rendered: int(r.rendered.Load()), Reused: int(r.reused.Load()),
	}, r.probs
}

// cachedTheme parses the theme, or takes it from the cache when no template
// changed. The key digests every template file's name and bytes.
func cachedTheme(fsys, defaults fs.FS, c *Cache) (*theme, uint64, diag.List) {
	k := newKey()
	if defaults != nil {
		k = k.str("native")
	}
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Ext(p) == ".html" {
			data, _ := fs.ReadFile(fsys, p)
			k = k.str(p).str(string(data))
		}
		return nil
	})
	if c != nil {
		c.mu.Lock()
		th, same := c.theme, c.themeKey == uint64(k) && c.theme != nil
		c.mu.Unlock()
		if same {
			return th, uint64(k), nil
		}
	}
	th, probs := loadTheme(fsys, defaults)
	if c != nil && probs.Errors() == 0 {
		c.mu.Lock()
		c.theme, c.themeKey = th, uint64(k)
		c.mu.Unlock()
	}
	return th, uint64(k), probs
}

// globalKey digests what every page depends on: the settings, the theme and
// the address of every file (links between files resolve through them).
func (r *renderer) globalKey(themeKey uint64) key {
	cfg := *r.cfg
	cfg.Location = nil // a pointer; Timezone names it
	return newKey().any(cfg).u64(themeKey).u64(r.linkKey)
}

// addressesKey digests the address of every file.
func addressesKey(s *site.Site) uint64 {
	lk := newKey()
	for _, b := range s.Briefings {
		lk = lk.str(b.Path).str(b.Slug)
	}
	for _, p := range s.Pages {
		lk = lk.str(p.Path).str(p.Slug).str(p.Title)
	}
	for _, k := range sortedKeys(s.Intros) {
		lk = lk.str(k).u64(s.Intros[k].Hash)
	}
	return uint64(lk)
}

func newRenderer(s *site.Site, opts Options, th *theme) *renderer {
	r := &renderer{site: s, cfg: &s.Config, opts: opts, theme: th, cache: opts.Cache}
	if u, err := url.Parse(s.Config.BaseURL); err == nil {
		r.basePath = strings.TrimRight(u.Path, "/")
	}
	// These indexes are independent; on a large site each takes
	// milliseconds, which the dev server pays on every rebuild.
	var wg sync.WaitGroup
	wg.Go(func() {
		r.index = make(map[*site.Briefing]int, len(s.Briefings))
		for i, b := range s.Briefings {
			r.index[b] = i
		}
		r.latest = newest(s.Briefings)
	})
	wg.Go(func() {
		r.byCountry = s.ByCountry()
		r.links = make(map[string]CountryLink, len(r.byCountry))
		for _, g := range r.byCountry {
			r.links[g.Country.Alpha2] = r.countryLink(g.Country)
		}
	})
	wg.Go(func() { r.byTag = s.ByTag() })
	wg.Go(func() { r.linkKey = addressesKey(s) })
	wg.Go(func() { r.graphDigest = r.graphKey() })
	wg.Go(func() {
		r.itemKeys = make([]uint64, len(s.Briefings))
		for i, b := range s.Briefings {
			r.itemKeys[i] = uint64(itemKey(newKey(), b))
		}
	})
	wg.Wait()
	r.items = make([]atomic.Pointer[Item], len(s.Briefings))
	r.summaries = make([]string, len(s.Briefings))
	r.minutes = make([]int, len(s.Briefings))
	r.bodies = make([]string, len(s.Briefings))
	r.siteView = &SiteView{
		Title:        s.Config.Title,
		Description:  s.Config.Description,
		Language:     s.Config.Language,
		HomeURL:      r.url("/"),
		BaseURL:      s.Config.BaseURL,
		Publisher:    s.Config.Publisher,
		FeedURL:      r.url("/feed.xml"),
		OPMLURL:      r.url("/feeds.opml"),
		CountriesURL: r.url("/countries/"),
		ArchiveURL:   r.url("/archive/"),
		TagsURL:      r.url("/tags/"),
		CSS:          []string{r.url("/css/site.css"), r.url("/css/chroma.css")},
		Nav: []Link{
			{URL: r.url("/"), Text: "Latest"},
			{URL: r.url("/countries/"), Text: "Countries"},
			{URL: r.url("/archive/"), Text: "Archive"},
			{URL: r.url("/tags/"), Text: "Topics"},
			{URL: r.url("/search/"), Text: "Search"},
		},
	}
	for _, p := range s.Pages {
		r.siteView.Nav = append(r.siteView.Nav, Link{URL: r.url(p.URL()), Text: p.Title})
	}
	return r
}

// url turns a site path ("/countries/ua/") into an href with the base path.
func (r *renderer) url(p string) string { return r.basePath + p }

// abs turns a site path into an absolute URL on the public site.
func (r *renderer) abs(p string) string {
	return strings.TrimSuffix(r.cfg.BaseURL, r.basePath) + r.basePath + p
}

func (r *renderer) problem(p diag.Problem) {
	r.mu.Lock()
	r.probs = append(r.probs, p)
	r.mu.Unlock()
}

// write sends a file to the output, recording a failure as a problem.
func (r *renderer) write(name string, data []byte, counter *atomic.Int64) {
	if err := r.opts.Out.WriteFile(name, data); err != nil {
		r.problem(diag.Problem{Path: name, Message: fmt.Sprintf("cannot write output: %v", err)})
		return
	}
	counter.Add(1)
}

// page renders one HTML page at site path p ("/countries/ua/") and records it
// for the sitemap with its last modification. k digests everything the page
// shows besides r.global; data builds the view, and runs only when the page
// is not in the cache under the same key.
func (r *renderer) page(kind, p string, lastmod time.Time, k key, data func() any) {
	r.emitPage(kind, p, k, data)
	if kind != "404.html" {
		r.mu.Lock()
		r.sitemap = append(r.sitemap, sitemapEntry{Path: p, LastMod: lastmod})
		r.mu.Unlock()
	}
}

// emitPage renders one HTML page without recording it for the sitemap.
func (r *renderer) emitPage(kind, p string, k key, data func() any) {
	w := pageBuffers.Get().(*htmlWriter)
	defer pageBuffers.Put(w)
	r.emit(pagePath(p), k.str(kind), &r.pages, func() ([]byte, error) {
		w.Reset()
		if err := r.theme.execute(kind, data(), w); err != nil {
			return nil, templateError{err, kind}
		}
		return w.Bytes(), nil // written, or copied by the cache, before w is reused
	})
}

// pageBuffers are reused from page to page: a new buffer for each page,
// grown step by step, was a tenth of all a large build allocated.
var pageBuffers = sync.Pool{New: func() any { return new(htmlWriter) }}

// templateError carries the template a failure happened in.
type templateError struct {
	err  error
	kind string
}

func (e templateError) Error() string { return e.err.Error() }

// emit writes one output file, produced anew or taken from the cache when it
// was produced under the same key before.
func (r *renderer) emit(name string, k key, counter *atomic.Int64, produce func() ([]byte, error)) {
	k = k.u64(uint64(r.global))
	if r.cache != nil {
		if data, ok := r.cache.file(name, uint64(k)); ok {
			switch {
			case data == nil && r.opts.Reuse != nil && r.opts.Reuse(name):
				r.reused.Add(1)
				counter.Add(1)
				return
			case data == nil:
				// Known but not at hand: render it again below.
			case r.opts.SkipUnchanged:
				r.reused.Add(1)
				counter.Add(1)
				return
			default:
				r.reused.Add(1)
				r.write(name, data, counter)
				return
			}
		}
	}
	data, err := produce()
	if err != nil {
		if te, ok := err.(templateError); ok {
			r.problem(templateProblem(te.err, te.kind))
		} else {
			r.problem(diag.Problem{Path: name, Message: err.Error()})
		}
		return
	}
	r.rendered.Add(1)
	if r.cache != nil {
		r.cache.putFile(name, uint64(k), data)
	}
	r.write(name, data, counter)
}

// kept wraps a body held in memory for convert.
func kept(body []byte) func() ([]byte, error) {
	return func() ([]byte, error) { return body, nil }
}

// convert turns a body into HTML, or takes the result from the cache when
// neither the file nor the addresses it may link to changed.
//
// needHTML asks for the HTML itself, which a lean cache (a build's) does
// not keep. ownSummary tells that the file has a summary of its own, so
// the one derived from the body is not kept: on a large site those were a
// tenth of the memory a build holds.
func (r *renderer) convert(path string, hash uint64, body func() ([]byte, error), bodyLine int, needHTML, ownSummary bool) (markdown.Result, error) {
	unsafe := 0
	if r.cfg.UnsafeHTML {
		unsafe = 1
	}
	own := 0
	if ownSummary {
		own = 1
	}
	k := uint64(newKey().u64(hash).u64(r.linkKey).int(bodyLine).int(unsafe).int(own))
	if r.cache != nil {
		if res, ok := r.cache.body(path, k); ok && (res.HTML != "" || !needHTML) {
			return res, nil
		}
	}
	src, err := body()
	if err != nil {
		return markdown.Result{}, err
	}
	res, err := r.opts.Markdown.Convert(src, bodyLine, r.resolverFor(path))
	if ownSummary {
		res.Summary = ""
	}
	if err == nil && r.cache != nil {
		r.cache.putBody(path, k, res)
	}
	return res, err
}

// pagePath maps a pretty URL path to its file: "/a/b/" → "a/b/index.html".
func pagePath(p string) string {
	if strings.HasSuffix(p, "/") {
		return strings.TrimPrefix(p, "/") + "index.html"
	}
	return strings.TrimPrefix(p, "/")
}

// parallel runs fn for 0..n-1 on the configured number of workers.
func (r *renderer) parallel(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	workers := r.opts.Workers
	if workers <= 0 {
		workers = defaultWorkers()
	}
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

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

// newest is the latest date or update among briefings.
func newest(bs []*site.Briefing) time.Time {
	var t time.Time
	for _, b := range bs {
		if m := modified(b); m.After(t) {
			t = m
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

// sortedKeys returns a map's keys in order, so output never depends on map
// iteration.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
