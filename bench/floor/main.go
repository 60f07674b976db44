// Command floor is the floor brief's cold build is compared with: the work
// no generator of this theme can skip, done as plainly as possible on all
// cores.
//
// By default it reads every briefing of a site, splits the front matter and
// decodes it with the YAML library brief uses, and converts the body with
// goldmark and chroma set up as brief sets them up (corpus.ReferenceMarkdown);
// the HTML is thrown away. With -page it also executes one html/template
// page per briefing, of the shape and size of brief's briefing page, and
// with -out writes each to OUT/briefings/<slug>/index.html.
//
//	go run ./bench/floor /dev/shm/corpus-10k
//	go run ./bench/floor -page -out /dev/shm/floor-out /dev/shm/corpus-10k
package main

import (
	"bytes"
	"flag"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/goccy/go-yaml"

	"brief/internal/corpus"
)

// page is a briefing page in the shape of templates/base.html and
// briefing.html with the country-links partial: the same head, navigation,
// article, sources and footer, so that executing it costs what brief's own
// page costs, without brief's views behind it.
var page = template.Must(template.New("page").Parse(`{{define "country-links" -}}
<ul class="countries">
{{- range .}}
<li><a href="{{.URL}}"><span class="flag" aria-hidden="true">{{.Flag}}</span> {{.Name}}</a></li>
{{- end}}
</ul>
{{- end}}
{{define "page" -}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · {{.Site.Title}}</title>
{{with .Summary}}<meta name="description" content="{{.}}">
{{end -}}
<link rel="canonical" href="{{.URL}}">
{{range .Site.Feeds}}<link rel="alternate" type="{{.Type}}" title="{{.Title}}" href="{{.URL}}">
{{end -}}
<meta property="og:title" content="{{.Title}}">
{{with .Summary}}<meta property="og:description" content="{{.}}">
{{end -}}
<meta property="og:url" content="{{.URL}}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{{.Site.Title}}">
<link rel="stylesheet" href="{{.Site.Root}}css/site.css">
</head>
<body class="kind-briefing">
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<div class="wrap">
<a class="site-title" href="{{.Site.Root}}">{{.Site.Title}}</a>
<nav class="site-nav" aria-label="Main">
<ul>
{{range .Site.Nav}}<li><a href="{{.URL}}">{{.Text}}</a></li>
{{end -}}
</ul>
</nav>
</div>
</header>
<main id="main" class="wrap">
<article class="briefing">
<header class="briefing-header">
<h1>{{.Title}}</h1>
<p class="meta">
<time datetime="{{.Date.Format "2006-01-02T15:04:05Z07:00"}}">{{.Date.Format "2 January 2006"}}</time>
</p>
{{with .Countries}}{{template "country-links" .}}
{{end -}}
{{with .Tags}}<ul class="tags" aria-label="Topics">
{{- range .}}
<li><a href="{{.URL}}" rel="tag">{{.Text}}</a></li>
{{- end}}
</ul>
{{end -}}
{{with .Summary}}<p class="lead">{{.}}</p>
{{end -}}
</header>
<div class="body">
{{.Body}}
</div>
{{with .Sources -}}
<section class="sources" aria-labelledby="sources-h">
<h2 id="sources-h">Sources</h2>
<ol>
{{- range .}}
<li>{{if .URL}}<a href="{{.URL}}" rel="noopener noreferrer">{{.Text}}</a>{{else}}{{.Text}}{{end}}</li>
{{- end}}
</ol>
</section>
{{- end}}
</article>
</main>
<footer class="site-footer">
<div class="wrap">
<nav class="footer-nav" aria-label="Feeds">
<ul>
<li><a href="{{.Site.Root}}feed.xml">RSS feed of all briefings</a></li>
<li><a href="{{.Site.Root}}countries.opml">All country feeds (OPML)</a></li>
</ul>
</nav>
</div>
</footer>
</body>
</html>
{{end}}`))

type link struct{ URL, Text string }

type feed struct{ Type, Title, URL string }

type country struct{ URL, Flag, Name string }

// site is what every page shares; it is built once. Home is the absolute
// address, for canonical and feed links; Root its path, for links within
// the site, as brief writes them.
type site struct {
	Title, Home, Root string
	Feeds             []feed
	Nav               []link
}

type view struct {
	Site      *site
	Title     string
	URL       string
	Date      time.Time
	Countries []country
	Tags      []link
	Summary   string
	Body      template.HTML
	Sources   []link
}

// datePrefix is the date a briefing's file name starts with, which its slug
// leaves out.
var datePrefix = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}-`)

func main() {
	withPage := flag.Bool("page", false, "also execute one html/template page per briefing")
	out := flag.String("out", "", "with -page, write the pages under `DIR`/briefings/<slug>/index.html")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: floor [-page] [-out DIR] SITE")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || (*out != "" && !*withPage) {
		flag.Usage()
		os.Exit(2)
	}
	root := flag.Arg(0)

	start := time.Now()
	var files []string
	err := filepath.WalkDir(filepath.Join(root, "content", "briefings"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		fail(err)
	}
	s := readSite(root)
	md := corpus.ReferenceMarkdown()

	next := make(chan string)
	var wg sync.WaitGroup
	var bodyBytes, pageBytes atomic.Int64
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var body, html bytes.Buffer
			for p := range next {
				src, err := os.ReadFile(p)
				if err != nil {
					fail(err)
				}
				_, rest, _ := bytes.Cut(src, []byte("---\n"))
				front, text, _ := bytes.Cut(rest, []byte("\n---\n"))
				var fm map[string]any
				if err := yaml.Unmarshal(front, &fm); err != nil {
					fail(fmt.Errorf("%s: %w", p, err))
				}
				body.Reset()
				if err := md.Convert(text, &body); err != nil {
					fail(fmt.Errorf("%s: %w", p, err))
				}
				bodyBytes.Add(int64(body.Len()))
				if !*withPage {
					continue
				}
				slug := datePrefix.ReplaceAllString(strings.TrimSuffix(filepath.Base(p), ".md"), "")
				html.Reset()
				if err := page.ExecuteTemplate(&html, "page", newView(s, slug, fm, body.String())); err != nil {
					fail(fmt.Errorf("%s: %w", p, err))
				}
				pageBytes.Add(int64(html.Len()))
				if *out == "" {
					continue
				}
				dir := filepath.Join(*out, "briefings", slug)
				if err := os.MkdirAll(dir, 0o755); err != nil {
					fail(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "index.html"), html.Bytes(), 0o644); err != nil {
					fail(err)
				}
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()

	fmt.Printf("converted %d bodies into %d bytes of HTML", len(files), bodyBytes.Load())
	if *withPage {
		fmt.Printf(", %d bytes of pages", pageBytes.Load())
	}
	fmt.Printf(" in %s\n", time.Since(start).Round(time.Millisecond))
}

// readSite takes the title and base URL from site.yaml, through the same
// library, and builds the links every page carries.
func readSite(dir string) *site {
	cfg := map[string]any{}
	if src, err := os.ReadFile(filepath.Join(dir, "site.yaml")); err == nil {
		if err := yaml.Unmarshal(src, &cfg); err != nil {
			fail(err)
		}
	}
	home, _ := cfg["base_url"].(string)
	if home == "" {
		home = "/"
	}
	home = strings.TrimSuffix(home, "/") + "/"
	root := "/"
	if u, err := url.Parse(home); err == nil && u.Path != "" {
		root = u.Path
	}
	title, _ := cfg["title"].(string)
	s := &site{Title: title, Home: home, Root: root}
	s.Feeds = []feed{
		{"application/rss+xml", title + " (RSS)", home + "feed.xml"},
		{"application/feed+json", title + " (JSON Feed)", home + "feed.json"},
	}
	for _, n := range []string{"Briefings", "Countries", "Topics", "Archive", "Search", "About"} {
		s.Nav = append(s.Nav, link{root + strings.ToLower(n) + "/", n})
	}
	return s
}

// newView takes the page's fields from the decoded front matter as brief's
// loader would find them: strings, a date, lists of strings and of
// {name, url} maps. A field of another type is left out.
func newView(s *site, slug string, fm map[string]any, body string) *view {
	v := &view{Site: s, URL: s.Home + "briefings/" + slug + "/", Body: template.HTML(body)}
	v.Title, _ = fm["title"].(string)
	v.Summary, _ = fm["summary"].(string)
	switch d := fm["date"].(type) {
	case time.Time:
		v.Date = d
	case string:
		v.Date, _ = time.Parse(time.RFC3339, d)
	}
	for _, c := range stringList(fm["countries"]) {
		code := strings.ToUpper(c)
		v.Countries = append(v.Countries, country{s.Root + "countries/" + strings.ToLower(c) + "/", flagEmoji(code), code})
	}
	for _, t := range stringList(fm["tags"]) {
		v.Tags = append(v.Tags, link{s.Root + "tags/" + strings.ToLower(t) + "/", t})
	}
	list, _ := fm["sources"].([]any)
	for _, x := range list {
		m, _ := x.(map[string]any)
		name, _ := m["name"].(string)
		href, _ := m["url"].(string)
		v.Sources = append(v.Sources, link{href, name})
	}
	return v
}

// stringList is the strings of a YAML sequence.
func stringList(x any) []string {
	list, _ := x.([]any)
	var ss []string
	for _, e := range list {
		if s, ok := e.(string); ok {
			ss = append(ss, s)
		}
	}
	return ss
}

// flagEmoji is the emoji flag of a two-letter country code: its letters as
// regional indicator symbols.
func flagEmoji(code string) string {
	if len(code) != 2 {
		return ""
	}
	return string([]rune{0x1F1E6 + rune(code[0]-'A'), 0x1F1E6 + rune(code[1]-'A')})
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "floor:", err)
	os.Exit(1)
}
