package render

import (
	"html/template"
	"sync"

	"brief/generator/site"
)

// wordsPerMinute is a common reading speed for news prose.
const wordsPerMinute = 220

// briefingInput is all a briefing's page shows.
type briefingInput struct {
	Briefing     *site.Briefing
	Body         converted
	Summary      string // the briefing's own, or the one derived from its body
	Words        int
	Related      []*entry
	Newer, Older *entry // next and previous briefing in time
}

// renderBriefings converts every briefing body and writes its page, on all
// cores, and then the feeds. It keeps each briefing's summary and word
// count for the lists.
//
// The briefings that some feed carries go first, and their HTML is kept
// only until the feeds are written: the rest, the larger part on a large
// site, are rendered while memory holds the model alone.
func (r *renderer) renderBriefings() {
	inFeed := r.feedMembers()
	var first, rest []int
	for i, in := range inFeed {
		if in {
			first = append(first, i)
		} else {
			rest = append(rest, i)
		}
	}
	r.parallel(len(first), func(k int) { r.renderBriefing(first[k], true) })
	if r.probs.Errors() == 0 {
		r.renderFeeds()
	}
	r.bodies = nil
	r.parallel(len(rest), func(k int) { r.renderBriefing(rest[k], false) })
}

// renderBriefing converts briefing i and writes its page.
func (r *renderer) renderBriefing(i int, inFeed bool) {
	b := r.site.Briefings[i]
	res, body, ok := r.convertDoc(r.entries[i].doc, b.Summary != "")
	if !ok {
		return
	}
	summary := b.Summary
	if summary == "" {
		summary = res.Summary
	}
	r.summaries[i], r.words[i] = summary, res.Words
	if inFeed {
		// The page and the feeds share one conversion, made when the
		// first of them is written anew.
		body.html = sync.OnceValues(body.html)
		r.bodies[i] = body
	}
	in := briefingInput{Briefing: b, Body: body, Summary: summary, Words: res.Words}
	for _, j := range r.related[i] {
		in.Related = append(in.Related, r.entries[j])
	}
	if i > 0 {
		in.Newer = r.entries[i-1]
	}
	if i+1 < len(r.site.Briefings) {
		in.Older = r.entries[i+1]
	}
	emitPage(r, "briefing.html", r.entries[i].path, modified(b), in, briefingView)
}

// briefingView is the data of briefing.html.
func briefingView(c *context, in briefingInput) (any, error) {
	b := in.Briefing
	html, err := in.Body.html()
	if err != nil {
		return nil, err
	}
	p := &BriefingPage{
		Head:           c.head("briefing", b.Title, in.Summary, b.URL()),
		Date:           c.date(b.Date),
		Author:         b.Author,
		Countries:      c.countryLinks(b.Countries),
		Summary:        in.Summary,
		Body:           template.HTML(html),
		ReadingMinutes: max(1, (in.Words+wordsPerMinute-1)/wordsPerMinute),
	}
	p.OGType = "article"
	if !b.Updated.IsZero() {
		d := c.date(b.Updated)
		p.Updated = &d
	}
	for _, t := range b.Tags {
		p.Tags = append(p.Tags, Link{URL: c.url("/tags/" + t.Key + "/"), Text: t.Name})
	}
	for _, s := range b.Sources {
		sv := SourceView{Name: s.Name, URL: s.URL, Title: s.Title}
		if !s.Date.IsZero() {
			d := c.date(s.Date)
			sv.Date = &d
		}
		p.Sources = append(p.Sources, sv)
	}
	for _, o := range in.Related {
		p.Related = append(p.Related, c.item(o))
	}
	if in.Newer != nil {
		it := c.item(in.Newer)
		p.Newer = &it
	}
	if in.Older != nil {
		it := c.item(in.Older)
		p.Older = &it
	}
	for _, country := range b.Countries {
		p.Feeds = append(p.Feeds, FeedLink{Title: c.cfg.Title + ": " + country.Common, URL: c.abs("/countries/" + country.Key() + "/feed.xml"), Type: rssType})
	}
	p.JSONLD = articleJSONLD(c, b, in.Summary)
	return p, nil
}

// feedMembers marks the briefings that some feed carries: the newest
// feed_limit of the site, of each country and of each tag.
func (r *renderer) feedMembers() []bool {
	in := make([]bool, len(r.site.Briefings))
	mark := func(bs []*site.Briefing) {
		for _, b := range bs[:min(len(bs), r.site.Config.FeedLimit)] {
			in[r.index[b]] = true
		}
	}
	mark(r.site.Briefings)
	for _, g := range r.byCountry {
		mark(g.Briefings)
	}
	for _, g := range r.byTag {
		mark(g.Briefings)
	}
	return in
}
