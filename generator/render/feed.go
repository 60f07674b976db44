package render

import (
	"encoding/json"
	"encoding/xml"
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
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Description string   `xml:"description"`
	Content     string   `xml:"content:encoded"`
	Categories  []string `xml:"category"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// feed is one list of briefings published as RSS.
type feed struct {
	path        string // site path of the feed file
	title       string
	page        string // site path of the HTML page it mirrors
	description string
	briefings   []*site.Briefing
}

// renderFeeds writes the site-wide RSS and JSON feeds, one RSS feed per
// country and per tag, and an OPML list of the country feeds.
func (r *renderer) renderFeeds() {
	desc := r.cfg.Description
	if desc == "" {
		desc = "Briefings from " + r.cfg.Title
	}
	feeds := []feed{{path: "/feed.xml", title: r.cfg.Title, page: "/", description: desc, briefings: r.site.Briefings}}
	for _, g := range r.byCountry {
		feeds = append(feeds, feed{
			path: "/countries/" + g.Key + "/feed.xml", title: r.cfg.Title + ": " + g.Country.Common,
			page: "/countries/" + g.Key + "/", description: "Briefings concerning " + g.Country.Common, briefings: g.Briefings,
		})
	}
	for _, g := range r.byTag {
		feeds = append(feeds, feed{
			path: "/tags/" + g.Key + "/feed.xml", title: r.cfg.Title + ": " + g.Name,
			page: "/tags/" + g.Key + "/", description: "Briefings about " + g.Name, briefings: g.Briefings,
		})
	}
	r.parallel(len(feeds)+2, func(i int) {
		switch {
		case i < len(feeds):
			f := feeds[i]
			r.emit(strings.TrimPrefix(f.path, "/"), itemsKey(f.briefings, r.cfg.FeedLimit), &r.feeds, func() ([]byte, error) {
				return r.rss(f), nil
			})
		case i == len(feeds):
			r.emit("feed.json", itemsKey(r.site.Briefings, r.cfg.FeedLimit), &r.feeds, func() ([]byte, error) {
				return r.jsonFeed(desc), nil
			})
		default:
			r.emit("feeds.opml", groupsKey(r.byCountry), &r.feeds, func() ([]byte, error) {
				return r.opml(feeds), nil
			})
		}
	})
}

// itemsKey digests the first n briefings of a list: all a feed shows.
func itemsKey(bs []*site.Briefing, n int) key {
	k := newKey()
	for _, b := range bs[:min(n, len(bs))] {
		k = k.u64(b.Hash)
	}
	return k
}

func (r *renderer) rss(f feed) []byte {
	items := f.briefings[:min(len(f.briefings), r.cfg.FeedLimit)]
	doc := rssDoc{
		Version: "2.0", AtomNS: "http://www.w3.org/2005/Atom", ContentNS: "http://purl.org/rss/1.0/modules/content/",
		Channel: rssChannel{
			Title: f.title, Link: r.abs(f.page), Description: f.description, Language: r.cfg.Language,
			Generator: "brief", Self: atomLink{Href: r.abs(f.path), Rel: "self", Type: rssType},
		},
	}
	// The newest item's date, never the wall clock: two builds of the same
	// input give the same feed.
	if len(items) > 0 {
		last := items[0].Date
		for _, b := range items {
			if b.Date.After(last) {
				last = b.Date
			}
		}
		doc.Channel.LastBuildDate = last.In(r.cfg.Location).Format(time.RFC1123Z)
	}
	for _, b := range items {
		i := r.index[b]
		link := r.abs(b.URL())
		it := rssItem{
			Title: b.Title, Link: link, GUID: rssGUID{IsPermaLink: true, Value: link},
			PubDate:     b.Date.In(r.cfg.Location).Format(time.RFC1123Z),
			Description: r.summaries[i],
			Content:     r.absolutize(r.feedBody(i), link),
		}
		for _, c := range b.Countries {
			it.Categories = append(it.Categories, c.Common)
		}
		for _, t := range b.Tags {
			it.Categories = append(it.Categories, t.Name)
		}
		doc.Channel.Items = append(doc.Channel.Items, it)
	}
	return encodeRSS(&doc)
}

// marshalXML encodes v as an indented XML document. The structs here always
// encode, so an error is a programming mistake.
func marshalXML(v any) []byte {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		panic("render: encoding XML: " + err.Error())
	}
	return append(append([]byte(xml.Header), out...), '\n')
}

// absolutize makes the links of a body work outside the site, as feed
// readers need: root-relative addresses get the site's origin, and bare
// fragments (#fn:1) the page's address. Goldmark writes attributes with
// double quotes and escapes quotes in text, so the patterns cannot match
// inside text.
func (r *renderer) absolutize(html, page string) string {
	origin := strings.TrimSuffix(r.cfg.BaseURL, r.basePath)
	html = strings.ReplaceAll(html, `href="/`, `href="`+origin+`/`)
	html = strings.ReplaceAll(html, `src="/`, `src="`+origin+`/`)
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
func (r *renderer) jsonFeed(desc string) []byte {
	doc := jsonFeedDoc{
		Version: "https://jsonfeed.org/version/1.1", Title: r.cfg.Title, HomePageURL: r.abs("/"),
		FeedURL: r.abs("/feed.json"), Description: desc, Language: r.cfg.Language, Items: []jsonFeedItem{},
	}
	if r.cfg.Author != "" {
		doc.Authors = []jsonAuthor{{Name: r.cfg.Author}}
	}
	items := r.site.Briefings[:min(len(r.site.Briefings), r.cfg.FeedLimit)]
	for _, b := range items {
		i := r.index[b]
		link := r.abs(b.URL())
		it := jsonFeedItem{
			ID: link, URL: link, Title: b.Title, ContentHTML: r.absolutize(r.feedBody(i), link),
			Summary: r.summaries[i], DatePublished: b.Date.In(r.cfg.Location).Format(time.RFC3339),
		}
		if !b.Updated.IsZero() {
			it.DateModified = b.Updated.In(r.cfg.Location).Format(time.RFC3339)
		}
		for _, c := range b.Countries {
			it.Tags = append(it.Tags, c.Common)
		}
		for _, t := range b.Tags {
			it.Tags = append(it.Tags, t.Name)
		}
		if b.Author != "" {
			it.Authors = []jsonAuthor{{Name: b.Author}}
		}
		doc.Items = append(doc.Items, it)
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic("render: encoding JSON Feed: " + err.Error())
	}
	return append(out, '\n')
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

// opml lists every country feed, so a reader can follow them all at once.
func (r *renderer) opml(feeds []feed) []byte {
	doc := opmlDoc{Version: "2.0", Title: r.cfg.Title + ": country feeds",
		Body: opmlOutline{Text: r.cfg.Title + ": country feeds"}}
	for _, f := range feeds {
		if !strings.HasPrefix(f.path, "/countries/") {
			continue
		}
		doc.Body.Outlines = append(doc.Body.Outlines, opmlOutline{
			Text: f.title, Title: f.title, Type: "rss", XMLURL: r.abs(f.path), HTMLURL: r.abs(f.page),
		})
	}
	return marshalXML(doc)
}
