package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"brief/generator/countries"
	"brief/generator/internal/digest"
	"brief/generator/markdown"
	"brief/generator/site"
	"brief/internal/sitetest"
	"brief/templates"
)

// monthCount is how many briefings a test site has in one month.
type monthCount struct {
	year  int
	month time.Month
	n     int
}

// archiveSite makes a site with the briefings counts asks for, one a day
// from the first of each month, each with a Hash as the loader would give
// it, so that a cache tells them apart.
func archiveSite(counts []monthCount) *site.Site {
	ua, _ := countries.Find("ua")
	s := &site.Site{Config: site.Config{Title: "T", BaseURL: "https://x.org", Language: "en", Location: time.UTC, PerPage: 10, FeedLimit: 5}}
	for _, c := range counts {
		for d := range c.n {
			date := time.Date(c.year, c.month, 1+d, 12, 0, 0, 0, time.UTC)
			slug := "b-" + date.Format("2006-01-02")
			s.Briefings = append(s.Briefings, &site.Briefing{
				Path: "content/briefings/" + slug + ".md", Slug: slug, Title: "Briefing of " + date.Format("2 January 2006"),
				Date: date, Countries: []*countries.Country{ua}, Sources: []site.Source{{Name: "R"}}, Body: []byte("Text."),
			})
		}
	}
	rehash(s)
	return s
}

// rehash sorts the briefings as the loader does and fingerprints each by
// what the tests change of it.
func rehash(s *site.Site) {
	for _, b := range s.Briefings {
		b.Hash = digest.Of(struct {
			Slug, Title string
			Date        time.Time
		}{b.Slug, b.Title, b.Date})
	}
	site.SortBriefings(s.Briefings)
}

// renderArchive renders s with per briefings a page of a year's archive
// (0 for the default), through cache when it is not nil.
func renderArchive(t *testing.T, s *site.Site, per int, cache *Cache) map[string][]byte {
	t.Helper()
	return renderArchiveOver(t, s, per, cache, map[string][]byte{})
}

// renderArchiveOver renders s as the dev server does: through cache, the
// files that changed written over those of the last render in files, and
// the files the render did not produce taken out.
func renderArchiveOver(t *testing.T, s *site.Site, per int, cache *Cache, files map[string][]byte) map[string][]byte {
	t.Helper()
	w := &memWriter{files: map[string][]byte{}}
	_, probs := Render(s, Options{Templates: templates.FS, Markdown: markdown.New(markdown.Options{}), Out: w,
		ArchivePerPage: per, Cache: cache, SkipUnchanged: cache != nil})
	if probs.Errors() > 0 {
		t.Fatal(probs)
	}
	maps.Copy(files, w.files)
	if cache != nil {
		maps.DeleteFunc(files, func(name string, _ []byte) bool { return !cache.Produced(name) })
	}
	return files
}

// parsePage parses a rendered page, failing the test when it is missing.
func parsePage(t *testing.T, files map[string][]byte, name string) *html.Node {
	t.Helper()
	data, ok := files[name]
	if !ok {
		t.Fatalf("%s was not written", name)
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

func hasClassNode(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(sitetest.Attr(n, "class")), class)
}

// fileOf is the file an address of the site leads to, and its fragment.
func fileOf(href string) (name, fragment string) {
	href, fragment, _ = strings.Cut(href, "#")
	return pagePath(href), fragment
}

// briefingLinks are the addresses of the briefings linked inside n, in
// order.
func briefingLinks(n *html.Node) []string {
	var out []string
	for _, a := range sitetest.FindAll(n, sitetest.Tag("a")) {
		if href := sitetest.Attr(a, "href"); strings.HasPrefix(href, "/briefings/") {
			out = append(out, href)
		}
	}
	return out
}

// yearMonths is what a site's archive must show: each year's months,
// newest first, with the addresses of their briefings, newest first.
func yearMonths(s *site.Site) (years []int, months map[int][]string, byMonth map[string][]string) {
	months, byMonth = map[int][]string{}, map[string][]string{}
	for _, b := range s.Briefings { // newest first
		y, id := b.Date.Year(), b.Date.Format("2006-01")
		if !slices.Contains(years, y) {
			years = append(years, y)
		}
		if !slices.Contains(months[y], id) {
			months[y] = append(months[y], id)
		}
		byMonth[id] = append(byMonth[id], b.URL())
	}
	return years, months, byMonth
}

// yearPages reads every page of a year's archive, following the links
// rel=next of the head from the first, and returns the pages' names.
func yearPages(t *testing.T, files map[string][]byte, year int) []string {
	t.Helper()
	name := fmt.Sprintf("archive/%d/index.html", year)
	var out []string
	for name != "" && len(out) <= len(files) {
		out = append(out, name)
		doc := parsePage(t, files, name)
		next := sitetest.Find(doc, sitetest.TagAttr("link", "rel", "next"))
		name = ""
		if next != nil {
			name, _ = fileOf(sitetest.Attr(next, "href"))
		}
	}
	return out
}

// checkArchive checks /archive/ and every year's pages against the model:
// the years and months with their counts and links, and each year's
// briefings by month, newest first, each exactly once.
func checkArchive(t *testing.T, s *site.Site, files map[string][]byte) {
	t.Helper()
	years, months, byMonth := yearMonths(s)
	index := parsePage(t, files, "archive/index.html")
	main := sitetest.Find(index, sitetest.Tag("main"))
	if got := briefingLinks(main); len(got) != 0 {
		t.Errorf("/archive/ lists %d briefings, want none: it must stay small", len(got))
	}
	sections := sitetest.FindAll(main, func(n *html.Node) bool { return hasClassNode(n, "year") })
	if len(sections) != len(years) {
		t.Fatalf("/archive/ shows %d years, want %d", len(sections), len(years))
	}
	for k, sec := range sections {
		year := years[k]
		h2 := sitetest.Find(sec, sitetest.Tag("h2"))
		a := sitetest.Find(h2, sitetest.Tag("a"))
		count := 0
		for _, id := range months[year] {
			count += len(byMonth[id])
		}
		if a == nil || sitetest.Text(a) != strconv.Itoa(year) || sitetest.Attr(a, "href") != fmt.Sprintf("/archive/%d/", year) {
			t.Errorf("/archive/: year %d of the list is %q", k, sitetest.Text(h2))
		}
		if want := fmt.Sprintf("%d briefing", count); !strings.Contains(sitetest.Text(h2), want) {
			t.Errorf("/archive/: year %d reads %q, want its count, %s(s)", year, sitetest.Text(h2), want)
		}
		items := sitetest.FindAll(sec, sitetest.Tag("li"))
		if len(items) != len(months[year]) {
			t.Errorf("/archive/: %d shows %d months, want %d", year, len(items), len(months[year]))
			continue
		}
		for j, li := range items {
			id := months[year][j]
			m, _ := time.Parse("2006-01", id)
			link := sitetest.Find(li, sitetest.Tag("a"))
			text := strings.Join(strings.Fields(sitetest.Text(li)), " ")
			if want := fmt.Sprintf("%s %d (%d)", m.Month(), year, len(byMonth[id])); text != want {
				t.Errorf("/archive/: month %s reads %q, want %q (name, year for screen readers, count)", id, text, want)
			}
			// The link leads to the month's first heading, where its
			// first briefing is listed.
			name, fragment := fileOf(sitetest.Attr(link, "href"))
			if fragment != id {
				t.Errorf("/archive/: month %s links to #%s", id, fragment)
			}
			if _, ok := files[name]; !ok {
				t.Errorf("/archive/: month %s links to %s, which was not written", id, sitetest.Attr(link, "href"))
				continue
			}
			target := sitetest.Find(parsePage(t, files, name), sitetest.TagAttr("h2", "id", id))
			if target == nil || strings.Contains(sitetest.Text(target), "continued") {
				t.Errorf("/archive/: month %s links to %s, where the month does not begin", id, sitetest.Attr(link, "href"))
				continue
			}
			if got := briefingLinks(target.Parent); len(got) == 0 || got[0] != byMonth[id][0] {
				t.Errorf("%s: month %s begins with %v, want %s", name, id, got, byMonth[id][0])
			}
		}
	}

	// Each year's pages list its months' briefings, in order, once.
	for _, year := range years {
		var got, want []string
		for _, id := range months[year] {
			want = append(want, byMonth[id]...)
		}
		pages := yearPages(t, files, year)
		for _, name := range pages {
			doc := parsePage(t, files, name)
			crumb := sitetest.Find(doc, sitetest.TagAttr("nav", "aria-label", "Breadcrumb"))
			if crumb == nil || sitetest.Find(crumb, sitetest.TagAttr("a", "href", "/archive/")) == nil {
				t.Errorf("%s: no way back to /archive/", name)
			}
			for _, sec := range sitetest.FindAll(doc, func(n *html.Node) bool { return hasClassNode(n, "month") }) {
				h2 := sitetest.Find(sec, sitetest.Tag("h2"))
				id := sitetest.Attr(h2, "id")
				for _, href := range briefingLinks(sec) {
					if !slices.Contains(byMonth[id], href) {
						t.Errorf("%s: %s is listed under %s (%q)", name, href, id, sitetest.Text(h2))
					}
				}
				got = append(got, briefingLinks(sec)...)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("archive of %d (%d pages) lists\n%v\nwant\n%v", year, len(pages), got, want)
		}
	}
	// No page of the archive is left over from a year without briefings.
	for name := range files {
		if y, ok := strings.CutPrefix(name, "archive/"); ok && name != "archive/index.html" {
			n, _ := strconv.Atoi(y[:strings.Index(y, "/")])
			if !slices.Contains(years, n) {
				t.Errorf("%s is written; there are no briefings of %d", name, n)
			}
		}
	}
}

func TestArchiveByYear(t *testing.T) {
	s := archiveSite([]monthCount{
		{2024, time.July, 3}, {2024, time.March, 1}, {2024, time.January, 2},
		{2023, time.December, 2}, {2023, time.June, 4},
		{2022, time.May, 1},
	})
	files := renderArchive(t, s, 0, nil)
	checkArchive(t, s, files)
	for name := range files {
		if strings.HasPrefix(name, "archive/") && strings.Contains(name, "/page/") {
			t.Errorf("%s: a year of a few briefings has one page", name)
		}
	}
	doc := parsePage(t, files, "archive/2024/index.html")
	var headings []string
	for _, h := range sitetest.FindAll(doc, sitetest.Tag("h2")) {
		headings = append(headings, sitetest.Text(h))
	}
	if want := []string{"July 2024", "March 2024", "January 2024"}; !slices.Equal(headings, want) {
		t.Errorf("/archive/2024/: headings %q, want %q", headings, want)
	}
	if h1 := sitetest.Text(sitetest.Find(doc, sitetest.Tag("h1"))); h1 != "Archive: 2024" {
		t.Errorf("/archive/2024/: h1 %q", h1)
	}

	// The sitemap has each year, last modified with its newest briefing.
	var sm struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(files["sitemap.xml"], &sm); err != nil {
		t.Fatal(err)
	}
	lastmod := map[string]string{}
	for _, u := range sm.URLs {
		lastmod[u.Loc] = u.LastMod
	}
	for loc, want := range map[string]string{
		"https://x.org/archive/":      "2024-07-03T12:00:00Z",
		"https://x.org/archive/2024/": "2024-07-03T12:00:00Z",
		"https://x.org/archive/2023/": "2023-12-02T12:00:00Z",
		"https://x.org/archive/2022/": "2022-05-01T12:00:00Z",
	} {
		if lastmod[loc] != want {
			t.Errorf("sitemap: %s last modified %q, want %q", loc, lastmod[loc], want)
		}
	}
}

// TestArchiveYearPages cuts a year into pages of 4: a month across two
// pages is headed again, "continued", and the pages link to each other.
func TestArchiveYearPages(t *testing.T) {
	s := archiveSite([]monthCount{
		{2024, time.July, 5}, {2024, time.June, 1}, {2024, time.May, 5},
		{2023, time.March, 4},
	})
	files := renderArchive(t, s, 4, nil)
	checkArchive(t, s, files)
	pages := yearPages(t, files, 2024)
	if want := []string{"archive/2024/index.html", "archive/2024/page/2/index.html", "archive/2024/page/3/index.html"}; !slices.Equal(pages, want) {
		t.Fatalf("the pages of 2024 are %v, want %v", pages, want)
	}
	if _, ok := files["archive/2023/page/2/index.html"]; ok {
		t.Error("four briefings of 2023 take a second page of four")
	}
	wantHeadings := [][]string{{"July 2024"}, {"July 2024, continued", "June 2024", "May 2024"}, {"May 2024, continued"}}
	for k, name := range pages {
		doc := parsePage(t, files, name)
		var headings []string
		for _, h := range sitetest.FindAll(doc, sitetest.Tag("h2")) {
			headings = append(headings, sitetest.Text(h))
		}
		if !slices.Equal(headings, wantHeadings[k]) {
			t.Errorf("%s: headings %q, want %q", name, headings, wantHeadings[k])
		}
		want := "Archive: 2024"
		if k > 0 {
			want = fmt.Sprintf("Archive: 2024, page %d", k+1)
		}
		if sitetest.Text(sitetest.Find(doc, sitetest.Tag("h1"))) != want {
			t.Errorf("%s: h1 %q, want %q", name, sitetest.Text(sitetest.Find(doc, sitetest.Tag("h1"))), want)
		}
		// rel=prev and rel=next, in the head and in the pagination.
		nav := sitetest.Find(doc, func(n *html.Node) bool { return hasClassNode(n, "pagination") })
		if nav == nil {
			t.Errorf("%s: no pagination", name)
			continue
		}
		for _, rel := range []string{"prev", "next"} {
			want := ""
			if j := k - 1; rel == "prev" && j >= 0 {
				want = urlOf(pages[j])
			}
			if j := k + 1; rel == "next" && j < len(pages) {
				want = urlOf(pages[j])
			}
			var inHead, inNav string
			if l := sitetest.Find(doc, sitetest.TagAttr("link", "rel", rel)); l != nil {
				inHead = sitetest.Attr(l, "href")
			}
			if a := sitetest.Find(nav, sitetest.TagAttr("a", "rel", rel)); a != nil {
				inNav = sitetest.Attr(a, "href")
			}
			if inHead != want || inNav != want {
				t.Errorf("%s: rel=%s is %q in the head and %q in the pagination, want %q", name, rel, inHead, inNav, want)
			}
		}
		if cur := sitetest.Find(nav, sitetest.TagAttr("a", "aria-current", "page")); cur == nil || sitetest.Attr(cur, "href") != urlOf(name) {
			t.Errorf("%s: the pagination does not mark the page as current", name)
		}
	}
	// The months of /archive/ lead to the page each begins on.
	index := parsePage(t, files, "archive/index.html")
	for id, want := range map[string]string{"2024-07": "/archive/2024/#2024-07", "2024-06": "/archive/2024/page/2/#2024-06", "2024-05": "/archive/2024/page/2/#2024-05"} {
		found := false
		for _, a := range sitetest.FindAll(index, sitetest.Tag("a")) {
			found = found || sitetest.Attr(a, "href") == want
		}
		if !found {
			t.Errorf("/archive/: no link %s for %s", want, id)
		}
	}
	// The default is larger: one page for the year.
	if files := renderArchive(t, s, 0, nil); len(yearPages(t, files, 2024)) != 1 {
		t.Error("eleven briefings take more than one page at the default size")
	}
}

// urlOf is the address of a page's file.
func urlOf(name string) string { return "/" + strings.TrimSuffix(name, "index.html") }

// TestArchiveCacheByYear edits a site rendered through the dev server's
// cache: an edit of a briefing renders again only pages of its year's
// archive, and a briefing moved to another year those of both years and
// /archive/. After each edit the output is the same as from scratch.
func TestArchiveCacheByYear(t *testing.T) {
	s := archiveSite([]monthCount{
		{2024, time.July, 5}, {2024, time.June, 3},
		{2023, time.May, 6}, {2023, time.February, 3},
		{2022, time.October, 2},
	})
	cache := NewCache()
	files := renderArchive(t, s, 4, cache)
	// find returns a new copy of a briefing in its place: the model's
	// records are never changed once loaded, an edit gives a new one.
	find := func(slug string) *site.Briefing {
		for i, b := range s.Briefings {
			if b.Slug == slug {
				edited := *b
				s.Briefings[i] = &edited
				return &edited
			}
		}
		t.Fatalf("no briefing %s", slug)
		return nil
	}
	steps := []struct {
		desc string
		edit func()
		want []string // the archive's files rendered again
	}{
		{"retitle a briefing of May 2023, on the first page", func() { find("b-2023-05-04").Title = "Retitled" },
			[]string{"archive/2023/index.html"}},
		{"retitle one of February 2023, on the last page", func() { find("b-2023-02-01").Title = "Retitled too" },
			[]string{"archive/2023/page/3/index.html"}},
		{"move a briefing from 2023 to 2022", func() {
			find("b-2023-05-06").Date = time.Date(2022, time.October, 20, 12, 0, 0, 0, time.UTC)
		}, []string{"archive/index.html", "archive/2022/index.html", "archive/2023/index.html", "archive/2023/page/2/index.html"}},
		{"move both briefings of 2022 to 2025", func() {
			for _, b := range slices.Clone(s.Briefings) {
				if b.Date.Year() == 2022 {
					find(b.Slug).Date = b.Date.AddDate(3, 0, 0)
				}
			}
		}, []string{"archive/index.html", "archive/2025/index.html"}},
	}
	for _, step := range steps {
		step.edit()
		rehash(s)
		got := renderArchiveOver(t, s, 4, cache, files)
		var rendered []string
		for _, name := range cache.Rendered() {
			if strings.HasPrefix(name, "archive/") {
				rendered = append(rendered, name)
			}
		}
		slices.Sort(step.want)
		if !slices.Equal(rendered, step.want) {
			t.Errorf("%s: the archive files rendered again are %v, want %v", step.desc, rendered, step.want)
		}
		fresh := renderArchive(t, s, 4, nil)
		if !maps.EqualFunc(got, fresh, bytes.Equal) {
			for name := range fresh {
				if !bytes.Equal(got[name], fresh[name]) {
					t.Errorf("%s: %s differs from a render from scratch", step.desc, name)
				}
			}
			for name := range got {
				if _, ok := fresh[name]; !ok {
					t.Errorf("%s: %s is left over", step.desc, name)
				}
			}
		}
		checkArchive(t, s, got)
	}
}
