package generator

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/internal/sitetest"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

func feedFixture(t *testing.T) string {
	files := map[string]string{
		"content/briefings/updated.md": briefingFile("Updated one", "2024-03-01T09:00", []string{"Ukraine", "Italy"}, "updated: 2024-06-14\ntags: [G7]\nauthor: Desk\n"),
		"content/pages/about.md":       "---\ntitle: About\n---\nAbout.\n",
	}
	for i := range 5 {
		files[fmt.Sprintf("content/briefings/b%d.md", i)] = briefingFile(fmt.Sprintf("B%d", i), fmt.Sprintf("2024-01-0%dT10:00", i+1), []string{"Ukraine"}, "")
	}
	return sitetest.WriteSite(t, fixture("title: Test Portal\nbase_url: https://portal.example.org/news/\nlanguage: en-GB\ntimezone: Europe/Kyiv\nper_page: 2\nfeed_limit: 3\ndescription: Test feeds.\n", files))
}

func TestFeedsCarryTheRequiredElements(t *testing.T) {
	dir := feedFixture(t)
	mustBuild(t, BuildOptions{Src: dir})
	out := filepath.Join(dir, "public")

	f := sitetest.ReadFeed(t, filepath.Join(out, "feed.xml"))
	if f.Title != "Test Portal" || f.Link != "https://portal.example.org/news/" || f.Description != "Test feeds." || f.Language != "en-GB" {
		t.Errorf("channel = %q %q %q %q", f.Title, f.Link, f.Description, f.Language)
	}
	if len(f.Items) != 3 {
		t.Fatalf("site feed has %d items, want feed_limit 3", len(f.Items))
	}
	wantOrder := []string{"Updated one", "B4", "B3"}
	for i, it := range f.Items {
		if it.Title != wantOrder[i] {
			t.Errorf("item %d = %q, want %q", i, it.Title, wantOrder[i])
		}
		if !strings.HasPrefix(it.Link, "https://portal.example.org/news/briefings/") || it.GUID != it.Link || it.PublishedParsed == nil || it.Description == "" || it.Content == "" {
			t.Errorf("item %d incomplete: %+v", i, it)
		}
	}
	// lastBuildDate is the newest item's date, not the clock.
	if f.UpdatedParsed == nil || f.Items[0].PublishedParsed == nil || !f.UpdatedParsed.Equal(*f.Items[0].PublishedParsed) {
		t.Errorf("lastBuildDate = %q, want the newest item's date %q", f.Updated, f.Items[0].Published)
	}

	// The raw XML: atom self link, pubDate in RFC 1123 with a numeric zone.
	var raw struct {
		Channel struct {
			Links []struct {
				Href string `xml:"href,attr"`
				Rel  string `xml:"rel,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
			Items []struct {
				PubDate string `xml:"pubDate"`
				GUID    struct {
					IsPermaLink string `xml:"isPermaLink,attr"`
				} `xml:"guid"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	data, _ := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err := xml.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw.Channel.Links) != 1 || raw.Channel.Links[0].Rel != "self" || raw.Channel.Links[0].Href != "https://portal.example.org/news/feed.xml" {
		t.Errorf("atom:link = %+v", raw.Channel.Links)
	}
	for _, it := range raw.Channel.Items {
		if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
			t.Errorf("pubDate %q is not RFC 1123 with a numeric zone", it.PubDate)
		}
		if it.GUID.IsPermaLink != "true" {
			t.Errorf("guid isPermaLink = %q", it.GUID.IsPermaLink)
		}
	}

	// JSON Feed 1.1.
	jf := sitetest.ReadFeed(t, filepath.Join(out, "feed.json"))
	if jf.FeedType != "json" || len(jf.Items) != 3 || jf.Items[0].Title != "Updated one" || jf.Items[0].UpdatedParsed == nil {
		t.Errorf("JSON feed = %s with %d items", jf.FeedType, len(jf.Items))
	}
	var jsonDoc map[string]any
	data, _ = os.ReadFile(filepath.Join(out, "feed.json"))
	if err := json.Unmarshal(data, &jsonDoc); err != nil || jsonDoc["version"] != "https://jsonfeed.org/version/1.1" || jsonDoc["feed_url"] != "https://portal.example.org/news/feed.json" {
		t.Errorf("JSON feed head = %v, %v", jsonDoc["version"], err)
	}

	// OPML lists every country feed.
	var opml struct {
		Outlines []struct {
			XMLURL string `xml:"xmlUrl,attr"`
			Type   string `xml:"type,attr"`
		} `xml:"body>outline>outline"`
	}
	data, _ = os.ReadFile(filepath.Join(out, "feeds.opml"))
	if err := xml.Unmarshal(data, &opml); err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, o := range opml.Outlines {
		urls = append(urls, o.XMLURL)
		if o.Type != "rss" {
			t.Errorf("outline type %q", o.Type)
		}
		sitetest.ReadFeed(t, filepath.Join(out, strings.TrimPrefix(o.XMLURL, "https://portal.example.org/news/")))
	}
	if strings.Join(urls, " ") != "https://portal.example.org/news/countries/it/feed.xml https://portal.example.org/news/countries/ua/feed.xml" {
		t.Errorf("OPML lists %v", urls)
	}

	// Every page's head announces the site feeds.
	doc := sitetest.ReadHTML(t, filepath.Join(out, "about/index.html"))
	alt := sitetest.FindAll(doc, sitetest.TagAttr("link", "rel", "alternate"))
	if len(alt) < 2 || sitetest.Attr(alt[0], "href") != "https://portal.example.org/news/feed.xml" {
		t.Errorf("about page feed links: %d", len(alt))
	}
	// Links inside the site carry the base path.
	if a := sitetest.Find(doc, sitetest.TagAttr("a", "href", "/news/countries/")); a == nil {
		t.Error("no link to /news/countries/ in the navigation")
	}
}

func TestSitemapAndRobots(t *testing.T) {
	dir := feedFixture(t)
	mustBuild(t, BuildOptions{Src: dir})
	out := filepath.Join(dir, "public")
	var sm struct {
		XMLName xml.Name
		URLs    []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	data, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(data, &sm); err != nil {
		t.Fatal(err)
	}
	if sm.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || sm.XMLName.Local != "urlset" {
		t.Errorf("root = %v", sm.XMLName)
	}
	locs := map[string]string{}
	for _, u := range sm.URLs {
		if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
			t.Errorf("%s lastmod %q", u.Loc, u.LastMod)
		}
		locs[u.Loc] = u.LastMod
		// Every URL is a page that exists.
		rel := strings.TrimPrefix(u.Loc, "https://portal.example.org/news/")
		if _, err := os.Stat(filepath.Join(out, rel, "index.html")); err != nil {
			t.Errorf("sitemap lists %s, which was not built", u.Loc)
		}
	}
	for _, want := range []string{"", "page/2/", "page/3/", "briefings/updated/", "briefings/b0/", "countries/", "countries/ua/", "countries/ua/page/2/", "countries/it/", "tags/", "tags/g7/", "archive/", "about/"} {
		if _, ok := locs["https://portal.example.org/news/"+want]; !ok {
			t.Errorf("sitemap lacks /%s", want)
		}
	}
	if got := locs["https://portal.example.org/news/briefings/updated/"]; got != "2024-06-14T00:00:00+03:00" {
		t.Errorf("lastmod of the updated briefing = %q", got)
	}
	if _, ok := locs["https://portal.example.org/news/404.html"]; ok {
		t.Error("404 page is in the sitemap")
	}
	robots, _ := os.ReadFile(filepath.Join(out, "robots.txt"))
	if !strings.Contains(string(robots), "Sitemap: https://portal.example.org/news/sitemap.xml\n") {
		t.Errorf("robots.txt = %q", robots)
	}
	if _, err := os.Stat(filepath.Join(out, "404.html")); err != nil {
		t.Error("no 404.html")
	}
	if css, err := os.ReadFile(filepath.Join(out, "css/chroma.css")); err != nil || !strings.Contains(string(css), "prefers-color-scheme: dark") {
		t.Errorf("chroma.css missing or without a dark style: %v", err)
	}
}

// TestFeedItemsCarrySourcesAndAuthors reads the feeds of a sourced
// briefing with gofeed: each item's content ends with the briefing's
// sources as its page shows them, the author is named (the briefing's, or
// else the site's), and an updated briefing says when.
func TestFeedItemsCarrySourcesAndAuthors(t *testing.T) {
	dir := bundleSite(t, "title: Sub\nbase_url: https://example.org/\nauthor: Site Desk\ntimezone: Europe/Rome\n", nil)
	mustBuild(t, BuildOptions{Src: dir})
	out := filepath.Join(dir, "public")

	page := sitetest.ReadHTML(t, filepath.Join(out, "briefings/apulia/index.html"))
	onPage := sitetest.Find(page, sitetest.TagAttr("section", "class", "sources"))
	if onPage == nil {
		t.Fatal("no sources on the briefing's page")
	}
	var want strings.Builder
	if err := html.Render(&want, onPage); err != nil {
		t.Fatal(err)
	}
	updated := time.Date(2024, 6, 20, 0, 0, 0, 0, time.FixedZone("", 2*3600))
	for _, name := range []string{"feed.xml", "feed.json", "countries/it/feed.xml"} {
		f := sitetest.ReadFeed(t, filepath.Join(out, name))
		items := map[string]*gofeed.Item{}
		for _, it := range f.Items {
			items[it.Title] = it
		}
		apulia, talks := items["Apulia"], items["Talks"]
		if apulia == nil || talks == nil {
			t.Fatalf("%s: items %v", name, items)
		}
		content, err := html.Parse(strings.NewReader(apulia.Content))
		if err != nil {
			t.Fatal(err)
		}
		inFeed := sitetest.Find(content, sitetest.TagAttr("section", "class", "sources"))
		if inFeed == nil {
			t.Fatalf("%s: no sources in the item's content:\n%s", name, apulia.Content)
		}
		var got strings.Builder
		if err := html.Render(&got, inFeed); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: sources in the feed differ from the page's:\n%s\nwant\n%s", name, got.String(), want.String())
		}
		link := sitetest.Find(inFeed, sitetest.TagAttr("a", "href", "https://www.g7italy.it/"))
		if link == nil || sitetest.Text(link) != "G7 Italia" || !strings.Contains(sitetest.Text(inFeed), "Apulia Leaders' Communiqué") ||
			sitetest.Find(inFeed, sitetest.TagAttr("time", "datetime", "2024-06-15T00:00:00+02:00")) == nil || !strings.Contains(sitetest.Text(inFeed), "Reuters") {
			t.Errorf("%s: sources lack the linked name, title or date:\n%s", name, got.String())
		}
		// The body comes first, then the sources.
		if body := strings.Index(apulia.Content, "The region"); body < 0 || body > strings.Index(apulia.Content, `class="sources"`) {
			t.Errorf("%s: the body does not come before the sources", name)
		}

		if len(apulia.Authors) != 1 || apulia.Authors[0].Name != "Desk" {
			t.Errorf("%s: author of Apulia = %+v, want Desk", name, apulia.Authors)
		}
		// Every item names who it is by: the site's author by default.
		if len(talks.Authors) != 1 || talks.Authors[0].Name != "Site Desk" {
			t.Errorf("%s: author of Talks = %+v, want Site Desk", name, talks.Authors)
		}
		if strings.HasSuffix(name, ".json") && (len(f.Authors) != 1 || f.Authors[0].Name != "Site Desk") {
			t.Errorf("%s: feed authors %+v, want Site Desk", name, f.Authors)
		}
		if apulia.UpdatedParsed == nil || !apulia.UpdatedParsed.Equal(updated) {
			t.Errorf("%s: Apulia updated %v, want %v", name, apulia.UpdatedParsed, updated)
		}
		if talks.UpdatedParsed != nil {
			t.Errorf("%s: Talks, never updated, has an update date %v", name, talks.UpdatedParsed)
		}
	}

	// The dc prefix of dc:creator is declared.
	data, err := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Items []struct {
			Creator string `xml:"http://purl.org/dc/elements/1.1/ creator"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for _, it := range raw.Items {
		if it.Creator == "" {
			t.Errorf("an item has no dc:creator in the Dublin Core namespace")
		}
	}
}

// TestFeedItemsWithoutAnyAuthorNameThePublisher: a site that names no
// author still says who every item is by, as its pages' JSON-LD does: the
// publisher, or the site's title when none is set.
func TestFeedItemsWithoutAnyAuthorNameThePublisher(t *testing.T) {
	for _, tt := range []struct{ config, want string }{
		{"title: Sub\nbase_url: https://example.org/\npublisher: The Desk\n", "The Desk"},
		{"title: Sub Briefings\nbase_url: https://example.org/\n", "Sub Briefings"},
	} {
		dir := bundleSite(t, tt.config, nil)
		mustBuild(t, BuildOptions{Src: dir})
		for _, name := range []string{"feed.xml", "feed.json"} {
			f := sitetest.ReadFeed(t, filepath.Join(dir, "public", name))
			for _, it := range f.Items {
				if it.Title == "Apulia" {
					continue // has an author of its own
				}
				if len(it.Authors) != 1 || it.Authors[0].Name != tt.want {
					t.Errorf("%s of %q: item %q authors %+v, want %s", name, tt.config, it.Title, it.Authors, tt.want)
				}
			}
		}
	}
}
