package render

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"brief/generator/markdown"
	"brief/generator/site"

	xhtml "golang.org/x/net/html"
)

// The editorial record: corrections shown on their briefings and listed at
// /corrections/ with a feed, running stories at /stories/ with a page and
// a feed each, and the former addresses of briefings (aliases), each a
// small page that leads on and a line of /_redirects.

// correction is a correction ready to show: its HTML and plain text are
// made before any page's input, so that inputs hold what pages print.
type correction struct {
	N    int // 1 for a briefing's first correction (see anchor)
	Date time.Time
	HTML string // inline HTML
	Text string // plain text, for JSON-LD and feeds' titles
}

// inlinePara is the HTML goldmark makes of one paragraph of inline text.
var inlinePara = regexp.MustCompile(`^<p>([\s\S]*)</p>\n?$`)

// anchor is the id of the correction's notice on its briefing's page.
func (k correction) anchor() string { return "correction-" + strconv.Itoa(k.N) }

// correctionsOf converts a briefing's corrections. Their text is inline
// Markdown: one paragraph, whose <p> is dropped; text that would make
// blocks (a list, a heading) is shown as written, escaped.
func correctionsOf(conv *markdown.Converter, b *site.Briefing) []correction {
	out := make([]correction, len(b.Corrections))
	for i, c := range b.Corrections {
		h := html.EscapeString(c.Text)
		if res, err := conv.Convert([]byte(c.Text), 1, nil); err == nil {
			if m := inlinePara.FindStringSubmatch(res.HTML); m != nil && !strings.Contains(m[1], "<p>") {
				h = m[1]
			}
		}
		out[i] = correction{N: i + 1, Date: c.Date, HTML: h, Text: plainText(h)}
	}
	return out
}

// plainText is the text of an HTML fragment without its markup.
func plainText(fragment string) string {
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(fragment))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case xhtml.TextToken:
			b.Write(z.Text())
		}
	}
}

// correctionViews are a briefing's corrections as its page shows them.
func correctionViews(c *context, cs []correction) []CorrectionView {
	out := make([]CorrectionView, len(cs))
	for i, k := range cs {
		out[i] = CorrectionView{ID: k.anchor(), Date: c.date(k.Date), Text: template.HTML(k.HTML)}
	}
	return out
}

// storySource is a briefing's place in its story, as its page's source:
// the story's title and address, the position counted from the oldest,
// and the briefings before and after it in the story.
type storySource struct {
	Title, Path string
	Pos, Total  int
	Prev, Next  entriesAt // older and newer briefing of the story, if any
}

// storyLine is a briefing's place in its story, as its page shows it.
type storyLine struct {
	Title, Path string
	Pos, Total  int
	Prev, Next  *entry
}

// storyPlaces works out every briefing's place in its story, by position
// in the site: nil for a briefing in none.
func (r *renderer) storyPlaces() []*storySource {
	out := make([]*storySource, len(r.site.Briefings))
	byKey := make(map[string]*site.Story, len(r.site.Stories))
	for _, st := range r.site.Stories {
		byKey[st.Key] = st
	}
	for key, members := range r.storyMembers {
		st := byKey[key]
		if st == nil {
			continue
		}
		// members are newest first; the story counts from its oldest.
		n := len(members)
		for k, i := range members {
			src := &storySource{Title: st.Title, Path: st.URL(), Pos: n - k, Total: n,
				Prev: entriesAt{r.positions, members[min(k+1, n):min(k+2, n)]},
				Next: entriesAt{r.positions, members[max(k-1, 0):k]}}
			out[i] = src
		}
	}
	return out
}

func (s *storySource) line() *storyLine {
	if s == nil {
		return nil
	}
	return &storyLine{Title: s.Title, Path: s.Path, Pos: s.Pos, Total: s.Total, Prev: s.Prev.first(), Next: s.Next.first()}
}

func storyLineView(c *context, l *storyLine) *StoryLine {
	if l == nil {
		return nil
	}
	return &StoryLine{Title: l.Title, URL: c.url(l.Path), Position: l.Pos, Total: l.Total, Prev: c.optItem(l.Prev), Next: c.optItem(l.Next)}
}

// correctionEntry is one correction on the corrections page and feed.
type correctionEntry struct {
	Entry *entry
	correction
}

// correctionsInput is all /corrections/ and its feed show: every
// correction, newest first.
type correctionsInput struct {
	Items []correctionEntry
}

// correctionsPerPage bounds a page of /corrections/: at about 650 bytes a
// correction, a page stays near 35 KB however long the record grows.
const correctionsPerPage = 50

// correctionsPageInput is one page of /corrections/.
type correctionsPageInput struct {
	Items       []correctionEntry
	Page, Total int
}

// storyCard is a story as /stories/ lists it.
type storyCard struct {
	Story         *site.Story
	Count         int
	First, Latest time.Time // dates of its oldest and newest briefing
}

// storyInput is all a page of a story shows: the story, its
// introduction and one page of its briefings, oldest first, with their
// summaries.
type storyInput struct {
	Story       *site.Story
	Intro       converted
	Page, Total int
	Items       []listItem
}

// storyPerPage bounds a page of a story's timeline: at about 700 bytes a
// briefing with its summary and countries, a page stays near 70 KB
// however long a story runs. The timeline reads from the oldest, so a
// story's first page is its beginning.
const storyPerPage = 100

// aliasInput is all the page at a former address shows.
type aliasInput struct {
	From, To, Title string
}

// renderRecord writes the corrections page and feed, the stories' list,
// pages, the alias pages and /_redirects. It runs with the lists, when
// every summary is known.
func (r *renderer) renderRecord() {
	e := r.out()
	corr := correctionsInput{}
	var aliases []aliasInput
	for i, b := range r.site.Briefings {
		for _, c := range r.corrections[i] {
			corr.Items = append(corr.Items, correctionEntry{Entry: r.entries[i], correction: c})
		}
		for _, a := range b.Aliases {
			aliases = append(aliases, aliasInput{From: a.Path, To: b.URL(), Title: b.Title})
		}
	}
	// Newest first; the site's order (newest briefing first), then the
	// later correction of one briefing first, breaks ties.
	sort.SliceStable(corr.Items, func(i, j int) bool { return corr.Items[i].Date.After(corr.Items[j].Date) })
	sort.Slice(aliases, func(i, j int) bool { return aliases[i].From < aliases[j].From })

	var cards []storyCard
	var storyJobs []func()
	for _, st := range r.site.Stories {
		members := r.storyMembers[st.Key]
		card := storyCard{Story: st, Count: len(members)}
		var intro converted
		if _, conv, ok := e.convertDoc(storyDoc(st), r.links, true); ok {
			intro = conv
		}
		if len(members) > 0 {
			card.Latest, card.First = r.entries[members[0]].Date, r.entries[members[len(members)-1]].Date
		}
		cards = append(cards, card)
		oldestFirst := slices.Clone(members)
		slices.Reverse(oldestFirst)
		storyJobs = append(storyJobs, pageJobs(oldestFirst, storyPerPage, func(pg, total int, chunk []int) {
			in := storyInput{Story: st, Page: pg, Total: total, Items: make([]listItem, len(chunk))}
			if pg == 1 {
				in.Intro = intro // the introduction opens the story, on its first page
			}
			for k, i := range chunk {
				in.Items[k] = listItem{Entry: r.entries[i], Summary: r.summaries.texts[i]}
			}
			lastmod := r.latest
			if len(chunk) > 0 {
				lastmod = lastModified(r.entries, chunk)
			}
			emitPage(e, "story.html", pagedPath(st.URL(), pg), lastmod, in, storyView)
		})...)
	}
	// Ongoing stories first, each kind by its latest briefing, newest
	// first; a story without briefings yet last, by key.
	sort.SliceStable(cards, func(i, j int) bool {
		a, b := cards[i], cards[j]
		if a.Story.Concluded != b.Story.Concluded {
			return !a.Story.Concluded
		}
		return a.Latest.After(b.Latest)
	})

	latest := r.latest
	positions := make([]int, len(corr.Items))
	for k := range positions {
		positions[k] = k
	}
	jobs := pageJobs(positions, correctionsPerPage, func(pg, total int, chunk []int) {
		in := correctionsPageInput{Page: pg, Total: total}
		if len(chunk) > 0 {
			in.Items = corr.Items[chunk[0] : chunk[0]+len(chunk)]
		}
		emitPage(e, "corrections.html", pagedPath("/corrections/", pg), latest, in, correctionsView)
	})
	jobs = append(jobs,
		func() { emitBuffered(e, "corrections/feed.xml", corr, feedFile, correctionsFeed) },
		func() { emitPage(e, "stories.html", "/stories/", latest, cards, storiesView) },
	)
	jobs = append(jobs, storyJobs...)
	for _, a := range aliases {
		jobs = append(jobs, func() { emitPage(e, "alias.html", a.From, time.Time{}, a, aliasView) })
	}
	if len(aliases) > 0 {
		jobs = append(jobs, func() { emitFile(e, "_redirects", aliases, otherFile, redirectsFile) })
	}
	r.parallel(len(jobs), func(i int) { jobs[i]() })
}

func correctionsView(c *context, in correctionsPageInput) (any, error) {
	p := &CorrectionsPage{
		Head: c.head("corrections", c.pagedTitle(c.t("corrections"), in.Page), c.t("desc_corrections"),
			pagedPath("/corrections/", in.Page)),
		FeedURL: c.url("/corrections/feed.xml"),
	}
	p.Pagination = pagination(c, "/corrections/", in.Page, in.Total)
	p.PrevURL, p.NextURL = p.Pagination.PrevURL, p.Pagination.NextURL
	p.Feeds = append(p.Feeds, FeedLink{Title: c.cfg.Title + ": " + c.t("corrections"), URL: c.abs("/corrections/feed.xml"), Type: rssType})
	for _, k := range in.Items {
		it := c.item(k.Entry)
		p.Items = append(p.Items, CorrectionItem{
			Briefing: it, URL: it.URL + "#" + k.anchor(),
			CorrectionView: CorrectionView{ID: "correction-" + k.Entry.Slug + "-" + strconv.Itoa(k.N), Date: c.date(k.Date), Text: template.HTML(k.HTML)},
		})
	}
	return p, nil
}

// correctionsFeed is the RSS feed of corrections, newest first: one item
// per correction, whose link is the notice on the briefing's page.
func correctionsFeed(c *context, in correctionsInput, buf *bytes.Buffer) ([]byte, error) {
	doc := newRSS(c, "/corrections/feed.xml", c.cfg.Title+": "+c.t("corrections"), "/corrections/",
		c.t("feed_desc_corrections", "site", c.cfg.Title))
	items := in.Items[:min(len(in.Items), c.cfg.FeedLimit)]
	if len(items) > 0 {
		doc.Channel.LastBuildDate = items[0].Date.In(c.cfg.Location).Format(time.RFC1123Z)
	}
	for _, k := range items {
		link := c.abs(k.Entry.path) + "#" + k.anchor()
		doc.Channel.Items = append(doc.Channel.Items, rssItem{
			Title: c.t("correction_title", "title", k.Entry.Title), Link: link, GUID: rssGUID{IsPermaLink: true, Value: link},
			PubDate: k.Date.In(c.cfg.Location).Format(time.RFC1123Z), Description: k.Text,
			Content: absolutize(c, k.HTML, link),
		})
	}
	return marshalXML(doc, buf)
}

func storiesView(c *context, cards []storyCard) (any, error) {
	p := &StoriesPage{Head: c.head("stories", c.t("stories"), c.t("desc_stories"), "/stories/")}
	for _, card := range cards {
		st := card.Story
		v := StoryCard{Title: st.Title, URL: c.url(st.URL()), Summary: st.Summary, Count: card.Count, Concluded: st.Concluded}
		if card.Count > 0 {
			first, last := c.date(card.First), c.date(card.Latest)
			v.First, v.Latest = &first, &last
		}
		if st.Concluded {
			p.Concluded = append(p.Concluded, v)
		} else {
			p.Ongoing = append(p.Ongoing, v)
		}
	}
	return p, nil
}

func storyView(c *context, in storyInput) (any, error) {
	st := in.Story
	desc := st.Summary
	if desc == "" {
		desc = c.t("desc_story", "story", st.Title)
	}
	p := &StoryPage{Head: c.head("story", c.pagedTitle(st.Title, in.Page), desc, pagedPath(st.URL(), in.Page)), Summary: st.Summary, Concluded: st.Concluded,
		FeedURL: c.url(st.URL() + "feed.xml")}
	p.Pagination = pagination(c, st.URL(), in.Page, in.Total)
	p.PrevURL, p.NextURL = p.Pagination.PrevURL, p.Pagination.NextURL
	p.Feeds = append(p.Feeds, FeedLink{Title: c.cfg.Title + ": " + st.Title, URL: c.abs(st.URL() + "feed.xml"), Type: rssType})
	if in.Intro.html != nil {
		h, err := in.Intro.html()
		if err != nil {
			return nil, err
		}
		p.Intro = template.HTML(h)
	}
	for _, it := range in.Items {
		p.Items = append(p.Items, c.itemWith(it.Entry, it.Summary, ""))
	}
	return p, nil
}

func aliasView(c *context, in aliasInput) (any, error) {
	p := &AliasPage{Head: c.head("alias", in.Title, c.t("desc_moved", "url", c.abs(in.To)), in.From), Target: c.url(in.To)}
	// The page stands for the briefing: search engines index the briefing
	// alone, at its own address.
	p.Canonical, p.NoIndex, p.Refresh = c.abs(in.To), true, "0; url="+c.url(in.To)
	return p, nil
}

// redirectsFile is /_redirects as Netlify and Cloudflare Pages read it:
// "from to status", one alias a line, sorted by the old address.
func redirectsFile(c *context, aliases []aliasInput) ([]byte, error) {
	var b strings.Builder
	b.WriteString("# Former addresses of briefings (aliases:), made by brief.\n")
	for _, a := range aliases {
		fmt.Fprintf(&b, "%s %s 301\n", c.url(a.From), c.url(a.To))
	}
	return []byte(b.String()), nil
}
