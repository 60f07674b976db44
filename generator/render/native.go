package render

import (
	"bytes"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// The busiest page kinds of the default theme (a page per briefing, the
// home, country and tag lists, and the archive and search pages that list
// every briefing) are also written out here in Go. On a large
// site html/template spends most of its time in reflection, field lookups
// and escaper calls, a third of a whole build; the same pages written by
// hand cost a tenth of that.
//
// The templates stay the theme's definition: a kind is rendered natively
// only while its template files are byte-identical to the default theme the
// functions below were written from, so a site that overrides any of them
// gets html/template, and TestNativeMatchesTemplates renders sites both ways
// and requires identical bytes. A change to a default template therefore
// needs the same change here.
//
// Escaping follows html/template's for the contexts these pages use: text
// and quoted attributes (the same table), and URLs in href (filter unsafe
// schemes, normalise, then escape for the attribute).

// nativeKinds are the page kinds written in Go, by template file; each
// also depends on base.html and the partials.
var nativeKinds = map[string]func(w *htmlWriter, data any) error{
	"briefing.html": nativePage(func(p *BriefingPage) *Head { return &p.Head }, (*htmlWriter).briefingMain),
	"list.html":     nativePage(func(p *ListPage) *Head { return &p.Head }, (*htmlWriter).listMain),
	"home.html":     nativePage(func(p *ListPage) *Head { return &p.Head }, (*htmlWriter).homeMain),
	"archive.html":  nativePage(func(p *ArchivePage) *Head { return &p.Head }, (*htmlWriter).archiveMain),
	"search.html":   nativePage(func(p *SearchPage) *Head { return &p.Head }, (*htmlWriter).searchMain),
}

// nativePage renders a page of data type T: base.html around main.
func nativePage[T any](head func(T) *Head, main func(*htmlWriter, T)) func(*htmlWriter, any) error {
	return func(w *htmlWriter, data any) error {
		p, ok := data.(T)
		if !ok {
			return fmt.Errorf("unexpected page data %T", data)
		}
		w.page(head(p), func() { main(w, p) })
		return nil
	}
}

// nativeFor returns the native renderers that apply to the theme in fsys:
// those whose kind file, base.html and partials all equal the default's.
func nativeFor(fsys, defaults fs.FS) map[string]func(*htmlWriter, any) error {
	if defaults == nil {
		return nil
	}
	same := func(name string) bool {
		a, errA := fs.ReadFile(fsys, name)
		b, errB := fs.ReadFile(defaults, name)
		return errA == nil && errB == nil && bytes.Equal(a, b)
	}
	shared := []string{"base.html"}
	mine, _ := fs.Glob(fsys, "partials/*.html")
	theirs, _ := fs.Glob(defaults, "partials/*.html")
	if strings.Join(mine, "\n") != strings.Join(theirs, "\n") {
		return nil
	}
	for _, name := range append(shared, mine...) {
		if !same(name) {
			return nil
		}
	}
	out := map[string]func(*htmlWriter, any) error{}
	for kind, fn := range nativeKinds {
		if same(kind) {
			out[kind] = fn
		}
	}
	return out
}

// htmlWriter builds a page, escaping values as html/template would.
type htmlWriter struct {
	bytes.Buffer
}

func (w *htmlWriter) s(lit string) { w.WriteString(lit) }

// textEscapes holds what html/template writes for each byte it escapes in
// text and quoted attribute values; other bytes are copied.
var textEscapes = [256]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

// text writes a string in HTML text or a quoted attribute value. A table
// instead of a switch: the pages of a large site escape tens of megabytes.
func (w *htmlWriter) text(v string) {
	last := 0
	for i := 0; i < len(v); i++ {
		if repl := textEscapes[v[i]]; repl != "" {
			w.WriteString(v[last:i])
			w.WriteString(repl)
			last = i + 1
		}
	}
	w.WriteString(v[last:])
}

// url writes a string as a whole href value: a scheme other than http,
// https or mailto is replaced, bytes URLs may not hold are percent-encoded,
// and the result is escaped for the attribute.
func (w *htmlWriter) url(v string) {
	if scheme, _, ok := strings.Cut(v, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		v = "#ZgotmplZ"
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '%' && i+2 < len(v) && isHexDigit(v[i+1]) && isHexDigit(v[i+2]):
			continue
		}
		b.WriteString(v[last:i])
		fmt.Fprintf(&b, "%%%02x", c)
		last = i + 1
	}
	if last == 0 {
		w.text(v)
		return
	}
	b.WriteString(v[last:])
	w.text(b.String())
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// textIn writes v escaped between two pieces of markup; urlIn the same
// for an href value.
func (w *htmlWriter) textIn(before, v, after string) {
	w.s(before)
	w.text(v)
	w.s(after)
}

func (w *htmlWriter) urlIn(before, v, after string) {
	w.s(before)
	w.url(v)
	w.s(after)
}

// page is base.html: the head, the site's header and footer around main.
func (w *htmlWriter) page(h *Head, main func()) {
	w.textIn("<!DOCTYPE html>\n<html lang=\"", h.Site.Language, "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	w.textIn("<title>", h.FullTitle, "</title>\n")
	if h.Description != "" {
		w.textIn(`<meta name="description" content="`, h.Description, "\">\n")
	}
	if h.NoIndex {
		w.s("<meta name=\"robots\" content=\"noindex\">\n")
	}
	for _, l := range []struct{ rel, url string }{{"canonical", h.Canonical}, {"prev", h.PrevURL}, {"next", h.NextURL}} {
		if l.url != "" {
			w.urlIn(`<link rel="`+l.rel+`" href="`, l.url, "\">\n")
		}
	}
	for _, f := range h.Feeds {
		w.textIn(`<link rel="alternate" type="`, f.Type, `" title="`)
		w.text(f.Title)
		w.urlIn(`" href="`, f.URL, "\">\n")
	}
	w.textIn(`<meta property="og:title" content="`, h.Title, "\">\n")
	for _, m := range []struct{ property, content string }{{"og:description", h.Description}, {"og:url", h.Canonical}, {"og:type", h.OGType}} {
		if m.content != "" {
			w.textIn(`<meta property="`+m.property+`" content="`, m.content, "\">\n")
		}
	}
	w.textIn(`<meta property="og:site_name" content="`, h.Site.Title, "\">\n<meta name=\"twitter:card\" content=\"summary\">\n")
	w.urlIn(`<link rel="icon" href="`, h.Site.HomeURL, "favicon.svg\" type=\"image/svg+xml\">\n")
	for _, css := range h.Site.CSS {
		w.urlIn(`<link rel="stylesheet" href="`, css, "\">\n")
	}
	if h.JSONLD != "" {
		w.s(`<script type="application/ld+json">` + string(h.JSONLD) + "</script>\n")
	}
	w.textIn("</head>\n<body class=\"kind-", h.Kind, "\">\n<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n<header class=\"site-header\">\n<div class=\"wrap\">\n")
	w.urlIn(`<a class="site-title" href="`, h.Site.HomeURL, `">`)
	w.textIn("", h.Site.Title, "</a>\n")
	if len(h.Nav) > 0 {
		w.s("<nav class=\"site-nav\" aria-label=\"Main\">\n<ul>\n")
		for _, l := range h.Nav {
			w.urlIn(`<li><a href="`, l.URL, `"`)
			if l.Current {
				w.s(` aria-current="page"`)
			}
			w.textIn(">", l.Text, "</a></li>\n")
		}
		w.s("</ul>\n</nav>\n")
	}
	w.s("</div>\n</header>\n<main id=\"main\" class=\"wrap\">\n")
	main()
	w.s("\n</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n")
	if h.Site.Description != "" {
		w.textIn(`<p class="site-description">`, h.Site.Description, "</p>\n")
	}
	if h.Site.Publisher != "" {
		w.textIn("<p>Published by ", h.Site.Publisher, ".</p>\n")
	}
	w.urlIn("<nav class=\"footer-nav\" aria-label=\"Feeds\">\n<ul>\n<li><a href=\"", h.Site.FeedURL, "\">RSS feed of all briefings</a></li>\n")
	w.urlIn(`<li><a href="`, h.Site.OPMLURL, "\">All country feeds (OPML)</a></li>\n</ul>\n</nav>\n</div>\n</footer>\n</body>\n</html>\n")
}

// briefingMain is briefing.html's main.
func (w *htmlWriter) briefingMain(p *BriefingPage) {
	w.textIn("<article class=\"briefing\">\n<header class=\"briefing-header\">\n<h1>", p.Title, "</h1>\n<p class=\"meta\">\n")
	w.time(p.Date)
	if p.Author != "" {
		w.textIn(`<span class="by">By `, p.Author, "</span>")
	}
	if p.ReadingMinutes != 0 {
		w.textIn(`<span class="reading">`, strconv.Itoa(p.ReadingMinutes), " min read</span>")
	}
	w.s("\n</p>\n")
	if p.Updated != nil {
		w.s(`<p class="updated">Updated `)
		w.time(*p.Updated)
		w.s("</p>\n")
	}
	if len(p.Countries) > 0 {
		w.countryLinks(p.Countries)
		w.s("\n")
	}
	if len(p.Tags) > 0 {
		w.s(`<ul class="tags" aria-label="Topics">`)
		for _, t := range p.Tags {
			w.urlIn("\n<li><a href=\"", t.URL, `" rel="tag">`)
			w.textIn("", t.Text, "</a></li>")
		}
		w.s("\n</ul>\n")
	}
	if p.Summary != "" {
		w.textIn(`<p class="lead">`, p.Summary, "</p>\n")
	}
	w.s("</header>\n<div class=\"body\">\n")
	w.s(string(p.Body))
	w.s("\n</div>\n")
	if len(p.Sources) > 0 {
		w.s("<section class=\"sources\" aria-labelledby=\"sources-h\">\n<h2 id=\"sources-h\">Sources</h2>\n<ol>")
		for _, s := range p.Sources {
			w.s("\n<li>")
			if s.URL != "" {
				w.urlIn(`<a href="`, s.URL, `" rel="noopener noreferrer">`)
				w.textIn("", s.Name, "</a>")
			} else {
				w.text(s.Name)
			}
			if s.Title != "" {
				w.textIn(", “<cite>", s.Title, "</cite>”")
			}
			if s.Date != nil {
				w.s(", ")
				w.time(*s.Date)
			}
			w.s("</li>")
		}
		w.s("\n</ol>\n</section>")
	}
	w.s("\n</article>\n")
	if len(p.Related) > 0 {
		w.s("<section class=\"related\" aria-labelledby=\"related-h\">\n<h2 id=\"related-h\">Related briefings</h2>\n")
		w.items(p.Related, "h3", "")
		w.s("\n</section>\n")
	}
	if p.Older != nil || p.Newer != nil {
		w.s("<nav class=\"older-newer\" aria-label=\"Older and newer briefings\">\n<ul>\n")
		for _, l := range []struct {
			class, label string
			item         *Item
		}{{"older", "Older: ", p.Older}, {"newer", "Newer: ", p.Newer}} {
			if l.item != nil {
				w.urlIn(`<li class="`+l.class+`"><a href="`, l.item.URL, `">`+l.label)
				w.textIn("", l.item.Title, "</a></li>\n")
			}
		}
		w.s("</ul>\n</nav>")
	}
}

// time is a <time> element for d.
func (w *htmlWriter) time(d Date) {
	w.textIn(`<time datetime="`, d.ISO, `">`)
	w.textIn("", d.Human, "</time>")
}

// countryLinks is the partial country-links.
func (w *htmlWriter) countryLinks(cs []CountryLink) {
	w.s(`<ul class="countries">`)
	for _, c := range cs {
		w.flagged("\n<li><a href=\"", c, "</a></li>")
	}
	w.s("\n</ul>")
}

// item is the partial item (heading "h2") or item-h3.
func (w *htmlWriter) item(it *Item, heading string) {
	w.urlIn("<article class=\"item\">\n<"+heading+`><a href="`, it.URL, `">`)
	w.textIn("", it.Title, "</a></"+heading+">\n<p class=\"meta\">")
	w.time(it.Date)
	w.s("</p>\n")
	if it.Summary != "" {
		w.textIn(`<p class="summary">`, it.Summary, "</p>\n")
	}
	if len(it.Countries) > 0 {
		w.countryLinks(it.Countries)
	}
	w.s("\n</article>")
}

// items is the list of entries of home.html, list.html (heading "h2") and
// of related briefings ("h3"); none is what an empty list says instead.
func (w *htmlWriter) items(items []Item, heading, none string) {
	if len(items) == 0 {
		w.s(none)
		return
	}
	w.s(`<ul class="items">`)
	for i := range items {
		w.s("\n<li>")
		w.item(&items[i], heading)
		w.s("</li>")
	}
	w.s("\n</ul>")
}

// flagged writes a country as a link with its flag: before the href, then
// the link's content, then after.
func (w *htmlWriter) flagged(before string, c CountryLink, after string) {
	w.urlIn(before, c.URL, `"><span class="flag" aria-hidden="true">`)
	w.textIn("", c.Flag, "</span> ")
	w.textIn("", c.Name, after)
}

// pagination is the partial pagination.
func (w *htmlWriter) pagination(p *Pagination) {
	if p.Total <= 1 {
		return
	}
	w.s("<nav class=\"pagination\" aria-label=\"Pagination\">\n<ul>\n")
	if p.PrevURL != "" {
		w.urlIn(`<li class="prev"><a href="`, p.PrevURL, "\" rel=\"prev\"><span aria-hidden=\"true\">← </span>Previous<span class=\"visually-hidden\"> page</span></a></li>\n")
	}
	for _, pn := range p.Pages {
		w.urlIn(`<li><a href="`, pn.URL, `"`)
		if pn.Current {
			w.s(` aria-current="page"`)
		}
		w.s(`><span class="visually-hidden">Page </span>` + strconv.Itoa(pn.Number) + "</a></li>\n")
	}
	if p.NextURL != "" {
		w.urlIn(`<li class="next"><a href="`, p.NextURL, "\" rel=\"next\">Next<span class=\"visually-hidden\"> page</span><span aria-hidden=\"true\"> →</span></a></li>\n")
	}
	w.s("</ul>\n</nav>")
}

// listMain is list.html's main: a country's or a tag's briefings.
func (w *htmlWriter) listMain(p *ListPage) {
	w.s("<header class=\"list-header\">\n<h1>")
	if p.Country != nil {
		w.textIn(`<span class="flag" aria-hidden="true">`, p.Country.Flag, "</span> ")
	}
	w.textIn("", p.Title, "</h1>\n")
	if p.Country != nil && p.Country.Region != "" {
		w.textIn(`<p class="region">Region: `, p.Country.Region, "</p>\n")
	}
	if p.Intro != "" {
		w.s("<div class=\"intro\">\n")
		w.s(string(p.Intro))
		w.s("\n</div>\n")
	}
	if p.FeedURL != "" {
		w.urlIn(`<p class="feed-link"><a href="`, p.FeedURL, `">`)
		w.textIn("", p.FeedText, "</a></p>\n")
	}
	w.s("</header>\n")
	w.items(p.Items, "h2", "<p>No briefings yet.</p>")
	w.s("\n")
	w.pagination(&p.Pagination)
}

// homeMain is home.html's main: the latest briefings and the countries
// most covered.
func (w *htmlWriter) homeMain(p *ListPage) {
	w.textIn("<div class=\"home\">\n<div class=\"latest\">\n<h1>", p.Title, "</h1>\n")
	w.items(p.Items, "h2", "<p>No briefings have been published yet.</p>")
	w.s("\n")
	w.pagination(&p.Pagination)
	w.s("\n</div>\n")
	if len(p.TopCountries) > 0 {
		w.s("<aside class=\"top-countries\" aria-labelledby=\"top-countries-h\">\n<h2 id=\"top-countries-h\">Countries most covered</h2>\n<ol>")
		for _, c := range p.TopCountries {
			w.flagged("\n<li><a href=\"", c.CountryLink, `</a> <span class="count">`+count(c.Count, "briefing", "briefings")+"</span></li>")
		}
		w.urlIn("\n</ol>\n<p class=\"more\"><a href=\"", p.Site.CountriesURL, "\">All countries</a></p>\n</aside>")
	}
	w.s("\n</div>")
}

// count writes "1 briefing" or "n briefings".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// compactItem is a line of the archive and search lists: date and title.
func (w *htmlWriter) compactItem(it *Item) {
	w.s("\n<li>")
	w.time(it.Date)
	w.urlIn(` <a href="`, it.URL, `">`)
	w.textIn("", it.Title, "</a>")
}

// archiveMain is archive.html's main: every briefing by year and month.
func (w *htmlWriter) archiveMain(p *ArchivePage) {
	w.textIn("<h1>", p.Title, "</h1>\n")
	w.s(`<p class="archive-total">` + count(p.Total, "briefing", "briefings") + ", newest first.</p>\n")
	for _, y := range p.Years {
		year := strconv.Itoa(y.Year)
		w.s(`<section class="year" aria-labelledby="year-` + year + "\">\n<h2 id=\"year-" + year + `">` + year + "</h2>")
		for _, m := range y.Months {
			w.textIn("\n<h3 id=\"", m.ID, `">`)
			w.textIn("", m.Name, "</h3>\n<ul class=\"compact\">")
			for i := range m.Items {
				w.compactItem(&m.Items[i])
				w.s(` <span class="flags">`)
				for _, c := range m.Items[i].Countries {
					w.textIn(`<span role="img" aria-label="`, c.Name, `" title="`)
					w.textIn("", c.Name, `">`)
					w.textIn("", c.Flag, "</span>")
				}
				w.s("</span></li>")
			}
			w.s("\n</ul>")
		}
		w.s("\n</section>\n")
	}
}

// searchMain is search.html's main: the search form, and every briefing
// for readers without scripts.
func (w *htmlWriter) searchMain(p *SearchPage) {
	w.textIn("<h1>", p.Title, "</h1>\n")
	w.urlIn(`<form class="search-form" role="search" action="`, p.URL, `" method="get" data-index="`)
	w.textIn("", p.IndexURL, "\">\n<label for=\"search-q\">Search by title, summary, country or topic</label>\n"+
		"<input id=\"search-q\" name=\"q\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\">\n</form>\n"+
		"<p class=\"search-status\" id=\"search-status\" role=\"status\" aria-live=\"polite\"></p>\n"+
		"<ol class=\"search-results items\" id=\"search-results\" hidden></ol>\n"+
		"<section class=\"search-all\" id=\"search-all\" aria-labelledby=\"all-h\">\n<h2 id=\"all-h\">All briefings</h2>\n<ul class=\"compact\">")
	for i := range p.Items {
		w.compactItem(&p.Items[i])
		w.s("</li>")
	}
	w.urlIn("\n</ul>\n</section>\n<script src=\"", p.ScriptURL, "\" defer></script>")
}
