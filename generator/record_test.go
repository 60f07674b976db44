package generator

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/internal/sitetest"

	"golang.org/x/net/html"
)

// recordFixture is a site with a story of four briefings (one outside it),
// corrections on two and aliases on one.
func recordFixture(t *testing.T) string {
	files := map[string]string{
		"content/stories/talks.md": "---\ntitle: The talks\nsummary: How the talks went.\n---\nThe **introduction** of the story.\n",
		"content/stories/done.md":  "---\ntitle: Done story\nstatus: concluded\n---\nOver.\n",
		"content/stories/empty.md": "---\ntitle: Empty story\n---\n",
		"content/briefings/a.md":   briefingFile("A", "2024-01-01T10:00", []string{"Ukraine"}, "story: talks\n"),
		"content/briefings/b.md": briefingFile("B", "2024-02-01T10:00", []string{"Ukraine", "Italy"},
			"story: talks\ncorrections:\n  - date: 2024-02-05\n    text: The sum is **€2.2 billion**, not €2 billion.\n  - {date: 2024-02-03, text: \"A [name](https://example.org/) was misspelt.\"}\naliases: [/briefings/old-b/, /2024/02/b.html]\n"),
		"content/briefings/c.md": briefingFile("C", "2024-03-01T10:00", []string{"Italy"}, "story: talks\n"),
		"content/briefings/d.md": briefingFile("D", "2024-04-01T10:00", []string{"Italy"}, "story: talks\ncorrections: [{date: 2024-04-02, text: The date was wrong.}]\n"),
		"content/briefings/e.md": briefingFile("E", "2024-05-01T10:00", []string{"Italy"}, "story: done\n"),
		"content/briefings/f.md": briefingFile("F", "2024-06-01T10:00", []string{"Italy"}, ""),
	}
	return sitetest.WriteSite(t, fixture("title: Test Portal\nbase_url: https://portal.example.org/news/\ntimezone: Europe/Kyiv\nper_page: 2\nfeed_limit: 3\n", files))
}

func byID(id string) func(*html.Node) bool {
	return func(n *html.Node) bool { return sitetest.Attr(n, "id") == id }
}

func TestCorrectionsOnTheBriefing(t *testing.T) {
	dir := recordFixture(t)
	mustBuild(t, BuildOptions{Src: dir})
	out := filepath.Join(dir, "public")
	doc := sitetest.ReadHTML(t, filepath.Join(out, "briefings/b/index.html"))

	// The notice is announced as a note, before the body, oldest first.
	note := sitetest.Find(doc, sitetest.TagAttr("aside", "role", "note"))
	if note == nil {
		t.Fatal("no correction notice with role=note")
	}
	if h := sitetest.Find(note, sitetest.Tag("h2")); h == nil || sitetest.Text(h) != "Corrections" {
		t.Errorf("notice heading %q", sitetest.Text(h))
	}
	first, second := sitetest.Find(note, byID("correction-1")), sitetest.Find(note, byID("correction-2"))
	if first == nil || second == nil {
		t.Fatal("corrections lack their anchors")
	}
	if got := sitetest.Text(first); !strings.Contains(got, "3 February 2024") || !strings.Contains(got, "A name was misspelt.") {
		t.Errorf("first correction %q", got)
	}
	if sitetest.Find(first, sitetest.TagAttr("a", "href", "https://example.org/")) == nil {
		t.Error("inline Markdown link not rendered")
	}
	if s := sitetest.Find(second, sitetest.Tag("strong")); s == nil || sitetest.Text(s) != "€2.2 billion" {
		t.Error("inline Markdown emphasis not rendered")
	}
	if body := sitetest.Find(doc, sitetest.TagAttr("div", "class", "body")); body == nil || !follows(note, body) {
		t.Error("the notice must come before the body")
	}
	// A correction counts as an update.
	if u := sitetest.Find(doc, sitetest.TagAttr("p", "class", "updated")); u == nil || !strings.Contains(sitetest.Text(u), "5 February 2024") {
		t.Errorf("updated line %q", sitetest.Text(u))
	}

	// JSON-LD: the corrections as CorrectionComment, parsed.
	script := sitetest.Find(doc, sitetest.TagAttr("script", "type", "application/ld+json"))
	var ld struct {
		DateModified string `json:"dateModified"`
		Correction   []struct {
			Type          string `json:"@type"`
			DatePublished string `json:"datePublished"`
			Text          string `json:"text"`
		} `json:"correction"`
	}
	if err := json.Unmarshal([]byte(sitetest.Text(script)), &ld); err != nil {
		t.Fatal(err)
	}
	if len(ld.Correction) != 2 || ld.Correction[0].Type != "CorrectionComment" ||
		ld.Correction[0].DatePublished != "2024-02-03T00:00:00+02:00" || ld.Correction[0].Text != "A name was misspelt." ||
		ld.Correction[1].Text != "The sum is €2.2 billion, not €2 billion." {
		t.Errorf("JSON-LD corrections: %+v", ld.Correction)
	}
	if ld.DateModified != "2024-02-05T00:00:00+02:00" {
		t.Errorf("dateModified %q, want the latest correction's date", ld.DateModified)
	}
	// An uncorrected briefing has no notice and no correction entries.
	plain := sitetest.ReadHTML(t, filepath.Join(out, "briefings/a/index.html"))
	if sitetest.Find(plain, sitetest.TagAttr("aside", "role", "note")) != nil {
		t.Error("notice on a briefing without corrections")
	}
	if strings.Contains(sitetest.Text(sitetest.Find(plain, sitetest.TagAttr("script", "type", "application/ld+json"))), "correction") {
		t.Error("correction in the JSON-LD of a briefing without corrections")
	}
}

func TestCorrectionsPageAndFeed(t *testing.T) {
	dir := recordFixture(t)
	mustBuild(t, BuildOptions{Src: dir})
	out := filepath.Join(dir, "public")
	doc := sitetest.ReadHTML(t, filepath.Join(out, "corrections/index.html"))
	var got []string
	for _, a := range sitetest.FindAll(doc, sitetest.Tag("h2")) {
		if link := sitetest.Find(a, sitetest.Tag("a")); link != nil {
			got = append(got, sitetest.Text(link)+" "+sitetest.Attr(link, "href"))
		}
	}
	want := []string{"D /news/briefings/d/#correction-1", "B /news/briefings/b/#correction-2", "B /news/briefings/b/#correction-1"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("corrections page lists %q, want %q (newest first)", got, want)
	}
	f := sitetest.ReadFeed(t, filepath.Join(out, "corrections/feed.xml"))
	if len(f.Items) != 3 || f.Items[0].Title != "Correction: D" || f.Items[0].Link != "https://portal.example.org/news/briefings/d/#correction-1" ||
		f.Items[0].PublishedParsed == nil || !f.Items[0].PublishedParsed.Equal(time.Date(2024, 4, 2, 0, 0, 0, 0, time.FixedZone("", 3*3600))) ||
		!strings.Contains(f.Items[1].Content, "<strong>€2.2 billion</strong>") {
		t.Errorf("corrections feed: %+v", f.Items)
	}
	// The corrected briefing's item in the site feed carries the update.
	site := sitetest.ReadFeed(t, filepath.Join(out, "feed.xml"))
	found := false
	for _, it := range site.Items {
		if it.Title == "D" {
			found = true
			if it.UpdatedParsed == nil || it.UpdatedParsed.Format("2006-01-02") != "2024-04-02" {
				t.Errorf("feed item of D updated %v, want the correction's date", it.UpdatedParsed)
			}
		}
	}
	if !found {
		t.Error("no item for D in feed.xml")
	}
	var jf struct {
		Items []struct {
			Title        string `json:"title"`
			DateModified string `json:"date_modified"`
		} `json:"items"`
	}
	data, _ := os.ReadFile(filepath.Join(out, "feed.json"))
	if err := json.Unmarshal(data, &jf); err != nil {
		t.Fatal(err)
	}
	found = false
	for _, it := range jf.Items {
		if it.Title == "D" {
			found = true
			if !strings.HasPrefix(it.DateModified, "2024-04-02") {
				t.Errorf("JSON Feed item of D modified %q", it.DateModified)
			}
		}
	}
	if !found {
		t.Error("no item for D in feed.json")
	}
}

func TestStoryPagesAndFeeds(t *testing.T) {
	dir := recordFixture(t)
	mustBuild(t, BuildOptions{Src: dir})
	out := filepath.Join(dir, "public")

	// The list: ongoing first, then concluded.
	list := sitetest.ReadHTML(t, filepath.Join(out, "stories/index.html"))
	var titles []string
	for _, h := range sitetest.FindAll(list, sitetest.Tag("h3")) {
		titles = append(titles, sitetest.Text(h))
	}
	if want := []string{"The talks", "Empty story", "Done story"}; fmt.Sprint(titles) != fmt.Sprint(want) {
		t.Errorf("stories list %q, want %q", titles, want)
	}

	// The story: its introduction and a timeline, oldest first, with
	// summaries and countries.
	doc := sitetest.ReadHTML(t, filepath.Join(out, "stories/talks/index.html"))
	if intro := sitetest.Find(doc, sitetest.TagAttr("div", "class", "intro")); intro == nil || sitetest.Find(intro, sitetest.Tag("strong")) == nil {
		t.Error("story introduction missing")
	}
	tl := sitetest.Find(doc, sitetest.TagAttr("ol", "class", "timeline"))
	if tl == nil {
		t.Fatal("no timeline")
	}
	var entries []string
	for _, li := range sitetest.FindAll(tl, sitetest.Tag("li")) {
		if h := sitetest.Find(li, sitetest.Tag("h3")); h != nil {
			entries = append(entries, sitetest.Text(h))
			if s := sitetest.Find(li, sitetest.TagAttr("p", "class", "summary")); s == nil || sitetest.Text(s) != "Summary of "+sitetest.Text(h)+"." {
				t.Errorf("timeline entry %s without its summary", sitetest.Text(h))
			}
			if sitetest.Find(li, sitetest.TagAttr("ul", "class", "countries")) == nil {
				t.Errorf("timeline entry %s without its countries", sitetest.Text(h))
			}
		}
	}
	if want := []string{"A", "B", "C", "D"}; fmt.Sprint(entries) != fmt.Sprint(want) {
		t.Errorf("timeline %q, want %q", entries, want)
	}

	// The story line of each briefing: position, previous and next.
	for _, tt := range []struct{ slug, pos, prev, next string }{
		{"a", "1 of 4", "", "/news/briefings/b/"},
		{"b", "2 of 4", "/news/briefings/a/", "/news/briefings/c/"},
		{"d", "4 of 4", "/news/briefings/c/", ""},
		{"e", "1 of 1", "", ""},
	} {
		page := sitetest.ReadHTML(t, filepath.Join(out, "briefings", tt.slug, "index.html"))
		nav := sitetest.Find(page, sitetest.TagAttr("nav", "class", "story-line"))
		if nav == nil {
			t.Errorf("%s: no story line", tt.slug)
			continue
		}
		if !strings.Contains(sitetest.Text(nav), tt.pos) {
			t.Errorf("%s: story line %q, want %s", tt.slug, sitetest.Text(nav), tt.pos)
		}
		var links []string
		for _, li := range sitetest.FindAll(nav, sitetest.Tag("li")) {
			links = append(links, strings.Fields(sitetest.Text(li))[0]+sitetest.Attr(sitetest.Find(li, sitetest.Tag("a")), "href"))
		}
		var want []string
		if tt.prev != "" {
			want = append(want, "Previous:"+tt.prev)
		}
		if tt.next != "" {
			want = append(want, "Next:"+tt.next)
		}
		if fmt.Sprint(links) != fmt.Sprint(want) {
			t.Errorf("%s: story neighbours %q, want %q", tt.slug, links, want)
		}
	}
	if sitetest.Find(sitetest.ReadHTML(t, filepath.Join(out, "briefings/f/index.html")), sitetest.TagAttr("nav", "class", "story-line")) != nil {
		t.Error("story line on a briefing in no story")
	}

	// The story's feed: newest first, feed_limit items.
	f := sitetest.ReadFeed(t, filepath.Join(out, "stories/talks/feed.xml"))
	var items []string
	for _, it := range f.Items {
		items = append(items, it.Title)
	}
	if want := []string{"D", "C", "B"}; fmt.Sprint(items) != fmt.Sprint(want) || f.Link != "https://portal.example.org/news/stories/talks/" {
		t.Errorf("story feed %q at %s, want %q", items, f.Link, want)
	}
	if f := sitetest.ReadFeed(t, filepath.Join(out, "stories/empty/feed.xml")); len(f.Items) != 0 {
		t.Errorf("empty story's feed has %d items", len(f.Items))
	}
}

func TestAliasPagesAndRedirects(t *testing.T) {
	dir := recordFixture(t)
	mustBuild(t, BuildOptions{Src: dir})
	out := filepath.Join(dir, "public")
	data, err := os.ReadFile(filepath.Join(out, "_redirects"))
	if err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, line := range strings.Split(string(data), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			rules = append(rules, line)
		}
	}
	want := []string{"/news/2024/02/b.html /news/briefings/b/ 301", "/news/briefings/old-b/ /news/briefings/b/ 301"}
	if fmt.Sprint(rules) != fmt.Sprint(want) {
		t.Errorf("_redirects rules %q, want %q", rules, want)
	}
	for _, file := range []string{"briefings/old-b/index.html", "2024/02/b.html"} {
		doc := sitetest.ReadHTML(t, filepath.Join(out, file))
		if c := sitetest.Find(doc, sitetest.TagAttr("link", "rel", "canonical")); c == nil || sitetest.Attr(c, "href") != "https://portal.example.org/news/briefings/b/" {
			t.Errorf("%s: canonical link missing or wrong", file)
		}
		if m := sitetest.Find(doc, sitetest.TagAttr("meta", "http-equiv", "refresh")); m == nil || sitetest.Attr(m, "content") != "0; url=/news/briefings/b/" {
			t.Errorf("%s: meta refresh missing or wrong", file)
		}
		if sitetest.Find(doc, sitetest.TagAttr("meta", "name", "robots")) == nil {
			t.Errorf("%s: alias page not kept out of search engines", file)
		}
		if sitetest.Find(sitetest.Find(doc, sitetest.Tag("main")), sitetest.TagAttr("a", "href", "/news/briefings/b/")) == nil {
			t.Errorf("%s: no visible link to the briefing", file)
		}
	}
	sitemap, _ := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if strings.Contains(string(sitemap), "old-b") || strings.Contains(string(sitemap), "b.html") {
		t.Error("the sitemap lists an alias page")
	}
	for _, p := range []string{"/news/corrections/", "/news/stories/", "/news/stories/talks/"} {
		if !strings.Contains(string(sitemap), "https://portal.example.org"+p+"<") {
			t.Errorf("the sitemap lacks %s", p)
		}
	}
}

// TestCorrectionsArePaginated checks that a long record of corrections is
// cut into pages that together list each correction once, newest first,
// linked by the pagination bar and rel=prev/next.
func TestCorrectionsArePaginated(t *testing.T) {
	files := map[string]string{}
	const briefings = 61 // two corrections each: 122, so three pages
	for i := range briefings {
		day := time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		files[fmt.Sprintf("content/briefings/b%02d.md", i)] = briefingFile(fmt.Sprintf("B%02d", i), day.Format("2006-01-02T15:04"), []string{"Italy"},
			fmt.Sprintf("corrections:\n  - {date: %s, text: First fix of %d.}\n  - {date: %s, text: Second fix of %d.}\n",
				day.AddDate(0, 0, 1).Format("2006-01-02"), i, day.AddDate(0, 0, 2).Format("2006-01-02"), i))
	}
	dir := sitetest.WriteSite(t, fixture("title: Test Portal\nbase_url: https://portal.example.org/\n", files))
	mustBuild(t, BuildOptions{Src: dir})
	out := filepath.Join(dir, "public")
	pages := []string{"corrections/index.html", "corrections/page/2/index.html", "corrections/page/3/index.html"}
	seen := map[string]bool{}
	var dates []string
	per := 0 // corrections on a full page, as the first one shows
	for k, p := range pages {
		doc := sitetest.ReadHTML(t, filepath.Join(out, p))
		items := sitetest.FindAll(doc, func(n *html.Node) bool {
			return n.Type == html.ElementNode && n.Data == "li" && strings.HasPrefix(sitetest.Attr(n, "id"), "correction-")
		})
		if k == 0 {
			per = len(items)
			if per < 10 || 3*per < 2*briefings || 2*per >= 2*briefings {
				t.Fatalf("the first page lists %d corrections of %d; the test wants three pages", per, 2*briefings)
			}
		}
		if want := min(per, 2*briefings-k*per); len(items) != want {
			t.Errorf("%s lists %d corrections, want %d", p, len(items), want)
		}
		for _, li := range items {
			id := sitetest.Attr(li, "id")
			if seen[id] {
				t.Errorf("%s lists %s again", p, id)
			}
			seen[id] = true
			if tm := sitetest.Find(li, sitetest.Tag("time")); tm != nil {
				dates = append(dates, sitetest.Attr(tm, "datetime"))
			}
		}
		checkPrevNext(t, doc, pages, k)
	}
	if len(seen) != 2*briefings {
		t.Errorf("the pages list %d corrections, want %d", len(seen), 2*briefings)
	}
	for i := 1; i < len(dates); i++ {
		if dates[i] > dates[i-1] {
			t.Errorf("correction dated %s listed after one of %s: not newest first", dates[i], dates[i-1])
			break
		}
	}
	if _, err := os.Stat(filepath.Join(out, "corrections/page/4/index.html")); err == nil {
		t.Error("a fourth page of corrections was written")
	}
}

// TestLongStoriesArePaginated checks that a story of many briefings is cut
// into pages that together list each of them once, oldest first, with the
// introduction on the first page only, linked by rel=prev/next and listed
// in the sitemap.
func TestLongStoriesArePaginated(t *testing.T) {
	files := map[string]string{
		"content/stories/war.md": "---\ntitle: The long story\n---\nThe **introduction** of the story.\n",
	}
	const briefings = 230
	for i := range briefings {
		day := time.Date(2020, 1, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		files[fmt.Sprintf("content/briefings/s%03d.md", i)] = briefingFile(fmt.Sprintf("S%03d", i), day.Format("2006-01-02T15:04"), []string{"Italy"}, "story: war\n")
	}
	dir := sitetest.WriteSite(t, fixture("title: Test Portal\nbase_url: https://portal.example.org/\n", files))
	mustBuild(t, BuildOptions{Src: dir})
	out := filepath.Join(dir, "public")
	pages := []string{"stories/war/index.html", "stories/war/page/2/index.html", "stories/war/page/3/index.html"}
	var titles []string
	per := 0
	for k, p := range pages {
		doc := sitetest.ReadHTML(t, filepath.Join(out, p))
		var onPage []string
		for _, h := range sitetest.FindAll(doc, sitetest.Tag("h3")) {
			onPage = append(onPage, sitetest.Text(h))
		}
		if k == 0 {
			per = len(onPage)
			if 3*per < briefings || 2*per >= briefings {
				t.Fatalf("the first page lists %d briefings of %d; the test wants three pages", per, briefings)
			}
		}
		if want := min(per, briefings-k*per); len(onPage) != want {
			t.Errorf("%s lists %d briefings, want %d", p, len(onPage), want)
		}
		titles = append(titles, onPage...)
		intro := strings.Contains(sitetest.Text(doc), "introduction of the story")
		if intro != (k == 0) {
			t.Errorf("%s: introduction shown %v, want it on the first page only", p, intro)
		}
		checkPrevNext(t, doc, pages, k)
	}
	for i, title := range titles {
		if want := fmt.Sprintf("S%03d", i); title != want {
			t.Errorf("the story's pages list %s at %d, want %s (each once, oldest first)", title, i+1, want)
			break
		}
	}
	if len(titles) != briefings {
		t.Errorf("the story's pages list %d briefings, want %d", len(titles), briefings)
	}
	sitemap, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages[1:] {
		if loc := "https://portal.example.org/" + strings.TrimSuffix(p, "index.html"); !strings.Contains(string(sitemap), "<loc>"+loc+"</loc>") {
			t.Errorf("the sitemap does not list %s", loc)
		}
	}
}

// checkPrevNext checks that the page pages[k] of a paginated list links to
// the pages before and after it with rel=prev and rel=next, and no further.
func checkPrevNext(t *testing.T, doc *html.Node, pages []string, k int) {
	t.Helper()
	p := pages[k]
	for rel, want := range map[string]int{"prev": k - 1, "next": k + 1} {
		link := sitetest.Find(doc, sitetest.TagAttr("link", "rel", rel))
		switch {
		case want < 0 || want >= len(pages):
			if link != nil {
				t.Errorf("%s has rel=%s", p, rel)
			}
		case link == nil:
			t.Errorf("%s has no rel=%s", p, rel)
		case !strings.HasSuffix(sitetest.Attr(link, "href"), "/"+strings.TrimSuffix(pages[want], "index.html")):
			t.Errorf("%s: rel=%s is %s, want %s", p, rel, sitetest.Attr(link, "href"), pages[want])
		}
	}
}
