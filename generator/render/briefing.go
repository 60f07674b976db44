package render

import (
	"html/template"
	"strconv"
	"sync"

	"brief/generator/internal/digest"
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
	Related      entryList
	Newer, Older *entry // next and previous briefing in time
}

// briefingSource is what a briefing's page is made from: the briefing
// and the entries of the briefings it links to. Its conversion, summary
// and word count follow from the briefing and the link table.
type briefingSource struct {
	Briefing     *site.Briefing
	Self         *entry // the briefing's own entry: its address and document
	Related      entryList
	Newer, Older *entry // next and previous briefing in time
	InFeed       bool   // some feed carries the briefing: keep its HTML for the feeds
}

// briefingChunk is a run of briefings whose pages make one group.
type briefingChunk struct {
	Items []briefingSource
	Links *linkTable
}

// briefingResult is what the lists and feeds take from a briefing's page.
type briefingResult struct {
	Summary    string
	SummarySum uint64 // its fingerprint, made once
	Words      int
	Body       converted // briefings some feed carries only
}

// briefingChunkSize is how many briefings make one group: small enough
// that an edit renders few pages again when the group's key changes, large
// enough that a render of a large site checks few keys.
const briefingChunkSize = 32

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
	r.briefingPages("briefings:feeds:", first, true)
	if r.probs.Errors() == 0 {
		r.renderFeeds()
	}
	r.bodies = nil
	if r.opts.ReleaseBodies {
		for _, i := range first {
			releaseBody(r.site.Briefings[i], r.entries[i].doc)
		}
	}
	r.briefingPages("briefings:", rest, false)
}

// briefingPages writes the pages of the briefings at indexes idx, in
// groups of briefingChunkSize, and keeps what lists and feeds need.
func (r *renderer) briefingPages(group string, idx []int, inFeed bool) {
	chunks := (len(idx) + briefingChunkSize - 1) / briefingChunkSize
	r.parallel(chunks, func(k int) {
		part := idx[k*briefingChunkSize : min((k+1)*briefingChunkSize, len(idx))]
		in := briefingChunk{Items: make([]briefingSource, len(part)), Links: r.links}
		// One array holds the related entries of the whole chunk.
		related := 0
		for _, i := range part {
			related += len(r.related[i])
		}
		rel := make(entryList, 0, related)
		for n, i := range part {
			src := briefingSource{Briefing: r.site.Briefings[i], Self: r.entries[i], InFeed: inFeed}
			start := len(rel)
			for _, j := range r.related[i] {
				rel = append(rel, r.entries[j])
			}
			src.Related = rel[start:len(rel):len(rel)]
			if i > 0 {
				src.Newer = r.entries[i-1]
			}
			if i+1 < len(r.site.Briefings) {
				src.Older = r.entries[i+1]
			}
			in.Items[n] = src
		}
		results := emitGroup(r.producer, group+strconv.Itoa(k), in, briefingPagesOf)
		for n, i := range part {
			res := results[n]
			r.summaries.texts[i], r.summaries.sums[i], r.words[i] = res.Summary, res.SummarySum, res.Words
			if inFeed {
				r.bodies[i] = res.Body
			}
		}
	})
}

// briefingPagesOf converts the briefings of a chunk and writes their pages.
func briefingPagesOf(e emitter, in briefingChunk) []briefingResult {
	out := make([]briefingResult, len(in.Items))
	for n, src := range in.Items {
		b := src.Briefing
		res, body, ok := e.convertDoc(src.Self.doc, in.Links, b.Summary != "")
		if !ok {
			continue
		}
		summary := b.Summary
		if summary == "" {
			summary = res.Summary
		}
		out[n] = briefingResult{Summary: summary, SummarySum: uint64(digest.New().Str(summary)), Words: res.Words}
		if src.InFeed {
			// The page and the feeds share one conversion, made when the
			// first of them is written anew.
			body.html = sync.OnceValues(body.html)
			out[n].Body = body
		}
		page := briefingInput{Briefing: b, Body: body, Summary: summary, Words: res.Words,
			Related: src.Related, Newer: src.Newer, Older: src.Older}
		emitPage(e, "briefing.html", src.Self.path, modified(b), page, briefingView)
		if !src.InFeed && e.p.opts.ReleaseBodies {
			releaseBody(b, src.Self.doc)
		}
	}
	return out
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
	for i := range in[:min(len(in), r.site.Config.FeedLimit)] {
		in[i] = true
	}
	mark := func(members []int) {
		for _, i := range members[:min(len(members), r.site.Config.FeedLimit)] {
			in[i] = true
		}
	}
	for _, g := range r.byCountry {
		mark(g.Members)
	}
	for _, g := range r.byTag {
		mark(g.Members)
	}
	return in
}
