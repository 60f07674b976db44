package render

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"brief/generator/diag"
	"brief/generator/internal/digest"
	"brief/generator/internal/editdist"
	"brief/generator/markdown"
	"brief/generator/site"
)

// document is a Markdown file to convert. hash fingerprints the file it
// comes from (path and bytes), of which its text, line and page are
// functions.
type document struct {
	path string
	body []byte                 // the Markdown, when the model holds it, or else
	read func() ([]byte, error) // reads it (a briefing's, see site.Site.Bodies)
	line int
	page string // site path of the page that shows it: relative addresses resolve against it
	hash uint64
}

func (d *document) Digest() uint64 { return d.hash }

// text is the document's Markdown.
func (d *document) text() ([]byte, error) {
	if d.read == nil {
		return d.body, nil
	}
	return d.read()
}

// briefingDoc is the document of a briefing of s. Its body is read when it
// is converted, and dropped after: no render holds every body at once.
func briefingDoc(b *site.Briefing, s *site.Site) *document {
	d := &document{path: b.Path, body: b.Body, line: b.BodyLine, page: b.URL(), hash: b.Hash}
	if bodies := s.Bodies; b.Body == nil && bodies != nil {
		d.read = func() ([]byte, error) { return bodies.Body(b) }
	}
	return d
}
func pageDoc(p *site.Page) *document {
	return &document{path: p.Path, body: p.Body, line: p.BodyLine, page: p.URL(), hash: p.Hash}
}
func storyDoc(st *site.Story) *document {
	return &document{path: st.Path, body: st.Body, line: st.BodyLine, page: st.URL(), hash: st.Hash}
}
func introDoc(in *site.Intro) *document {
	return &document{path: in.Path, body: in.Body, line: in.BodyLine, page: "/countries/" + in.Country.Key() + "/", hash: in.Hash}
}

// linkTable maps every briefing's and page's file, by path and by name, to
// its address: links between files resolve through it.
type linkTable struct {
	urls   map[string]string
	digest uint64 // fingerprint of urls: conversions depend on it alone
}

func (t *linkTable) Digest() uint64 { return t.digest }

// linkDoc is a file that links can point at, and its site path.
type linkDoc struct {
	Path, URL string
}

// linkSources is what the link table is made from: every briefing's file
// and address (by its entry, which fingerprints them once), the base path
// addresses start with, and the standalone pages.
type linkSources struct {
	BasePath  string
	Briefings entryLinks
	Pages     []linkDoc
	// Editions' only: the site's own files (editionsInput.links), their
	// URLs from the site's root rather than the edition's.
	Originals []linkDoc
}

// entryLinks stands for the files and addresses of briefings in cache
// keys.
type entryLinks []*entry

func (l entryLinks) Digest() uint64 { return combine(l, func(e *entry) uint64 { return e.linkSum }) }

// linkTableOf returns the link table of the site's files, or the cache's
// when it was made from the same sources. Comparing them is cheap on every
// rebuild; building the table and fingerprinting it are not.
func (r *renderer) linkTableOf(s *site.Site, entries []*entry) *linkTable {
	src := linkSources{BasePath: r.ctx.basePath, Briefings: entries, Originals: r.originals}
	for _, p := range s.Pages {
		src.Pages = append(src.Pages, linkDoc{p.Path, p.URL()})
	}
	k := digest.Of(src)
	if r.cache != nil {
		r.cache.mu.Lock()
		t, same := r.cache.links, r.cache.linksKey == k
		r.cache.mu.Unlock()
		if same && t != nil {
			return t
		}
	}
	docs := make([]linkDoc, 0, len(entries)+len(src.Pages))
	for _, e := range entries {
		docs = append(docs, linkDoc{e.doc.path, e.path})
	}
	docs = append(docs, src.Pages...)
	t := &linkTable{urls: make(map[string]string, 2*len(docs))}
	for _, d := range docs {
		u := r.ctx.url(d.URL)
		t.urls[d.Path] = u
		t.urls[fileName(d.Path)] = u
	}
	// The edition's own files come first: x.uk.md named as it is, and a
	// name both languages have (about.md beside about.uk.md) as the
	// edition's.
	for _, d := range src.Originals {
		u := r.ctx.asset(d.URL)
		for _, k := range []string{d.Path, fileName(d.Path)} {
			if _, taken := t.urls[k]; !taken {
				t.urls[k] = u
			}
		}
	}
	t.digest = digest.Of(t.urls)
	if r.cache != nil {
		r.cache.mu.Lock()
		r.cache.links, r.cache.linksKey = t, k
		r.cache.mu.Unlock()
	}
	return t
}

// resolverFor resolves links written in the file at from: relative to its
// folder first, then by file name anywhere in the site.
func (t *linkTable) resolverFor(from string) markdown.Resolver {
	dir := path.Dir(from)
	return func(target string) (string, bool) {
		if u, ok := t.urls[path.Join(dir, target)]; ok {
			return u, true
		}
		u, ok := t.urls[fileName(target)]
		return u, ok
	}
}

// fileName is what names a Markdown file anywhere in the site: its base
// name, or for a briefing kept in a folder of its own (…/2024-06-13-apulia/
// index.md) the folder's name with index.md, since every such file is
// called index.md.
func fileName(p string) string {
	base := path.Base(p)
	if base == site.BundleIndex {
		if dir := path.Base(path.Dir(p)); dir != "." && dir != "/" {
			return dir + "/" + base
		}
	}
	return base
}

// convertInput is everything a conversion reads.
type convertInput struct {
	Doc      *document
	Links    *linkTable
	BasePath string // put before the site's addresses in the body
	Unsafe   bool   // the converter lets raw HTML through
	// OwnSummary drops the summary derived from the body: the file has
	// one of its own, and keeping both costs memory on a large site.
	OwnSummary bool
}

// converted is a converted body whose HTML is made when first asked for:
// a build that carries a page over from its previous output never needs
// it. key fingerprints the conversion's input, so it stands for the HTML.
type converted struct {
	key  uint64
	html func() (string, error)
	// terms are the body's, for the search index: taken when the text is
	// read for the conversion, since nothing reads a body twice.
	terms bodyTerms
}

func (c converted) Digest() uint64 { return c.key }

// conversion is one document's conversion as the cache had it, or as it
// was just made, with what it takes to make the HTML again.
type conversion struct {
	p       *producer
	in      convertInput
	res     markdown.Result
	hasHTML bool // res holds the HTML: the cache may keep a result without
	terms   bodyTerms
}

// readError is a document whose text could not be read (its file changed
// since it was loaded), whether while converting it or while making a page
// that shows it: the problem is the file's.
type readError struct {
	path string
	err  error
}

func (e readError) Error() string { return e.path + ": " + e.err.Error() }
func (e readError) Unwrap() error { return e.err }

func (e readError) problem() diag.Problem {
	return diag.Problem{Path: e.path, Message: e.err.Error(), Hint: "build again; the dev server does when the file is saved"}
}

func (c *conversion) run() (markdown.Result, error) {
	body, err := c.in.Doc.text()
	if err != nil {
		return markdown.Result{}, readError{c.in.Doc.path, err}
	}
	links := &markdown.Links{Resolve: c.in.Links.resolverFor(c.in.Doc.path), Page: c.in.Doc.page, BasePath: c.in.BasePath}
	res, err := c.p.opts.Markdown.Convert(body, c.in.Doc.line, links)
	// The search index takes the words a reader sees, not "md" and "03"
	// from the address of a link to 2024-03-01-talks.md.
	c.terms = termsOf(res.Text)
	res.Text = ""
	if c.in.OwnSummary {
		res.Summary = ""
	}
	return res, err
}

// html is the body's HTML: the one at hand, or made again when the cache
// kept the rest of the result only.
func (c *conversion) html() (string, error) {
	if c.hasHTML {
		return c.res.HTML, nil
	}
	full, err := c.run()
	return full.HTML, err
}

// convert turns a document into HTML, or takes the result from the cache
// when its input is unchanged. The returned Result may lack its HTML (a
// build's cache keeps none); the converted value makes it on demand.
func (p *producer) convert(in convertInput, keepHTML bool) (markdown.Result, converted, error) {
	k := digest.Of(in)
	c := &conversion{p: p, in: in}
	if p.cache != nil {
		if res, hasHTML, terms, ok := p.cache.body(in.Doc.path, k); ok {
			c.res, c.hasHTML, c.terms = res, hasHTML, terms
			return res, converted{key: k, html: c.html, terms: terms}, nil
		}
	}
	res, err := c.run()
	if err != nil {
		return res, converted{}, err
	}
	if p.cache != nil {
		p.cache.putBody(in.Doc.path, k, res, keepHTML, c.terms)
	}
	c.res, c.hasHTML = res, true
	return res, converted{key: k, html: c.html, terms: c.terms}, nil
}

// convertFailed reports a body that could not be converted, at the line
// the converter names or else where the body starts.
func (e emitter) convertFailed(file string, bodyLine int, err error) {
	p := diag.Problem{Path: file, Line: bodyLine, Col: 1, Message: fmt.Sprintf("cannot render Markdown: %v", err)}
	var ne *markdown.NestingError
	if errors.As(err, &ne) {
		p.Line, p.Col, p.Message = ne.Line, ne.Col, ne.Msg
		p.Hint = "flatten the structure; briefings rarely need more than three levels"
	}
	e.problem(p)
}

func (e emitter) reportBroken(p string, links []markdown.BrokenLink, table *linkTable) {
	for _, l := range links {
		hint := "link to an existing briefing's file name, e.g. 2023-08-02-italy-talks.md"
		if near := table.nearest(l.Target); near != "" {
			hint = fmt.Sprintf("did you mean %q?", near)
		}
		e.problem(diag.Problem{Path: p, Line: l.Line, Col: l.Col,
			Message: fmt.Sprintf("link to missing file %q", l.Target), Hint: hint})
	}
}

// nearest is the file name of a briefing or page closest to the name a
// broken link gives, or "" when none is near enough to be a slip. Links
// resolve by file name anywhere in the site, so the name alone is the fix.
func (t *linkTable) nearest(target string) string {
	var names []string
	for k := range t.urls {
		if !strings.Contains(k, "/") {
			names = append(names, k)
		}
	}
	slices.Sort(names) // ties go to the first: the same suggestion every time
	return editdist.Nearest(path.Base(target), names)
}

// reportWarnings reports what the converter did not refuse but could not
// do as asked, such as code shown without highlighting.
func (e emitter) reportWarnings(p string, warnings []markdown.Warning) {
	for _, w := range warnings {
		e.problem(diag.Problem{Path: p, Line: w.Line, Col: w.Col, Message: w.Message, Hint: w.Hint, Severity: diag.Warning})
	}
}

// convertDoc converts a document with this render's settings, its links
// resolved through links, and reports its problems; ok is false when it
// could not be converted. The dev server's cache keeps its HTML.
func (e emitter) convertDoc(d *document, links *linkTable, ownSummary bool) (markdown.Result, converted, bool) {
	return e.convertKept(d, links, ownSummary, true)
}

// convertKept is convertDoc for a document whose HTML the dev server's
// cache keeps only when keepHTML is set: a briefing's page is made again
// only when its input changed, and the HTML of every briefing of a large
// site is hundreds of megabytes.
func (e emitter) convertKept(d *document, links *linkTable, ownSummary, keepHTML bool) (markdown.Result, converted, bool) {
	res, conv, err := e.p.convert(convertInput{Doc: d, Links: links, BasePath: e.p.ctx.basePath, Unsafe: e.p.ctx.cfg.UnsafeHTML, OwnSummary: ownSummary}, keepHTML)
	var limit *markdown.LimitError
	var read readError
	switch {
	case errors.As(err, &read):
		e.problem(read.problem())
		return res, conv, false
	case errors.As(err, &limit):
		// A body beyond one of the converter's limits says where and how
		// to fix it.
		e.problem(diag.Problem{Path: d.path, Line: limit.Line, Col: limit.Col, Message: limit.Msg, Hint: limit.Hint})
		return res, conv, false
	case err != nil:
		e.convertFailed(d.path, d.line, err)
		return res, conv, false
	}
	e.reportBroken(d.path, res.BrokenLinks, links)
	e.references(d.path, res.Refs)
	e.reportWarnings(d.path, res.Warnings)
	return res, conv, true
}
