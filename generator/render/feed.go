package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"strings"
	"time"

	"brief/generator/site"
)

const (
	rssType      = "application/rss+xml"
	jsonFeedType = "application/feed+json"
)

// RSS 2.0 with the Atom self link and content:encoded, built from structs
// so that escaping is right by construction.
type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	AtomNS    string     `xml:"xmlns:atom,attr"`
	ContentNS string     `xml:"xmlns:content,attr"`
	DCNS      string     `xml:"xmlns:dc,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Generator     string    `xml:"generator"`
	Self          atomLink  `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
	Description string  `xml:"description"`
	Content     string  `xml:"content:encoded"`
	// Creator is the author by name: RSS's own author element must be
	// an e-mail address.
	Creator    string   `xml:"dc:creator,omitempty"`
	Updated    string   `xml:"atom:updated,omitempty"`
	Categories []string `xml:"category"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// feedInput is all one RSS feed shows.
type feedInput struct {
	Path        string // site path of the feed file
	Title       string
	Page        string // site path of the HTML page it mirrors
	Description string
	Items       []feedItem // the newest feed_limit briefings of the list
}

// feedItem is a briefing as feeds carry it: whole.
type feedItem struct {
	Briefing *site.Briefing
	Summary  string
	Body     converted
}

// renderFeeds writes the site-wide RSS and JSON feeds, one RSS feed per
// country and per tag, and an OPML list of the country feeds.
func (r *renderer) renderFeeds() {
	cfg := &r.site.Config
	c := r.ctx
	desc := cfg.Description
	if desc == "" {
		desc = c.t("feed_desc_site", "site", cfg.Title)
	}
	feeds := []feedInput{{Path: "/feed.xml", Title: cfg.Title, Page: "/", Description: desc, Items: r.feedItems(r.positions.all)}}
	var opml []feedInput
	for _, g := range r.byCountry {
		f := feedInput{
			Path: "/countries/" + g.Key + "/feed.xml", Title: cfg.Title + ": " + c.countryName(&g.Country),
			Page: "/countries/" + g.Key + "/", Description: c.t("feed_desc_country", "name", c.countryName(&g.Country)),
		}
		opml = append(opml, f)
		f.Items = r.feedItems(g.Members)
		feeds = append(feeds, f)
	}
	for _, g := range r.byTag {
		feeds = append(feeds, feedInput{
			Path: "/tags/" + g.Key + "/feed.xml", Title: cfg.Title + ": " + g.Name,
			Page: "/tags/" + g.Key + "/", Description: c.t("feed_desc_tag", "name", g.Name), Items: r.feedItems(g.Members),
		})
	}
	for _, st := range r.site.Stories {
		// A story without briefings yet still has a feed to subscribe to.
		members := r.storyMembers[st.Key]
		feeds = append(feeds, feedInput{
			Path: st.URL() + "feed.xml", Title: cfg.Title + ": " + st.Title,
			Page: st.URL(), Description: c.t("feed_desc_story", "story", st.Title), Items: r.feedItems(members),
		})
	}
	e := r.out()
	r.parallel(len(feeds)+2, func(i int) {
		switch {
		case i < len(feeds):
			emitBuffered(e, strings.TrimPrefix(feeds[i].Path, "/"), feeds[i], feedFile, rss)
		case i == len(feeds):
			emitBuffered(e, "feed.json", feeds[0], feedFile, jsonFeed)
		default:
			emitBuffered(e, "feeds.opml", opml, feedFile, opmlFile)
		}
	})
}

// feedItems is what a feed of the briefings at positions members carries.
func (r *renderer) feedItems(members []int) []feedItem {
	items := make([]feedItem, min(len(members), r.site.Config.FeedLimit))
	for k := range items {
		i := members[k]
		items[k] = feedItem{Briefing: r.site.Briefings[i], Summary: r.summaries.texts[i], Body: r.bodies[i]}
	}
	return items
}

// newRSS starts the RSS feed at site path p that mirrors the page at
// page.
func newRSS(c *context, p, title, page, description string) rssDoc {
	return rssDoc{
		Version: "2.0", AtomNS: "http://www.w3.org/2005/Atom", ContentNS: "http://purl.org/rss/1.0/modules/content/",
		DCNS: "http://purl.org/dc/elements/1.1/",
		Channel: rssChannel{
			Title: title, Link: c.abs(page), Description: description, Language: c.cfg.Language,
			Generator: "brief", Self: atomLink{Href: c.abs(p), Rel: "self", Type: rssType},
		},
	}
}

func rss(c *context, f feedInput, buf *bytes.Buffer) ([]byte, error) {
	doc := newRSS(c, f.Path, f.Title, f.Page, f.Description)
	// The newest item's date, never the wall clock: two builds of the same
	// input give the same feed.
	if len(f.Items) > 0 {
		last := f.Items[0].Briefing.Date
		for _, it := range f.Items {
			if it.Briefing.Date.After(last) {
				last = it.Briefing.Date
			}
		}
		doc.Channel.LastBuildDate = last.In(c.cfg.Location).Format(time.RFC1123Z)
	}
	for _, it := range f.Items {
		b := it.Briefing
		link := c.abs(b.URL())
		content, err := itemContent(c, it, link)
		if err != nil {
			return nil, err
		}
		item := rssItem{
			Title: b.Title, Link: link, GUID: rssGUID{IsPermaLink: true, Value: link},
			PubDate:     b.Date.In(c.cfg.Location).Format(time.RFC1123Z),
			Description: it.Summary,
			Content:     content,
		}
		item.Creator, _ = c.byline(b)
		if !b.Updated.IsZero() {
			// A correction counts as an update (see load): readers that
			// look at atom:updated learn that the item changed. The W3C
			// feed validator takes atom:updated in an RSS item (an RFC
			// 3339 date); dc:date there would repeat pubDate instead.
			item.Updated = b.Updated.In(c.cfg.Location).Format(time.RFC3339)
		}
		item.Categories = topics(c, b)
		doc.Channel.Items = append(doc.Channel.Items, item)
	}
	return marshalXML(doc, buf)
}

// topics are what feeds file a briefing under: its countries, then its
// tags.
func topics(c *context, b *site.Briefing) []string {
	var out []string
	for _, country := range b.Countries {
		out = append(out, c.countryName(country))
	}
	for _, t := range b.Tags {
		out = append(out, t.Name)
	}
	return out
}

// marshalXML writes v as an indented XML document into buf, a buffer lent
// by emitBuffered: a feed of fifty full briefings is most of a megabyte,
// and growing a new buffer to that size for every feed was a good part of
// the feeds' time.
func marshalXML(v any, buf *bytes.Buffer) ([]byte, error) {
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// itemContent is the content a feed item carries: the body of the
// briefing and its sources, as the theme's partial "feed-item" shows them,
// with every address absolute. link is the briefing's address.
func itemContent(c *context, it feedItem, link string) (string, error) {
	body, err := it.Body.html()
	if err != nil {
		return "", err
	}
	html, err := c.theme.fragment("feed-item", FeedItemContent{Body: template.HTML(body), Sources: sourceViews(c, it.Briefing.Sources)})
	if err != nil {
		return "", err
	}
	return absolutize(c, html, link), nil
}

// absolutize makes the links of a body work outside the site, as feed
// readers need: root-relative addresses get the site's origin, and bare
// fragments (#fn:1) the page's address. Goldmark writes attributes with
// double quotes and escapes quotes in text, so the patterns cannot match
// inside text.
func absolutize(c *context, html, page string) string {
	html = strings.ReplaceAll(html, `href="/`, `href="`+c.origin+`/`)
	html = strings.ReplaceAll(html, `src="/`, `src="`+c.origin+`/`)
	html = strings.ReplaceAll(html, `href="#`, `href="`+page+`#`)
	return html
}

type jsonFeedDoc struct {
	Version     string         `json:"version"`
	Title       string         `json:"title"`
	HomePageURL string         `json:"home_page_url"`
	FeedURL     string         `json:"feed_url"`
	Description string         `json:"description,omitempty"`
	Language    string         `json:"language,omitempty"`
	Authors     []jsonAuthor   `json:"authors,omitempty"`
	Items       []jsonFeedItem `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonFeedItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html"`
	Summary       string       `json:"summary,omitempty"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
}

// jsonFeed is the site-wide JSON Feed 1.1.
func jsonFeed(c *context, f feedInput, buf *bytes.Buffer) ([]byte, error) {
	doc := jsonFeedDoc{
		Version: "https://jsonfeed.org/version/1.1", Title: c.cfg.Title, HomePageURL: c.abs("/"),
		FeedURL: c.abs("/feed.json"), Description: f.Description, Language: c.cfg.Language, Items: []jsonFeedItem{},
	}
	if c.cfg.Author != "" {
		doc.Authors = []jsonAuthor{{Name: c.cfg.Author}}
	}
	for _, it := range f.Items {
		b := it.Briefing
		link := c.abs(b.URL())
		content, err := itemContent(c, it, link)
		if err != nil {
			return nil, err
		}
		item := jsonFeedItem{
			ID: link, URL: link, Title: b.Title, ContentHTML: content,
			Summary: it.Summary, DatePublished: b.Date.In(c.cfg.Location).Format(time.RFC3339),
		}
		if !b.Updated.IsZero() {
			item.DateModified = b.Updated.In(c.cfg.Location).Format(time.RFC3339)
		}
		item.Tags = topics(c, b)
		name, _ := c.byline(b)
		item.Authors = []jsonAuthor{{Name: name}}
		doc.Items = append(doc.Items, item)
	}
	enc := json.NewEncoder(buf) // escapes <, > and & as json.Marshal does
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type opmlDoc struct {
	XMLName xml.Name    `xml:"opml"`
	Version string      `xml:"version,attr"`
	Title   string      `xml:"head>title"`
	Body    opmlOutline `xml:"body>outline"`
}

type opmlOutline struct {
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr,omitempty"`
	Type     string        `xml:"type,attr,omitempty"`
	XMLURL   string        `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string        `xml:"htmlUrl,attr,omitempty"`
	Outlines []opmlOutline `xml:"outline"`
}

// opmlFile lists every country feed, so a reader can follow them all at
// once.
func opmlFile(c *context, feeds []feedInput, buf *bytes.Buffer) ([]byte, error) {
	title := c.t("opml_title", "site", c.cfg.Title)
	doc := opmlDoc{Version: "2.0", Title: title, Body: opmlOutline{Text: title}}
	for _, f := range feeds {
		doc.Body.Outlines = append(doc.Body.Outlines, opmlOutline{
			Text: f.Title, Title: f.Title, Type: "rss", XMLURL: c.abs(f.Path), HTMLURL: c.abs(f.Page),
		})
	}
	return marshalXML(doc, buf)
}
