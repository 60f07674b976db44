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
	Corrections  []correction
	Story        *storyLine
}

// briefingSource is what a briefing's page is made from: the briefing
// and the entries of the briefings it links to, by position. Its
// conversion, summary and word count follow from the briefing and the
// link table.
type briefingSource struct {
	Briefing     briefingAt
	Related      entriesAt
	Newer, Older entriesAt // next and previous briefing in time, if any
	InFeed       bool      // some feed carries the briefing: keep its HTML for the feeds
	// Story is the briefing's place in its story, made from the story's
	// title and the positions of its briefings; nil when in none.
	Story *storySource
}

// sitePositions holds, by position in site order, each briefing and its
// entry with their fingerprints, gathered once per render: the keys of
// the dev server's page groups read these arrays rather than following a
// pointer to every briefing they name, which cost more than the rest of a
// rebuild after an edit.
type sitePositions struct {
	briefings []*site.Briefing
	entries   entryList
	hashes    []uint64 // fingerprints of the briefings (their Hash)
	sums      []uint64 // fingerprints of the entries
	all       []int    // 0, 1, 2, …: positions to slice from
}

func positionsOf(bs []*site.Briefing, entries entryList) *sitePositions {
	p := &sitePositions{briefings: bs, entries: entries,
		hashes: make([]uint64, len(bs)), sums: make([]uint64, len(bs)), all: make([]int, len(bs))}
	for i, e := range entries {
		p.hashes[i], p.sums[i], p.all[i] = e.hash, e.sum, i
	}
	return p
}

// briefingAt is the briefing at a position with its entry, fingerprinted
// by the briefing's Hash, of which the entry is a function.
type briefingAt struct {
	s *sitePositions
	i int
}

func (b briefingAt) Digest() uint64 { return b.s.hashes[b.i] }

// entriesAt are the entries at some positions, fingerprinted as an
// entryList of them.
type entriesAt struct {
	s   *sitePositions
	pos []int
}

func (l entriesAt) Digest() uint64 {
	s := digest.New().U64(uint64(len(l.pos)))
	for _, p := range l.pos {
		s = s.U64(1).U64(l.s.sums[p])
	}
	return uint64(s)
}

func (l entriesAt) list() entryList {
	out := make(entryList, len(l.pos))
	for k, p := range l.pos {
		out[k] = l.s.entries[p]
	}
	return out
}

// first is the entry at the first position, or nil.
func (l entriesAt) first() *entry {
	if len(l.pos) == 0 {
		return nil
	}
	return l.s.entries[l.pos[0]]
}

// briefingChunk is a run of briefings whose pages make one group.
type briefingChunk struct {
	Briefings chunkSources
	Links     *linkTable
}

// chunkSources are the sources of a chunk's pages, named by position in
// arrays the whole render shares: making a briefingSource of every
// briefing on every rebuild, only to find most groups unchanged, was most
// of a rebuild after an edit.
type chunkSources struct {
	s       *sitePositions
	part    []int          // the chunk's briefings
	related [][]int        // every briefing's related briefings
	stories []*storySource // every briefing's place in its story, or nil
	inFeed  bool
}

func (c chunkSources) len() int { return len(c.part) }

// source is what the page of the chunk's n-th briefing is made from.
func (c chunkSources) source(n int) briefingSource {
	i, at := c.part[n], c.s
	return briefingSource{
		Briefing: briefingAt{at, i},
		Related:  entriesAt{at, c.related[i]},
		Newer:    entriesAt{at, at.all[max(0, i-1):i]},
		Older:    entriesAt{at, at.all[i+1 : min(i+2, len(at.all))]},
		InFeed:   c.inFeed,
		Story:    c.stories[i],
	}
}

// Digest fingerprints source(n) for every n: the very values the pages
// are made from, walked one at a time through one variable.
func (c chunkSources) Digest() uint64 {
	s := digest.New().U64(uint64(len(c.part)))
	var src briefingSource
	for n := range c.part {
		src = c.source(n)
		s = digest.Ref(s, &src)
	}
	return uint64(s)
}

// briefingResult is what the lists and feeds take from a briefing's page.
type briefingResult struct {
	Summary    string
	SummarySum uint64    // its fingerprint, made once
	Terms      bodyTerms // for the search index
	Body       converted // briefings some feed carries only
	// Corrections are the briefing's, converted once for its page and the
	// corrections page and feed.
	Corrections []correction
}

// briefingChunkSize is how many briefings make one group: small enough
// that an edit renders few pages again when the group's key changes, large
// enough that a render of a large site checks few keys.
const briefingChunkSize = 32

// renderBriefings converts every briefing body and writes its page, on all
// cores, and then the feeds. It keeps each briefing's summary for the
// lists.
//
// The briefings that some feed carries go first, and their HTML is kept
// only until the feeds are written: the rest, the larger part on a large
// site, are rendered while memory holds the model alone.
func (r *renderer) renderBriefings() {
	inFeed := r.feedMembers()
	var first []int
	rest := make([]int, 0, len(inFeed))
	for i, in := range inFeed {
		if in {
			first = append(first, i)
		} else {
			rest = append(rest, i)
		}
	}
	places := r.storyPlaces()
	r.briefingPages("briefings:feeds:", first, true, places)
	if r.probs.Errors() == 0 {
		r.renderFeeds()
	}
	// The array goes back as it came, empty, for the next render to take
	// over (Cache.briefingArrays).
	for _, i := range first {
		r.bodies[i] = converted{}
	}
	r.bodies = nil
	r.briefingPages("briefings:", rest, false, places)
}

// briefingPages writes the pages of the briefings at indexes idx, in
// groups of briefingChunkSize, and keeps what lists and feeds need.
func (r *renderer) briefingPages(group string, idx []int, inFeed bool, places []*storySource) {
	chunks := (len(idx) + briefingChunkSize - 1) / briefingChunkSize
	at := r.positions
	r.parallel(chunks, func(k int) {
		part := idx[k*briefingChunkSize : min((k+1)*briefingChunkSize, len(idx))]
		in := briefingChunk{Links: r.links,
			Briefings: chunkSources{s: at, part: part, related: r.related, stories: places, inFeed: inFeed}}
		results := emitGroup(r.producer, group+strconv.Itoa(k), in, briefingPagesOf)
		for n, i := range part {
			res := results[n]
			r.summaries.texts[i], r.summaries.sums[i] = res.Summary, res.SummarySum
			r.corrections[i] = res.Corrections
			r.bodyTerms[i] = res.Terms
			if inFeed {
				r.bodies[i] = res.Body
			}
		}
	})
}

// briefingPagesOf converts the briefings of a chunk and writes their pages.
func briefingPagesOf(e emitter, in briefingChunk) []briefingResult {
	out := make([]briefingResult, in.Briefings.len())
	for n := range out {
		src := in.Briefings.source(n)
		b, self := src.Briefing.s.briefings[src.Briefing.i], src.Briefing.s.entries[src.Briefing.i]
		// The HTML of briefings some feed carries is kept: a feed is
		// made again whenever one of its briefings changes.
		res, body, ok := e.convertKept(self.doc, in.Links, b.Summary != "", src.InFeed)
		if !ok {
			continue
		}
		summary := b.Summary
		if summary == "" {
			summary = res.Summary
		}
		out[n] = briefingResult{Summary: summary, SummarySum: uint64(digest.New().Str(summary)), Terms: body.terms}
		if src.InFeed {
			// The page and the feeds share one conversion, made when the
			// first of them is written anew.
			body.html = sync.OnceValues(body.html)
			out[n].Body = body
		}
		page := briefingInput{Briefing: b, Body: body, Summary: summary, Words: res.Words,
			Related: src.Related.list(), Newer: src.Newer.first(), Older: src.Older.first(), Story: src.Story.line()}
		if len(b.Corrections) > 0 {
			page.Corrections = correctionsOf(e.p.opts.Markdown, b)
			out[n].Corrections = page.Corrections
		}
		emitPage(e, "briefing.html", self.path, modified(b), page, briefingView)
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
		Draft:          b.Draft,
	}
	p.OGType = "article"
	if !b.Updated.IsZero() {
		d := c.date(b.Updated)
		p.Updated = &d
	}
	for _, t := range b.Tags {
		p.Tags = append(p.Tags, Link{URL: c.url("/tags/" + t.Key + "/"), Text: t.Name})
	}
	p.Sources = sourceViews(c, b.Sources)
	for _, o := range in.Related {
		p.Related = append(p.Related, c.item(o))
	}
	p.Newer, p.Older = c.optItem(in.Newer), c.optItem(in.Older)
	for _, country := range b.Countries {
		p.Feeds = append(p.Feeds, FeedLink{Title: c.cfg.Title + ": " + c.countryName(country), URL: c.abs("/countries/" + country.Key() + "/feed.xml"), Type: rssType})
	}
	p.Corrections = correctionViews(c, in.Corrections)
	p.Story = storyLineView(c, in.Story)
	p.JSONLD = articleJSONLD(c, b, in.Summary, in.Corrections)
	return p, nil
}

// sourceViews are a briefing's sources as its page and feeds show them.
func sourceViews(c *context, sources []site.Source) []SourceView {
	out := make([]SourceView, 0, len(sources))
	for _, s := range sources {
		sv := SourceView{Name: s.Name, URL: s.URL, Title: s.Title}
		if !s.Date.IsZero() {
			d := c.date(s.Date)
			sv.Date = &d
		}
		out = append(out, sv)
	}
	return out
}

// optItem is the list entry of e, or nil when there is no briefing.
func (c *context) optItem(e *entry) *Item {
	if e == nil {
		return nil
	}
	it := c.item(e)
	return &it
}

// feedMembers marks the briefings that some feed carries: the newest
// feed_limit of the site, of each country, tag and story.
func (r *renderer) feedMembers() []bool {
	in := make([]bool, len(r.site.Briefings))
	mark := func(members []int) {
		for _, i := range members[:min(len(members), r.site.Config.FeedLimit)] {
			in[i] = true
		}
	}
	mark(r.positions.all)
	for _, g := range r.byCountry {
		mark(g.Members)
	}
	for _, g := range r.byTag {
		mark(g.Members)
	}
	for _, members := range r.storyMembers {
		mark(members)
	}
	return in
}
