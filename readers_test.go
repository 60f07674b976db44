package main

// "Readers first": the default theme, built from the example site, checked
// the way readers, their browsers and their tools see it. The static checks
// read the built files (HTML parsed with x/net/html, feeds with gofeed); the
// browser checks drive Debian's headless Chromium with axe-core, take
// screenshots and look for horizontal scrolling. .ci/run adds the W3C Nu
// HTML Checker and xmllint on the same build.

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/goccy/go-yaml"
	"golang.org/x/net/html"

	"brief/generator"
	"brief/generator/i18n"
	"brief/generator/load"
	"brief/internal/sitetest"
)

const (
	cssBudget      = 20_000 // bytes: site.css and chroma.css together
	briefingBudget = 60_000 // bytes: a briefing's HTML and its CSS
)

// exampleSite is a site built into a temporary folder: the repository's
// example site, or the one brief init starts.
type exampleSite struct {
	out      string   // the output folder
	base     *url.URL // base_url of site.yaml
	language string   // language of site.yaml
	// editions are the codes of its further languages (languages:),
	// each served under /<code>/.
	editions []string
	// minPages and minFeeds are fewer pages and feeds than the site has:
	// fewer built means the build went wrong, and the checks would
	// prove little.
	minPages, minFeeds int
	// emptyFeeds are the feeds that may have no items (a site without
	// corrections has an empty feed of them).
	emptyFeeds []string
}

func buildExample(t *testing.T) *exampleSite {
	t.Helper()
	s := buildSite(t, ".")
	s.minPages, s.minFeeds = 20, 10
	return s
}

// buildSite builds the site in src into a temporary folder.
func buildSite(t *testing.T, src string) *exampleSite {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(src, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var settings struct {
		BaseURL   string         `yaml:"base_url"`
		Language  string         `yaml:"language"`
		Languages map[string]any `yaml:"languages"`
	}
	if err := yaml.Unmarshal(data, &settings); err != nil {
		t.Fatalf("site.yaml: %v", err)
	}
	if settings.Language == "" {
		settings.Language = "en"
	}
	base, err := url.Parse(settings.BaseURL)
	if err != nil {
		t.Fatalf("site.yaml base_url: %v", err)
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(generator.BuildOptions{Src: src, Out: out, Now: time.Now()})
	if err != nil {
		t.Fatalf("building the example site: %v\n%v", err, res.Problems)
	}
	s := &exampleSite{out: out, base: base, language: settings.Language}
	for code := range settings.Languages {
		s.editions = append(s.editions, code)
	}
	return s
}

// languageOf is the language of the page at rel, a path relative to the
// output folder: an edition's under its folder, else the site's.
func (s *exampleSite) languageOf(rel string) string {
	for _, code := range s.editions {
		if strings.HasPrefix(rel, code+"/") {
			return code
		}
	}
	return s.language
}

// browserPages lists the built pages a browser stays on: all but the
// pages at former addresses, whose meta refresh sends the browser on to
// the briefing (they are checked as HTML by the Nu checker, and their
// targets in the browser).
func (s *exampleSite) browserPages(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, rel := range s.pages(t) {
		data, err := os.ReadFile(filepath.Join(s.out, rel))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(`http-equiv="refresh"`)) {
			out = append(out, rel)
		}
	}
	return out
}

// briefingPages lists the files of the briefings' pages, leaving out the
// pages at former addresses (aliases) that lead to them.
func (s *exampleSite) briefingPages(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, rel := range s.browserPages(t) {
		if dir, ok := strings.CutSuffix(rel, "/index.html"); ok && path.Dir(dir) == "briefings" {
			out = append(out, filepath.Join(s.out, rel))
		}
	}
	return out
}

// pages lists the built HTML files, relative to the output folder, sorted.
func (s *exampleSite) pages(t *testing.T) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(s.out, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(s.out, p)
			pages = append(pages, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < s.minPages {
		t.Fatalf("only %d pages built", len(pages))
	}
	return pages
}

// metaHTTPEquiv returns the content of the meta element with that
// http-equiv, and whether there is one.
func metaHTTPEquiv(doc *html.Node, equiv string) (string, bool) {
	m := sitetest.Find(doc, sitetest.TagAttr("meta", "http-equiv", equiv))
	if m == nil {
		return "", false
	}
	return sitetest.Attr(m, "content"), true
}

// urlPath is the address of a built file below the site root: "/" for
// index.html, "/archive/" for archive/index.html.
func urlPath(rel string) string {
	if rel == "index.html" {
		return "/"
	}
	if dir, ok := strings.CutSuffix(rel, "/index.html"); ok {
		return "/" + dir + "/"
	}
	return "/" + rel
}

// fileFor maps a path below the site root to the built file serving it, or
// "" when there is none.
func (s *exampleSite) fileFor(p string) string {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	for _, c := range []string{p, p + "/index.html"} {
		if fi, err := os.Stat(filepath.Join(s.out, filepath.FromSlash(c))); err == nil && !fi.IsDir() {
			return c
		}
	}
	return ""
}

// resolve maps an absolute address of the site to its built file. It fails
// for addresses elsewhere and for addresses with no file.
func (s *exampleSite) resolve(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	if !u.IsAbs() || u.Scheme != s.base.Scheme || u.Host != s.base.Host {
		return "", fmt.Errorf("%q is not an absolute address of %s", raw, s.base)
	}
	rest, ok := strings.CutPrefix(u.Path, s.base.Path)
	if !ok && u.Path+"/" != s.base.Path {
		return "", fmt.Errorf("%q is outside the site's base path %s", raw, s.base.Path)
	}
	f := s.fileFor(rest)
	if f == "" {
		return "", fmt.Errorf("%q: no such file in the output", raw)
	}
	return f, nil
}

// external reports whether an address points at another host.
func (s *exampleSite) external(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return true
	}
	if u.Host == "" && u.Scheme == "" {
		return false
	}
	return u.Host != s.base.Host
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(sitetest.Attr(n, "class")), class)
}

// inClass reports whether n or one of its ancestors has one of the classes.
func inClass(n *html.Node, classes ...string) bool {
	for ; n != nil; n = n.Parent {
		if n.Type == html.ElementNode {
			for _, c := range classes {
				if hasClass(n, c) {
					return true
				}
			}
		}
	}
	return false
}

// accessibleName approximates what a screen reader announces for a link:
// its aria-label, or its text without aria-hidden parts, images by alt.
func accessibleName(n *html.Node) string {
	if l := sitetest.Attr(n, "aria-label"); l != "" {
		return l
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && sitetest.Attr(n, "aria-hidden") == "true":
			return
		case n.Type == html.ElementNode && n.Data == "img":
			b.WriteString(sitetest.Attr(n, "alt"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func metaContent(doc *html.Node, attr, name string) string {
	if m := sitetest.Find(doc, sitetest.TagAttr("meta", attr, name)); m != nil {
		return sitetest.Attr(m, "content")
	}
	return ""
}

func linkRel(doc *html.Node, rel string) []*html.Node {
	return sitetest.FindAll(doc, func(n *html.Node) bool {
		return n.Data == "link" && slices.Contains(strings.Fields(sitetest.Attr(n, "rel")), rel)
	})
}

var headingLevel = map[string]int{"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

// vagueLinkText is link text that means nothing out of context.
var vagueLinkText = map[string]bool{
	"here": true, "click here": true, "more": true, "read more": true, "more…": true, "link": true,
	"this": true, "this page": true, "continue": true, "details": true, "learn more": true, "go": true,
}

func validDatetime(v string) bool {
	for _, layout := range []string{time.RFC3339, time.DateOnly, "2006-01"} {
		if _, err := time.Parse(layout, v); err == nil {
			return true
		}
	}
	return false
}

// TestReadersPages checks every built page's structure and metadata.
func TestReadersPages(t *testing.T) { checkPages(t, buildExample(t)) }

// checkPages checks every page of a built site: structure and metadata.
func checkPages(t *testing.T, s *exampleSite) {
	for _, rel := range s.pages(t) {
		doc := sitetest.ReadHTML(t, filepath.Join(s.out, rel))
		errorf := func(format string, args ...any) {
			t.Helper()
			t.Errorf("%s: %s", rel, fmt.Sprintf(format, args...))
		}
		root := sitetest.Find(doc, sitetest.Tag("html"))
		if got, want := sitetest.Attr(root, "lang"), s.languageOf(rel); got != want {
			errorf(`<html lang=%q>, want %q from site.yaml`, got, want)
		}
		if title := sitetest.Find(doc, sitetest.Tag("title")); title == nil || sitetest.Text(title) == "" {
			errorf("no <title>")
		}

		// One h1, and headings that never skip a level.
		headings := sitetest.FindAll(doc, func(n *html.Node) bool { return headingLevel[n.Data] > 0 })
		h1s := 0
		prev := 0
		for _, h := range headings {
			level := headingLevel[h.Data]
			if level == 1 {
				h1s++
			}
			if level > prev+1 {
				errorf("heading %q is an h%d after an h%d", sitetest.Text(h), level, prev)
			}
			if sitetest.Text(h) == "" {
				errorf("empty %s", h.Data)
			}
			prev = level
		}
		if h1s != 1 {
			errorf("%d h1 elements, want 1", h1s)
		}

		// Landmarks and the skip link, which comes first.
		body := sitetest.Find(doc, sitetest.Tag("body"))
		mains := sitetest.FindAll(doc, sitetest.Tag("main"))
		if len(mains) != 1 || sitetest.Attr(mains[0], "id") != "main" {
			errorf("want exactly one <main id=main>, have %d", len(mains))
		}
		for _, tag := range []string{"header", "footer"} {
			if sitetest.Find(body, func(n *html.Node) bool { return n.Data == tag && n.Parent == body }) == nil {
				errorf("no <%s> landmark (a child of <body>)", tag)
			}
		}
		if sitetest.Find(body, sitetest.Tag("nav")) == nil {
			errorf("no <nav> landmark")
		}
		if first := sitetest.Find(body, sitetest.Tag("a")); first == nil || sitetest.Attr(first, "href") != "#main" {
			errorf(`the first link is not a skip link to #main`)
		}

		// Metadata for search engines, link previews and feed readers.
		if metaContent(doc, "name", "description") == "" {
			errorf("no meta description")
		}
		canonical := ""
		if l := linkRel(doc, "canonical"); len(l) == 1 {
			canonical = sitetest.Attr(l[0], "href")
		} else {
			errorf("%d canonical links, want 1", len(l))
		}
		// A page at a former address names the briefing it leads to.
		_, alias := metaHTTPEquiv(doc, "refresh")
		if rel != "404.html" {
			if f, err := s.resolve(canonical); err != nil {
				errorf("canonical: %v", err)
			} else if f != rel && !alias {
				errorf("canonical %s points at %s", canonical, f)
			}
		}
		if metaContent(doc, "property", "og:title") == "" {
			errorf("no og:title")
		}
		if got := metaContent(doc, "property", "og:url"); got != canonical {
			errorf("og:url %q differs from the canonical URL %q", got, canonical)
		}
		for _, prop := range []string{"og:type", "og:site_name", "og:description"} {
			if metaContent(doc, "property", prop) == "" {
				errorf("no %s", prop)
			}
		}
		if metaContent(doc, "name", "twitter:card") == "" {
			errorf("no twitter:card")
		}
		rss := 0
		for _, l := range linkRel(doc, "alternate") {
			typ := sitetest.Attr(l, "type")
			if typ == "application/rss+xml" {
				rss++
			}
			if typ != "application/rss+xml" && typ != "application/feed+json" {
				continue
			}
			if sitetest.Attr(l, "title") == "" {
				errorf("feed link %s has no title", sitetest.Attr(l, "href"))
			}
			if _, err := s.resolve(sitetest.Attr(l, "href")); err != nil {
				errorf("feed link: %v", err)
			}
		}
		if rss == 0 {
			errorf("no RSS feed discovery link")
		}

		// Dates are machine-readable.
		for _, tm := range sitetest.FindAll(doc, sitetest.Tag("time")) {
			if dt := sitetest.Attr(tm, "datetime"); !validDatetime(dt) {
				errorf("<time>%s</time> has datetime %q", sitetest.Text(tm), dt)
			}
		}

		// Nothing is fetched from another host; links to other sites only
		// in the text and the list of sources.
		ids := map[string]bool{}
		for _, n := range sitetest.FindAll(doc, func(n *html.Node) bool { return sitetest.Attr(n, "id") != "" }) {
			ids[sitetest.Attr(n, "id")] = true
		}
		textOf := map[string]string{}
		for _, n := range sitetest.FindAll(doc, func(*html.Node) bool { return true }) {
			for _, a := range n.Attr {
				switch {
				case a.Key == "src" || a.Key == "srcset" || a.Key == "poster" || a.Key == "data" || a.Key == "action" || a.Key == "formaction":
					if s.external(a.Val) {
						errorf("<%s %s=%q> loads from another host", n.Data, a.Key, a.Val)
					}
				case a.Key == "href" && n.Data == "link":
					if s.external(a.Val) {
						errorf("<link href=%q> points at another host", a.Val)
					}
				case a.Key == "href" && n.Data == "a":
					if s.external(a.Val) && !inClass(n, "sources", "body", "intro") {
						errorf("link to another host outside the text and sources: %s", a.Val)
					}
				}
			}
			if n.Data == "img" && !slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == "alt" }) {
				errorf("<img src=%q> has no alt", sitetest.Attr(n, "src"))
			}
			if n.Data != "a" && n.Data != "link" {
				continue
			}
			href := sitetest.Attr(n, "href")
			switch {
			case strings.HasPrefix(href, "#"):
				if !ids[href[1:]] {
					errorf("link to #%s, which is not on the page", href[1:])
				}
			case strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "//"):
				u, _ := url.Parse(href)
				if s.fileFor(u.Path) == "" {
					errorf("link to %s, which was not built", href)
				}
			}
			if n.Data != "a" {
				continue
			}
			// Link text that makes sense on its own: never vague, and the
			// same text never leads to two places.
			name := accessibleName(n)
			switch {
			case name == "":
				errorf("link to %s has no text", href)
			case vagueLinkText[strings.ToLower(strings.Trim(name, " .:"))]:
				errorf("link text %q to %s does not make sense alone", name, href)
			}
			if other, ok := textOf[name]; ok && other != href && !inClass(n, "body", "sources") {
				errorf("link text %q leads to both %s and %s", name, other, href)
			}
			textOf[name] = href
		}
	}
}

// TestReadersBriefings checks what each briefing page tells machines: its
// schema.org NewsArticle, and its weight.
func TestReadersBriefings(t *testing.T) {
	s := buildExample(t)
	css := 0
	for _, f := range []string{"css/site.css", "css/chroma.css"} {
		fi, err := os.Stat(filepath.Join(s.out, f))
		if err != nil {
			t.Fatal(err)
		}
		css += int(fi.Size())
	}
	if css >= cssBudget {
		t.Errorf("site.css and chroma.css weigh %d bytes together, want under %d", css, cssBudget)
	}
	// No web fonts, no imports, nothing from elsewhere in the stylesheets.
	for _, f := range []string{"css/site.css", "css/chroma.css"} {
		data, _ := os.ReadFile(filepath.Join(s.out, f))
		if m := regexp.MustCompile(`(?i)@font-face|@import|url\(`).Find(data); m != nil {
			t.Errorf("%s uses %s", f, m)
		}
	}

	pages := s.briefingPages(t)
	if len(pages) < 10 {
		t.Fatalf("%d briefing pages", len(pages))
	}
	var sizes []int
	for _, p := range pages {
		rel, _ := filepath.Rel(s.out, p)
		fi, _ := os.Stat(p)
		sizes = append(sizes, int(fi.Size()))
		if int(fi.Size())+css >= briefingBudget {
			t.Errorf("%s: %d bytes of HTML and %d of CSS, want under %d together", rel, fi.Size(), css, briefingBudget)
		}
		doc := sitetest.ReadHTML(t, p)
		if got := metaContent(doc, "property", "og:type"); got != "article" {
			t.Errorf("%s: og:type %q, want article", rel, got)
		}
		scripts := sitetest.FindAll(doc, sitetest.TagAttr("script", "type", "application/ld+json"))
		if len(scripts) != 1 || scripts[0].FirstChild == nil {
			t.Errorf("%s: %d JSON-LD scripts, want 1", rel, len(scripts))
			continue
		}
		var ld map[string]any
		if err := json.Unmarshal([]byte(scripts[0].FirstChild.Data), &ld); err != nil {
			t.Errorf("%s: JSON-LD does not parse: %v", rel, err)
			continue
		}
		for _, key := range []string{"@context", "@type", "headline", "datePublished", "dateModified", "author", "publisher", "about", "contentLocation", "citation", "isAccessibleForFree", "url"} {
			if _, ok := ld[key]; !ok {
				t.Errorf("%s: JSON-LD lacks %s", rel, key)
			}
		}
		if ld["@context"] != "https://schema.org" || ld["@type"] != "NewsArticle" {
			t.Errorf("%s: JSON-LD is a %v of %v, want a NewsArticle of https://schema.org", rel, ld["@type"], ld["@context"])
		}
		if h1 := sitetest.Find(doc, sitetest.Tag("h1")); h1 == nil || ld["headline"] != sitetest.Text(h1) {
			t.Errorf("%s: JSON-LD headline %q is not the h1", rel, ld["headline"])
		}
		for _, key := range []string{"datePublished", "dateModified"} {
			if v, _ := ld[key].(string); !validDatetime(v) {
				t.Errorf("%s: JSON-LD %s %q is not a date", rel, key, ld[key])
			}
		}
		published := sitetest.Attr(sitetest.Find(doc, sitetest.Tag("time")), "datetime")
		if ld["datePublished"] != published {
			t.Errorf("%s: JSON-LD datePublished %v, the page says %s", rel, ld["datePublished"], published)
		}
		if ld["isAccessibleForFree"] != true {
			t.Errorf("%s: isAccessibleForFree is %v", rel, ld["isAccessibleForFree"])
		}
		named := func(v any) bool {
			m, ok := v.(map[string]any)
			return ok && m["@type"] != nil && m["name"] != ""
		}
		if authors, ok := ld["author"].([]any); !ok || len(authors) == 0 || !named(authors[0]) {
			t.Errorf("%s: JSON-LD author %v", rel, ld["author"])
		}
		if pub, ok := ld["publisher"].(map[string]any); !ok || pub["@type"] != "Organization" || pub["name"] == "" {
			t.Errorf("%s: JSON-LD publisher %v", rel, ld["publisher"])
		}
		header := sitetest.Find(doc, func(n *html.Node) bool { return hasClass(n, "briefing-header") })
		countries := len(sitetest.FindAll(sitetest.Find(header, func(n *html.Node) bool { return hasClass(n, "countries") }), sitetest.Tag("li")))
		for _, key := range []string{"about", "contentLocation"} {
			if places, ok := ld[key].([]any); !ok || len(places) != countries || !named(places[0]) {
				t.Errorf("%s: JSON-LD %s %v, the page names %d countries", rel, key, ld[key], countries)
			}
		}
		sources := sitetest.Find(doc, func(n *html.Node) bool { return hasClass(n, "sources") })
		if sources == nil {
			t.Errorf("%s: no list of sources", rel)
			continue
		}
		if cites, ok := ld["citation"].([]any); !ok || len(cites) != len(sitetest.FindAll(sources, sitetest.Tag("li"))) || !named(cites[0]) {
			t.Errorf("%s: JSON-LD citation %v does not match the sources", rel, ld["citation"])
		}
	}
	sort.Ints(sizes)
	t.Logf("CSS: %d bytes; briefing HTML: %d to %d bytes, median %d", css, sizes[0], sizes[len(sizes)-1], sizes[len(sizes)/2])
}

// TestReadersLists checks the pages that list briefings: country pages,
// the countries page, the archive and pagination.
func TestReadersLists(t *testing.T) {
	s := buildExample(t)
	briefings := s.briefingPages(t)
	byClass := func(class string) func(*html.Node) bool {
		return func(n *html.Node) bool { return hasClass(n, class) }
	}

	// Country pages: flag, name, region, intro, and each briefing with
	// date, title, summary and the other countries it concerns.
	countryDirs, _ := filepath.Glob(filepath.Join(s.out, "countries", "*", "index.html"))
	for _, p := range countryDirs {
		code := filepath.Base(filepath.Dir(p))
		rel := "countries/" + code + "/index.html"
		doc := sitetest.ReadHTML(t, p)
		h1 := sitetest.Find(doc, sitetest.Tag("h1"))
		if h1 == nil || sitetest.Find(h1, byClass("flag")) == nil || accessibleName(h1) == "" {
			t.Errorf("%s: the h1 lacks the flag or the name", rel)
			continue
		}
		name := accessibleName(h1)
		if r := sitetest.Find(doc, byClass("region")); r == nil || !strings.Contains(sitetest.Text(r), "Region:") {
			t.Errorf("%s: no region", rel)
		}
		if _, err := os.Stat(filepath.Join("content", "countries", code+".md")); err == nil && sitetest.Find(doc, byClass("intro")) == nil {
			t.Errorf("%s: content/countries/%s.md is not shown", rel, code)
		}
		items := sitetest.FindAll(doc, byClass("item"))
		if len(items) == 0 {
			t.Errorf("%s: no briefings listed", rel)
		}
		for _, it := range items {
			if sitetest.Find(it, sitetest.Tag("time")) == nil || sitetest.Find(it, sitetest.Tag("h2")) == nil || sitetest.Find(it, byClass("summary")) == nil {
				t.Errorf("%s: an item lacks its date, title or summary", rel)
			}
			for _, a := range sitetest.FindAll(it, func(n *html.Node) bool { return n.Data == "a" && inClass(n, "countries") }) {
				if accessibleName(a) == name {
					t.Errorf("%s: an item lists %s itself among the other countries", rel, name)
				}
			}
		}
	}

	// The countries page groups by region, with counts.
	doc := sitetest.ReadHTML(t, filepath.Join(s.out, "countries", "index.html"))
	groups := sitetest.FindAll(doc, byClass("region-group"))
	listed := 0
	for _, g := range groups {
		if sitetest.Find(g, sitetest.Tag("h2")) == nil {
			t.Error("countries page: a region without a heading")
		}
		for _, li := range sitetest.FindAll(g, sitetest.Tag("li")) {
			listed++
			if !regexp.MustCompile(`\d+ briefings?`).MatchString(sitetest.Text(li)) {
				t.Errorf("countries page: %q has no count", sitetest.Text(li))
			}
		}
	}
	if len(groups) < 2 || listed != len(countryDirs) {
		t.Errorf("countries page: %d countries in %d regions, want %d countries", listed, len(groups), len(countryDirs))
	}

	// The archive: the years with their months, linking to each year's
	// pages, which list its briefings by month; every briefing once.
	doc = sitetest.ReadHTML(t, filepath.Join(s.out, "archive", "index.html"))
	years := sitetest.FindAll(doc, byClass("year"))
	if len(years) < 2 {
		t.Errorf("archive: %d years, want the example's 2", len(years))
	}
	seen := map[string]int{}
	for _, y := range years {
		a := sitetest.Find(sitetest.Find(y, sitetest.Tag("h2")), sitetest.Tag("a"))
		months := sitetest.FindAll(y, func(n *html.Node) bool { return n.Data == "a" && inClass(n, "months") })
		if a == nil || len(months) == 0 {
			t.Errorf("archive: a year without its link or its months: %q", sitetest.Text(y))
			continue
		}
		rel := s.fileFor(sitetest.Attr(a, "href"))
		if rel == "" {
			t.Errorf("archive: %s leads to no page", sitetest.Attr(a, "href"))
			continue
		}
		page := sitetest.ReadHTML(t, filepath.Join(s.out, rel))
		if h2 := sitetest.FindAll(page, sitetest.Tag("h2")); len(h2) < len(months) {
			t.Errorf("%s: %d month headings, /archive/ shows %d months", rel, len(h2), len(months))
		}
		for _, a := range sitetest.FindAll(sitetest.Find(page, sitetest.Tag("main")), sitetest.Tag("a")) {
			if strings.HasPrefix(sitetest.Attr(a, "href"), "/briefings/") {
				seen[sitetest.Attr(a, "href")]++
			}
		}
	}
	if len(seen) != len(briefings) {
		t.Errorf("archive: the years link %d briefings, %d were built", len(seen), len(briefings))
	}
	for href, n := range seen {
		if n != 1 {
			t.Errorf("archive: %s is listed %d times", href, n)
		}
	}

	// Pagination: previous, next and numbers, matching rel links in the head.
	paginated := 0
	for _, rel := range s.pages(t) {
		doc := sitetest.ReadHTML(t, filepath.Join(s.out, rel))
		nav := sitetest.Find(doc, byClass("pagination"))
		if nav == nil {
			continue
		}
		paginated++
		current := sitetest.FindAll(nav, sitetest.TagAttr("a", "aria-current", "page"))
		if len(current) != 1 || sitetest.Attr(current[0], "href") != urlPath(rel) {
			t.Errorf("%s: the pagination does not mark this page as current", rel)
		}
		for _, dir := range []string{"prev", "next"} {
			var inNav, inHead string
			if a := sitetest.Find(nav, sitetest.TagAttr("a", "rel", dir)); a != nil {
				inNav = sitetest.Attr(a, "href")
			}
			if l := linkRel(doc, dir); len(l) > 0 {
				inHead = sitetest.Attr(l[0], "href")
			}
			if inNav != inHead {
				t.Errorf("%s: rel=%s is %q in the pagination and %q in the head", rel, dir, inNav, inHead)
			}
		}
		if sitetest.Find(nav, sitetest.TagAttr("a", "rel", "prev")) == nil && sitetest.Find(nav, sitetest.TagAttr("a", "rel", "next")) == nil {
			t.Errorf("%s: pagination without previous or next", rel)
		}
	}
	if paginated < 4 {
		t.Errorf("only %d paginated pages; the example site should exercise pagination", paginated)
	}
}

// TestReadersFeeds reads every feed with a real feed reader and follows
// every address in it, the feed list (OPML) and the sitemap to a built
// file.
func TestReadersFeeds(t *testing.T) { checkFeeds(t, buildExample(t)) }

// checkFeeds checks the feeds, the feed list and the sitemap of a built
// site.
func checkFeeds(t *testing.T, s *exampleSite) {
	var feeds []string
	filepath.WalkDir(s.out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, "feed.xml") || strings.HasSuffix(p, "feed.json")) {
			feeds = append(feeds, p)
		}
		return err
	})
	if len(feeds) < s.minFeeds {
		t.Fatalf("%d feeds", len(feeds))
	}
	for _, p := range feeds {
		rel, _ := filepath.Rel(s.out, p)
		f := sitetest.ReadFeed(t, p)
		if f.Title == "" || len(f.Items) == 0 && !slices.Contains(s.emptyFeeds, filepath.ToSlash(rel)) {
			t.Errorf("%s: title %q, %d items", rel, f.Title, len(f.Items))
		}
		if _, err := s.resolve(f.Link); err != nil {
			t.Errorf("%s: feed link: %v", rel, err)
		}
		if f.FeedLink != "" {
			if got, err := s.resolve(f.FeedLink); err != nil || got != filepath.ToSlash(rel) {
				t.Errorf("%s: self link %s resolves to %q (%v)", rel, f.FeedLink, got, err)
			}
		}
		for _, it := range f.Items {
			if _, err := s.resolve(it.Link); err != nil {
				t.Errorf("%s: item %q: %v", rel, it.Title, err)
			}
			if it.PublishedParsed == nil {
				t.Errorf("%s: item %q has no date", rel, it.Title)
			}
			if it.Content == "" {
				continue
			}
			body, err := html.Parse(strings.NewReader(it.Content))
			if err != nil {
				t.Errorf("%s: item %q: content: %v", rel, it.Title, err)
				continue
			}
			for _, n := range sitetest.FindAll(body, func(n *html.Node) bool { return n.Data == "a" || n.Data == "img" }) {
				addr := sitetest.Attr(n, "href")
				if n.Data == "img" {
					addr = sitetest.Attr(n, "src")
				}
				u, err := url.Parse(addr)
				switch {
				case err != nil || (!u.IsAbs() && !strings.HasPrefix(addr, "#")):
					t.Errorf("%s: item %q: relative address %q in the content", rel, it.Title, addr)
				case u.Host == s.base.Host:
					if _, err := s.resolve(addr); err != nil {
						t.Errorf("%s: item %q: %v", rel, it.Title, err)
					}
				}
			}
		}
	}

	var opml struct {
		Outlines []struct {
			XMLURL  string `xml:"xmlUrl,attr"`
			HTMLURL string `xml:"htmlUrl,attr"`
		} `xml:"body>outline>outline"`
	}
	data, err := os.ReadFile(filepath.Join(s.out, "feeds.opml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(data, &opml); err != nil {
		t.Fatalf("feeds.opml: %v", err)
	}
	if len(opml.Outlines) == 0 {
		t.Error("feeds.opml lists no feeds")
	}
	for _, o := range opml.Outlines {
		for _, addr := range []string{o.XMLURL, o.HTMLURL} {
			if _, err := s.resolve(addr); err != nil {
				t.Errorf("feeds.opml: %v", err)
			}
		}
	}

	var sitemap struct {
		Locs []string `xml:"url>loc"`
	}
	data, err = os.ReadFile(filepath.Join(s.out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(data, &sitemap); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	if len(sitemap.Locs) < s.minPages {
		t.Errorf("sitemap.xml lists %d addresses", len(sitemap.Locs))
	}
	for _, loc := range sitemap.Locs {
		if _, err := s.resolve(loc); err != nil {
			t.Errorf("sitemap.xml: %v", err)
		}
	}
}

// ciTool finds a file of the npm tools .ci/run installs: at the path in the
// environment variable env, or under .ci/tools/node_modules. Without it
// the test skips, except under CI, where it fails.
func ciTool(t *testing.T, env, rel string) string {
	t.Helper()
	if p := os.Getenv(env); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("%s: %v", env, err)
		}
		return p
	}
	p, err := filepath.Abs(filepath.Join(".ci", "tools", "node_modules", filepath.FromSlash(rel)))
	if err == nil {
		if _, err = os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not found (%v); set %s or run npm ci --prefix .ci/tools", rel, err, env)
	}
	t.Skipf("%s not installed (npm ci --prefix .ci/tools, or set %s); set CI=1 to make this a failure", rel, env)
	return ""
}

// readerPages are the pages looked at in the browser: one of each kind a
// reader meets (briefings with code and with a table), and search with
// results.
var readerPages = []struct {
	name, path string
	ready      string // a JavaScript condition true once the page is ready
}{
	{"home", "/", ""},
	{"briefing", "/briefings/italy-ukraine-agreement/", ""}, // with a correction and a story line
	{"briefing-code", "/briefings/security-agreements-timeline/", ""},
	{"briefing-table", "/briefings/spain-belgium-portugal-agreements/", ""},
	{"country", "/countries/ua/", ""},
	{"countries", "/countries/", ""},
	{"archive", "/archive/", ""},
	{"archive-year", "/archive/2024/", ""},
	{"corrections", "/corrections/", ""},
	{"stories", "/stories/", ""},
	{"story", "/stories/bilateral-agreements/", ""},
	{"search", "/search/", ""},
	{"search-results", "/search/?q=italy", `!document.getElementById("search-results").hidden`},
	{"search-filtered", "/search/?q=agreement&country=it", `!document.getElementById("search-results").hidden`},
	// The Ukrainian edition: its words, dates and country names are
	// longer than English ones.
	{"uk-home", "/uk/", ""},
	{"uk-briefing", "/uk/briefings/italy-ukraine-agreement/", ""},
	{"uk-country", "/uk/countries/ua/", ""},
	{"uk-countries", "/uk/countries/", ""},
	{"uk-search-results", "/uk/search/?q=італія", `!document.getElementById("search-results").hidden`},
}

// media sets the emulated CSS media type ("" for screen) and colour scheme.
func media(typ, scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Media:    typ,
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// screenshotDir is where screenshots go: $BRIEF_SCREENSHOTS, or
// brief-screenshots in the temporary folder.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("BRIEF_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "brief-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// viewport sets the window width; narrow ones are phones.
func viewport(width int64) chromedp.Action[chromedp.Void] {
	if width < 700 {
		return chromedp.EmulateViewport(width, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait)
	}
	return chromedp.EmulateViewport(width, 900)
}

// open loads a page and waits until it is ready.
func open(t *testing.T, ctx context.Context, addr, ready string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(addr)); err != nil {
		t.Fatalf("%s: %v", addr, err)
	}
	if ready == "" {
		ready = `document.readyState === "complete"`
	}
	waitInPage(t, ctx, addr, ready)
}

func eval[T any](t *testing.T, ctx context.Context, expr string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		t.Fatalf("evaluating %.80s: %v", expr, err)
	}
	return v
}

type axeViolation struct {
	ID, Impact, Help string
	Nodes            []string
	Count            int
}

// axeTarget is a page axe-core checks: its path and a JavaScript
// condition true once it is ready ("" for the load event).
type axeTarget struct{ path, ready string }

// checkAxe runs axe-core on pages of the site served at base: featured at
// 390 and 1280 px in light and dark mode, all at 390 px in light mode. The
// dark colours are the stylesheet's, the same on every page, and the
// featured pages hold every kind of element the theme colours; checking
// every page of both editions in both modes took three minutes of CI.
// A critical or serious violation fails the test; others are logged.
func checkAxe(t *testing.T, ctx context.Context, base string, featured, all []axeTarget) {
	axePath := ciTool(t, "BRIEF_AXE", "axe-core/axe.min.js")
	axeSource, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	const runAxe = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help, count: v.nodes.length,
		nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " "))})))`
	runs, version := 0, ""
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range []int64{390, 1280} {
			if err := chromedp.Do(ctx, viewport(width), media("", scheme)); err != nil {
				t.Fatal(err)
			}
			pages := featured
			if width == 390 && scheme == "light" {
				pages = all
			}
			for _, p := range pages {
				open(t, ctx, base+p.path, p.ready)
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(axeSource))); err != nil {
					t.Fatalf("injecting axe-core: %v", err)
				}
				version = eval[string](t, ctx, `axe.version`)
				violations := eval[[]axeViolation](t, ctx, runAxe, chromedp.EvalAwaitPromise)
				runs++
				for _, v := range violations {
					msg := fmt.Sprintf("%s (%d px, %s): %s %s: %s (%d elements)\n\t%s", p.path, width, scheme, v.Impact, v.ID, v.Help, v.Count, strings.Join(v.Nodes, "\n\t"))
					if v.Impact == "critical" || v.Impact == "serious" {
						t.Error(msg)
					} else {
						t.Log(msg)
					}
				}
			}
		}
	}
	t.Logf("axe-core %s: %d runs on %d pages", version, runs, len(all))
}

// TestReadersInBrowser looks at the built example site in headless
// Chromium: axe-core in light and dark mode, screenshots at 390 and 1280
// px, no horizontal scrolling, search, printing, reading without scripts
// and keyboard focus.
func TestReadersInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser checks run in the full test pass; -short (CI's race pass) leaves them out")
	}
	s := buildExample(t)
	ctx := newBrowser(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(s.out)))
	t.Cleanup(srv.Close)

	t.Run("no horizontal scrolling", func(t *testing.T) {
		addrs := []string{}
		for _, rel := range s.browserPages(t) {
			addrs = append(addrs, urlPath(rel))
		}
		addrs = append(addrs, "/search/?q=ukraine")
		for _, width := range []int64{360, 390} {
			if err := chromedp.Do(ctx, viewport(width), media("", "light")); err != nil {
				t.Fatal(err)
			}
			for _, addr := range addrs {
				ready := ""
				if strings.Contains(addr, "?q=") {
					ready = `!document.getElementById("search-results").hidden`
				}
				open(t, ctx, srv.URL+addr, ready)
				widths := eval[[]int](t, ctx, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`)
				if widths[0] > widths[1] {
					wide := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + " " + Math.round(e.getBoundingClientRect().right) + "px")`)
					t.Errorf("%s at %d px: scrolls horizontally (scrollWidth %d > clientWidth %d); widest: %v", addr, width, widths[0], widths[1], wide)
				}
			}
		}
	})

	t.Run("screenshots", func(t *testing.T) {
		dir := screenshotDir(t)
		old, _ := filepath.Glob(filepath.Join(dir, "*.png"))
		for _, f := range old {
			os.Remove(f)
		}
		n := 0
		for _, scheme := range []string{"light", "dark"} {
			for _, width := range []int64{390, 1280} {
				if err := chromedp.Do(ctx, viewport(width), media("", scheme)); err != nil {
					t.Fatal(err)
				}
				for _, p := range readerPages {
					open(t, ctx, srv.URL+p.path, p.ready)
					png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
					if err != nil {
						t.Fatalf("%s: %v", p.name, err)
					}
					name := fmt.Sprintf("%s-%d-%s.png", p.name, width, scheme)
					if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
						t.Fatal(err)
					}
					n++
				}
			}
		}
		t.Logf("%d screenshots in %s", n, dir)
		fmt.Fprintf(os.Stderr, "readers: %d screenshots in %s\n", n, dir)
	})

	t.Run("maps", func(t *testing.T) {
		dir := screenshotDir(t)
		// The maps alone, light and dark, next to the whole pages above.
		for _, scheme := range []string{"light", "dark"} {
			if err := chromedp.Do(ctx, viewport(1280), media("", scheme)); err != nil {
				t.Fatal(err)
			}
			for _, m := range []struct{ name, path, sel string }{
				{"countries", "/countries/", "figure.map-coverage"},
				{"country", "/countries/ua/", "figure.map-locator"},
			} {
				open(t, ctx, srv.URL+m.path, "")
				png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(m.sel)))
				if err != nil {
					t.Fatalf("%s: %v", m.sel, err)
				}
				name := fmt.Sprintf("map-%s-%s.png", m.name, scheme)
				if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		// Every country of the coverage map is reached with Tab, named by
		// its title, and shows that it has the focus.
		if err := chromedp.Do(ctx, media("", "light")); err != nil {
			t.Fatal(err)
		}
		open(t, ctx, srv.URL+"/countries/", "")
		// The shades are painted as the legend says: each step's shapes
		// in the colour of its key, none in the colour of bare land. (A
		// rule for land once outweighed those of the steps.)
		type paint struct{ Step, Shape, Key, Land string }
		for _, p := range eval[[]paint](t, ctx, `Array.from(document.querySelectorAll(".map-coverage svg a[class]")).map(a => ({
				step: a.getAttribute("class"),
				shape: getComputedStyle(a.querySelector("path, circle")).fill,
				key: getComputedStyle(document.querySelector(".map-legend .key." + a.getAttribute("class"))).backgroundColor,
				land: getComputedStyle(document.querySelector(".map-coverage path.land")).fill}))`) {
			if p.Shape == p.Land || p.Shape != p.Key {
				t.Errorf("a country of step %s is painted %s; its key is %s, bare land %s", p.Step, p.Shape, p.Key, p.Land)
			}
		}
		want := eval[[]string](t, ctx, `Array.from(document.querySelectorAll(".map-coverage svg a")).map(a => a.querySelector("title").textContent)`)
		if len(want) == 0 {
			t.Fatal("no links on the coverage map")
		}
		// Each shape's outline before it has the focus, to tell the
		// focus ring from it.
		plain := eval[map[string]string](t, ctx, `Object.fromEntries(Array.from(document.querySelectorAll(".map-coverage svg a")).map(a =>
				[a.querySelector("title").textContent, getComputedStyle(a.querySelector("path, circle")).strokeWidth]))`)
		var got []string
		for range 200 {
			if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
				t.Fatal(err)
			}
			focus := eval[struct {
				Title, Stroke string
			}](t, ctx, `(() => { const e = document.activeElement; if (!e.closest(".map-coverage")) return {};
				return {title: e.querySelector("title").textContent, stroke: getComputedStyle(e.querySelector("path, circle")).strokeWidth}; })()`)
			if focus.Title == "" {
				if len(got) > 0 {
					break
				}
				continue
			}
			got = append(got, focus.Title)
			if focus.Stroke == plain[focus.Title] {
				t.Errorf("%s: focused, its outline stays %s", focus.Title, focus.Stroke)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("Tab reaches %q on the map, want %q", got, want)
		}
	})

	t.Run("axe", func(t *testing.T) {
		// The pages of readerPages at both widths; every other page too
		// on a phone.
		var featured, all []axeTarget
		for _, p := range readerPages {
			featured = append(featured, axeTarget{p.path, p.ready})
		}
		all = append(all, featured...)
		for _, rel := range s.browserPages(t) {
			if p := urlPath(rel); !slices.ContainsFunc(featured, func(f axeTarget) bool { return f.path == p }) {
				all = append(all, axeTarget{p, ""})
			}
		}
		checkAxe(t, ctx, srv.URL, featured, all)
	})

	t.Run("search", func(t *testing.T) {
		// A tab of its own, with a short history: Chromium keeps 50
		// entries, which the pages above have filled.
		ctx, cancel := chromedp.NewContext(ctx)
		defer cancel()
		if err := chromedp.Do(ctx, viewport(1280), media("", "light")); err != nil {
			t.Fatal(err)
		}
		italy, agreement := mentioning(t, ".", "italy"), mentioning(t, ".", "agreement")
		open(t, ctx, srv.URL+"/search/", `!document.getElementById("search-filters").hidden`)
		if got := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#search-filters select")).map(s => s.labels[0].firstChild.textContent.trim())`); !slices.Equal(got, []string{"Country", "Region", "Topic", "Year"}) {
			t.Errorf("the filters are labelled %q", got)
		}
		entries := eval[int](t, ctx, `history.length`)

		// Typing shows every briefing that mentions the word, those with
		// it in the title first, and puts the query in the address.
		typeQuery(t, ctx, "italy")
		waitInPage(t, ctx, "results for italy", `!document.getElementById("search-results").hidden && document.getElementById("search-browse").hidden && location.search === "?q=italy"`)
		got := allResults(t, ctx)
		if !sameSet(got.urls, italy.urls) {
			t.Errorf("typing italy shows %v, want %v", got.urls, italy.urls)
		}
		inTitle := italy.inTitle()
		if len(inTitle) != 2 || len(got.urls) < 2 || !slices.Equal(got.urls[:2], inTitle) {
			t.Errorf("typing italy shows %v first, want %v (the titles with Italy, newer first)", got.urls, inTitle)
		}
		if !strings.Contains(got.status, fmt.Sprint(len(italy.urls))) {
			t.Errorf("status %q does not count %d results", got.status, len(italy.urls))
		}
		// A second word: the briefings with both come first.
		typeQuery(t, ctx, " agreement")
		waitInPage(t, ctx, "results for italy agreement", `location.search === "?q=italy+agreement"`)
		got = allResults(t, ctx)
		both := 0
		for _, u := range got.urls {
			if italy.has[u] && agreement.has[u] {
				both++
			}
		}
		for i, u := range got.urls {
			if i < both != (italy.has[u] && agreement.has[u]) {
				t.Errorf("italy agreement: %s at %d of %v; the %d that mention both words come first", u, i+1, got.urls, both)
				break
			}
		}
		if both == 0 || !sameSet(got.urls, union(italy.urls, agreement.urls)) {
			t.Errorf("italy agreement shows %v, want the %d briefings that mention either word", got.urls, len(union(italy.urls, agreement.urls)))
		}
		if n := eval[int](t, ctx, `history.length`); n != entries {
			t.Errorf("typing added %d entries to the history, want none (the address is replaced)", n-entries)
		}

		// A filter narrows the results and adds an entry to the history.
		country := eval[string](t, ctx, `(() => { const s = document.getElementById("search-country");
			const o = Array.from(s.options).find(o => o.text.startsWith("Italy ("));
			s.value = o.value; s.dispatchEvent(new Event("change")); return o.value; })()`)
		waitInPage(t, ctx, "the country in the address", fmt.Sprintf(`location.search === "?q=italy+agreement&country=%s"`, country))
		filtered := allResults(t, ctx)
		if len(filtered.urls) == 0 || len(filtered.urls) >= len(got.urls) {
			t.Errorf("filtered by Italy: %d results, of %d unfiltered", len(filtered.urls), len(got.urls))
		}
		if about := slices.Collect(maps.Keys(italy.country)); !sameSet(filtered.urls, about) {
			t.Errorf("filtered by Italy: %v, want the briefings about Italy, %v", filtered.urls, about)
		}
		for i, u := range filtered.urls {
			if !italy.country[u] {
				t.Errorf("filtered by Italy, %s is shown, which is not about Italy", u)
			}
			if !slices.Contains(filtered.countries[i], "Italy") {
				t.Errorf("filtered by Italy, the result %s lists the countries %q", u, filtered.countries[i])
			}
		}
		if n := eval[int](t, ctx, `history.length`); n != entries+1 {
			t.Errorf("a filter added %d entries to the history, want 1", n-entries)
		}
		// Back restores the unfiltered search.
		eval[chromedp.Void](t, ctx, `history.back()`)
		waitInPage(t, ctx, "the search before the filter", `location.search === "?q=italy+agreement" && document.getElementById("search-country").value === "" && document.getElementById("search-q").value === "italy agreement"`)
		waitInPage(t, ctx, "its results", fmt.Sprintf(`document.getElementById("search-status").textContent.startsWith("%d ")`, len(got.urls)))

		// Cleared, the page shows the browse links again.
		eval[chromedp.Void](t, ctx, `(() => { const i = document.getElementById("search-q"); i.value = ""; i.dispatchEvent(new Event("input")); })()`)
		waitInPage(t, ctx, "the browse links back", `document.getElementById("search-results").hidden && !document.getElementById("search-browse").hidden && location.search === "" && document.getElementById("search-status").textContent === ""`)
		// Accents do not matter: "elysee" finds "Élysée".
		typeQuery(t, ctx, "elysee")
		waitInPage(t, ctx, "results for elysee", `document.querySelectorAll("#search-results > li").length === 1 && document.querySelector("#search-results a").textContent.includes("Élysée")`)
		// Nor does case, on either side.
		eval[chromedp.Void](t, ctx, `document.getElementById("search-q").value = ""`)
		typeQuery(t, ctx, "ÉLYSÉE")
		waitInPage(t, ctx, "results for ÉLYSÉE", `location.search === "?q=%C3%89LYS%C3%89E" && !document.getElementById("search-results").hasAttribute("aria-busy") && document.querySelectorAll("#search-results > li").length === 1 && document.querySelector("#search-results a").textContent.includes("Élysée")`)

		// The keyboard alone: Enter on "Show more" shows the next ten and
		// moves the focus to the first of them.
		open(t, ctx, srv.URL+"/search/?q=ukraine", `document.querySelectorAll("#search-results > li").length === 10`)
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#search-more")), chromedp.KeyEvent("\r")); err != nil {
			t.Fatal(err)
		}
		waitInPage(t, ctx, "ten more", `document.querySelectorAll("#search-results > li").length > 10 && document.activeElement === document.querySelector("#search-results > li:nth-child(11) a")`)

		// A narrow phone: nothing scrolls sideways.
		if err := chromedp.Do(ctx, viewport(320)); err != nil {
			t.Fatal(err)
		}
		open(t, ctx, srv.URL+"/search/?q=ukraine&country="+country, `!document.getElementById("search-results").hidden`)
		if w := eval[[]int](t, ctx, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
			t.Errorf("the search page at 320 px scrolls sideways (%d > %d)", w[0], w[1])
		}
	})

	t.Run("search in Ukrainian", func(t *testing.T) {
		// The Ukrainian edition's search has its own index and speaks
		// Ukrainian: its labels and counts come from the theme's
		// translation file, counted by the language's plural rules in the
		// browser as the build counts them.
		ctx, cancel := chromedp.NewContext(ctx)
		defer cancel()
		if err := chromedp.Do(ctx, viewport(1280), media("", "light")); err != nil {
			t.Fatal(err)
		}
		uk := themeCatalog(t, "uk")
		open(t, ctx, srv.URL+"/uk/search/", `!document.getElementById("search-filters").hidden`)
		labels := []string{uk.T("search_country"), uk.T("search_region"), uk.T("search_topic"), uk.T("search_year")}
		if got := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#search-filters select")).map(s => s.labels[0].firstChild.textContent.trim())`); !slices.Equal(got, labels) || labels[0] == "search_country" {
			t.Errorf("the Ukrainian filters are labelled %q, want %q", got, labels)
		}
		if got := eval[string](t, ctx, `document.querySelector("#search-country option").text`); got != uk.T("search_all_countries") {
			t.Errorf("the country filter offers %q first, want %q", got, uk.T("search_all_countries"))
		}
		typeQuery(t, ctx, "італія")
		waitInPage(t, ctx, "results for італія", `!document.getElementById("search-results").hidden && !document.getElementById("search-results").hasAttribute("aria-busy")`)
		got := allResults(t, ctx)
		if len(got.urls) == 0 || got.urls[0] != "/uk/briefings/italy-ukraine-agreement/" {
			t.Errorf("typing італія on /uk/search/ shows %v, want the Ukrainian briefing on Italy first", got.urls)
		}
		for _, u := range got.urls {
			if !strings.HasPrefix(u, "/uk/") {
				t.Errorf("the Ukrainian search shows %s, outside its edition", u)
			}
		}
		if want := uk.N("search_found", len(got.urls)); got.status != want {
			t.Errorf("the Ukrainian search says %q, want %q", got.status, want)
		}
		// A word no briefing has: the "none" phrase with the query in it.
		eval[chromedp.Void](t, ctx, `document.getElementById("search-q").value = ""`)
		typeQuery(t, ctx, "ьщзхї")
		want := uk.T("search_none", "query", "ьщзхї")
		waitInPage(t, ctx, "no results", fmt.Sprintf(`document.getElementById("search-status").textContent === %q`, want))
	})

	t.Run("right to left", func(t *testing.T) {
		// A site with an Arabic edition: its page mirrors the English
		// one, each element starting at the right edge where the English
		// starts at the left.
		ar := buildSite(t, arabicSite(t))
		arSrv := httptest.NewServer(http.FileServer(http.Dir(ar.out)))
		t.Cleanup(arSrv.Close)
		ctx, cancel := chromedp.NewContext(ctx)
		defer cancel()
		// edges measures where each element's text begins, from the edge
		// the page's direction starts at. The union of the text's boxes
		// is measured, as bidirectional text is laid out in several.
		const edges = `[["header .site-title", "start"], ["main h1", "start"], ["main .meta", "start"],
			[".body p", "start"], [".body h2", "start"], [".body li", "start"], [".sources li", "start"]].map(([sel, side]) => {
			const e = document.querySelector(sel);
			if (!e) { return sel + ": missing"; }
			const r = document.createRange(); r.selectNodeContents(e);
			const boxes = Array.from(r.getClientRects()).filter(b => b.width > 0);
			const left = Math.min(...boxes.map(b => b.left)), right = Math.max(...boxes.map(b => b.right));
			const html = document.documentElement, l = left - html.clientLeft, rr = html.clientLeft + html.clientWidth - right;
			const rtl = getComputedStyle(e).direction === "rtl";
			return sel + " " + side + ": " + Math.round((side === "start") === rtl ? rr : l);
		})`
		for _, width := range []int64{390, 1280} {
			if err := chromedp.Do(ctx, viewport(width), media("", "light")); err != nil {
				t.Fatal(err)
			}
			open(t, ctx, arSrv.URL+"/briefings/italy-ukraine-agreement/", "")
			ltr := eval[[]string](t, ctx, edges)
			open(t, ctx, arSrv.URL+"/ar/briefings/italy-ukraine-agreement/", "")
			if got := eval[[]string](t, ctx, `[document.documentElement.lang, document.documentElement.dir, getComputedStyle(document.querySelector("main")).direction]`); !slices.Equal(got, []string{"ar", "rtl", "rtl"}) {
				t.Errorf("the Arabic page has lang, dir and direction %q, want ar, rtl, rtl", got)
			}
			if rtl := eval[[]string](t, ctx, edges); !slices.Equal(rtl, ltr) {
				t.Errorf("at %d px the Arabic page does not mirror the English one: its elements start at %q, the English ones at %q", width, rtl, ltr)
			}
			if w := eval[[]int](t, ctx, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
				t.Errorf("the Arabic page at %d px scrolls sideways (%d > %d)", width, w[0], w[1])
			}
			// On a wide screen the navigation follows the title on its
			// line: to its left in Arabic. (How far depends on the words'
			// widths, so that is not compared.)
			if width == 1280 && !eval[bool](t, ctx, `(() => { const title = document.querySelector(".site-title").getBoundingClientRect(), nav = document.querySelector(".site-nav a").getBoundingClientRect();
				return nav.right <= title.left && nav.top < title.bottom; })()`) {
				t.Errorf("at 1280 px the Arabic page's navigation is not to the left of its title")
			}
		}
		page := []axeTarget{{"/ar/briefings/italy-ukraine-agreement/", ""}}
		checkAxe(t, ctx, arSrv.URL, page, page)
	})

	t.Run("print", func(t *testing.T) {
		if err := chromedp.Do(ctx, viewport(1280), media("print", "light")); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { chromedp.Do(ctx, media("", "light")) })
		open(t, ctx, srv.URL+"/briefings/italy-ukraine-agreement/", "")
		hidden := eval[[]string](t, ctx, `[".site-nav", ".footer-nav", ".skip-link", ".older-newer", ".related"].filter(sel => { const e = document.querySelector(sel); return e && getComputedStyle(e).display !== "none"; })`)
		if len(hidden) > 0 {
			t.Errorf("printed, these still show: %v", hidden)
		}
		missing := eval[[]string](t, ctx, `Array.from(document.querySelectorAll(".sources a[href^=http]")).filter(a => !getComputedStyle(a, "::after").content.includes(a.getAttribute("href"))).map(a => a.href)`)
		if len(missing) > 0 {
			t.Errorf("printed, these sources lack their URL: %v", missing)
		}
	})

	t.Run("without scripts", func(t *testing.T) {
		if err := chromedp.Do(ctx, viewport(1280), media("", "light"), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		})); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
				return err
			}))
		})
		for _, p := range readerPages {
			open(t, ctx, srv.URL+p.path, "")
			text := eval[string](t, ctx, `document.querySelector("main").innerText`)
			if len(text) < 100 {
				t.Errorf("%s without scripts shows %q", p.path, text)
			}
		}
		// The search page links to the other ways of finding a briefing.
		open(t, ctx, srv.URL+"/search/?q=italy", "")
		links := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#search-browse a")).filter(a => a.offsetParent !== null).map(a => new URL(a.href).pathname)`)
		if !slices.Equal(links, []string{"/archive/", "/countries/", "/tags/"}) {
			t.Errorf("search without scripts shows the links %v, want the archive, countries and topics", links)
		}
		if shown := eval[int](t, ctx, `document.querySelectorAll("#search-filters select, #search-results li").length`); shown != 0 {
			t.Errorf("search without scripts shows %d filters or results", shown)
		}
	})

	t.Run("focus and resources", func(t *testing.T) {
		if err := chromedp.Do(ctx, viewport(1280), media("", "light")); err != nil {
			t.Fatal(err)
		}
		for _, p := range readerPages {
			open(t, ctx, srv.URL+p.path, p.ready)
			// Nothing from another host, and no web fonts.
			foreign := eval[[]string](t, ctx, `performance.getEntriesByType("resource").map(e => e.name).filter(u => !u.startsWith(location.origin))`)
			if len(foreign) > 0 {
				t.Errorf("%s fetches from other hosts: %v", p.path, foreign)
			}
			if fonts := eval[int](t, ctx, `document.fonts.size`); fonts != 0 {
				t.Errorf("%s loads %d web fonts", p.path, fonts)
			}
		}
		// The first Tab shows the skip link; every focused element shows
		// an outline.
		open(t, ctx, srv.URL+"/briefings/italy-ukraine-agreement/", "")
		for i := range 15 {
			if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
				t.Fatal(err)
			}
			focus := eval[struct {
				Tag, Text, Outline string
				Top, Bottom        float64
			}](t, ctx, `(() => { const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
				return {tag: e.tagName, text: e.textContent.trim().slice(0, 40), outline: s.outlineStyle + " " + s.outlineWidth, top: r.top, bottom: r.bottom}; })()`)
			if focus.Outline == "" || strings.HasPrefix(focus.Outline, "none") || strings.HasSuffix(focus.Outline, " 0px") {
				t.Errorf("Tab %d: %s %q has no visible focus outline (%s)", i+1, focus.Tag, focus.Text, focus.Outline)
			}
			if i == 0 {
				if focus.Text != "Skip to main content" || focus.Top < 0 || focus.Bottom <= 0 {
					t.Errorf("the first Tab focuses %s %q at %v px, want the skip link, visible", focus.Tag, focus.Text, focus.Top)
				}
			}
		}
	})
}

// themeCatalog loads the default theme's words in the language code, as
// the build does.
func themeCatalog(t *testing.T, code string) *i18n.Catalog {
	t.Helper()
	c, problems := i18n.Load(i18n.MustParse(code), i18n.Files{FS: os.DirFS("templates"), Dir: "i18n", Shown: "templates/i18n"}, i18n.Files{})
	if problems.Errors() > 0 {
		t.Fatal(problems)
	}
	return c
}

// arabicSite is the example site with an Arabic edition holding one
// briefing, in a temporary folder.
func arabicSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("content")); err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile("site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The example's languages: come last, so the Arabic edition joins
	// them.
	cfg = append(cfg, "  ar:\n    title: إحاطات الضمانات الأمنية\n    description: إحاطات قصيرة موثّقة عن اتفاقيات أوكرانيا الأمنية مع شركائها.\n"...)
	files := map[string]string{
		"site.yaml": string(cfg),
		"content/briefings/2024-02-24-italy-ukraine-agreement.ar.md": `---
title: "إيطاليا توقّع اتفاقيتها الأمنية مع أوكرانيا في كييف"
summary: "وقّعت جورجيا ميلوني وفولوديمير زيلينسكي في كييف الاتفاقية الأمنية بين البلدين، بعد نحو ستة أشهر من بدء التفاوض."
---
وقّعت رئيسة الوزراء الإيطالية جورجيا ميلوني والرئيس فولوديمير زيلينسكي اتفاقية أمنية ثنائية في كييف في 24 فبراير 2024، في الذكرى الثانية للغزو الروسي الشامل.

## ما تشمله الاتفاقية

- المساعدة العسكرية، ومنها الدفاع الجوي؛
- التعاون في الأمن السيبراني وحماية البنية التحتية الحيوية؛
- دعم إعادة إعمار أوكرانيا وصمود اقتصادها.
`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// typeQuery types text at the end of the search box, key by key.
func typeQuery(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#search-q"), text)); err != nil {
		t.Fatal(err)
	}
}

// searchResults are the results of the search on screen, all of them.
type searchResults struct {
	urls      []string   // paths of the results' links, in order
	countries [][]string // the countries each result lists
	status    string
}

// allResults waits for the search under way to finish, presses "Show
// more" until every result shows, and reads them.
func allResults(t *testing.T, ctx context.Context) searchResults {
	t.Helper()
	const idle = `!document.getElementById("search-results").hasAttribute("aria-busy")`
	waitInPage(t, ctx, "the results", idle)
	for eval[bool](t, ctx, `!document.getElementById("search-more").hidden`) {
		n := eval[int](t, ctx, `(() => { document.getElementById("search-more").click(); return document.querySelectorAll("#search-results > li").length; })()`)
		waitInPage(t, ctx, "more results", fmt.Sprintf(`%s && document.querySelectorAll("#search-results > li").length > %d`, idle, n))
	}
	var r searchResults
	if eval[bool](t, ctx, `document.getElementById("search-results").hidden`) {
		r.status = eval[string](t, ctx, `document.getElementById("search-status").textContent`)
		return r
	}
	got := eval[struct {
		URLs      []string
		Countries [][]string
		Status    string
	}](t, ctx, `({urls: Array.from(document.querySelectorAll("#search-results > li h2 a")).map(a => new URL(a.href).pathname),
		countries: Array.from(document.querySelectorAll("#search-results > li")).map(li => Array.from(li.querySelectorAll(".countries a")).map(a => a.textContent.trim().replace(/^\S+\s/, ""))),
		status: document.getElementById("search-status").textContent})`)
	return searchResults{got.URLs, got.Countries, got.Status}
}

// mentions are the published briefings of a site that mention a word.
type mentions struct {
	urls    []string        // newest first
	has     map[string]bool // by URL
	title   map[string]bool // those with the word in the title
	country map[string]bool // those about a country named by the word
}

// inTitle lists the briefings with the word in the title, newest first.
func (m mentions) inTitle() []string {
	var out []string
	for _, u := range m.urls {
		if m.title[u] {
			out = append(out, u)
		}
	}
	return out
}

// mentioning finds, in the sources of the site at src, the published
// briefings with a word beginning with word (ASCII letters, any case) in
// their title, summary, text, countries, tags or source names: what a
// search for it must find.
func mentioning(t *testing.T, src, word string) mentions {
	t.Helper()
	s, _ := load.Load(os.DirFS(src), load.Options{Now: time.Now()})
	if s == nil || len(s.Briefings) == 0 {
		t.Fatalf("no briefings loaded from %s", src)
	}
	bs := slices.Clone(s.Briefings)
	sort.SliceStable(bs, func(i, j int) bool { return bs[i].Date.After(bs[j].Date) })
	re := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(word))
	m := mentions{has: map[string]bool{}, title: map[string]bool{}, country: map[string]bool{}}
	for _, b := range bs {
		if b.Draft || b.Date.After(time.Now()) {
			continue
		}
		body, err := s.Body(b) // the model does not keep bodies
		if err != nil {
			t.Fatal(err)
		}
		text := []string{b.Title, b.Summary, string(body)}
		for _, c := range b.Countries {
			text = append(text, c.Common, c.Name)
			if re.MatchString(c.Common) {
				m.country[b.URL()] = true
			}
		}
		for _, tag := range b.Tags {
			text = append(text, tag.Name)
		}
		for _, src := range b.Sources {
			text = append(text, src.Name)
		}
		if re.MatchString(strings.Join(text, "\n")) {
			m.urls = append(m.urls, b.URL())
			m.has[b.URL()] = true
			m.title[b.URL()] = re.MatchString(b.Title)
		}
	}
	return m
}

func sameSet(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

func union(a, b []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(a), b...))))
}
