package render

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"path"
	"runtime"
	"slices"
	"sync"
	"time"

	"brief/generator/countries"
	"brief/generator/diag"
	"brief/generator/markdown"
	"brief/generator/site"
)

func defaultWorkers() int { return runtime.GOMAXPROCS(0) }

// wordsPerMinute is a common reading speed for news prose.
const wordsPerMinute = 220

// relatedCount is how many related briefings a page lists.
const relatedCount = 5

// renderBriefings converts every briefing body and writes its page, on all
// cores, and then the feeds. It keeps each briefing's summary and reading
// time for the lists.
//
// The briefings that some feed carries go first, and their HTML is kept
// only until the feeds are written: the rest of the briefings, the larger
// part on a large site, are rendered while memory holds the site's model
// alone.
func (r *renderer) renderBriefings() {
	inFeed := r.feedMembers()
	r.lazyBodies = make([]func() string, len(r.site.Briefings))
	r.briefingEntries = make([]sitemapEntry, len(r.site.Briefings))
	var first, rest []int
	for i, in := range inFeed {
		if in {
			first = append(first, i)
		} else {
			rest = append(rest, i)
		}
	}
	r.parallel(len(first), func(k int) { r.renderBriefing(first[k], inFeed) })
	if r.probs.Errors() == 0 {
		r.renderFeeds()
	}
	r.bodies, r.lazyBodies = nil, nil
	r.parallel(len(rest), func(k int) { r.renderBriefing(rest[k], inFeed) })
	if r.cache != nil && r.newGraph {
		r.cache.mu.Lock()
		r.cache.graphKey, r.cache.related = r.graphDigest, r.related
		r.cache.mu.Unlock()
	}
}

// renderBriefing converts briefing i and writes its page.
func (r *renderer) renderBriefing(i int, inFeed []bool) {
	b := r.site.Briefings[i]
	if r.newGraph {
		r.related[i] = r.computeRelated(i)
	}
	res, err := r.convert(b.Path, b.Hash, b.Markdown, b.BodyLine, false, b.Summary != "")
	if err != nil {
		r.convertFailed(b.Path, b.BodyLine, err)
		return
	}
	r.reportBroken(b.Path, res.BrokenLinks)
	summary := b.Summary
	if summary == "" {
		summary = res.Summary
	}
	r.summaries[i] = summary
	r.minutes[i] = max(1, (res.Words+wordsPerMinute-1)/wordsPerMinute)
	if inFeed[i] {
		r.bodies[i] = res.HTML // empty when it came from a cache on disk
		if res.HTML == "" {
			r.lazyBodies[i] = sync.OnceValue(func() string {
				again, err := r.convert(b.Path, b.Hash, b.Markdown, b.BodyLine, true, b.Summary != "")
				if err != nil {
					r.convertFailed(b.Path, b.BodyLine, err)
				}
				return again.HTML
			})
		}
	}
	// Related briefings and neighbours show as title, date and
	// countries: editing their bodies leaves this page as it is.
	k := newKey().u64(b.Hash)
	for _, j := range r.related[i] {
		k = k.u64(r.itemKeys[j])
	}
	if i > 0 {
		k = k.str("newer").u64(r.itemKeys[i-1])
	}
	if i+1 < len(r.site.Briefings) {
		k = k.str("older").u64(r.itemKeys[i+1])
	}
	u := b.URL()
	r.briefingEntries[i] = sitemapEntry{Path: u, LastMod: modified(b)}
	r.emitPage("briefing.html", u, k, func() any {
		html := res.HTML
		if html == "" && inFeed[i] {
			html = r.feedBody(i) // converted once for page and feeds
		}
		if html == "" { // a cache from disk had the summary, not the HTML
			again, err := r.convert(b.Path, b.Hash, b.Markdown, b.BodyLine, true, b.Summary != "")
			if err != nil {
				r.convertFailed(b.Path, b.BodyLine, err)
			}
			html = again.HTML
		}
		return r.briefingPage(i, summary, template.HTML(html))
	})
}

// itemKey adds to k what a list entry without summary shows of b.
func itemKey(k key, b *site.Briefing) key {
	k = k.str(b.Slug).str(b.Title).u64(uint64(b.Date.UnixNano()))
	for _, c := range b.Countries {
		k = k.str(c.Alpha2)
	}
	return k
}

// graphKey digests what related briefings and neighbours depend on: every
// briefing's address, date and countries, in site order.
func (r *renderer) graphKey() uint64 {
	k := newKey()
	for _, b := range r.site.Briefings {
		k = k.str(b.Slug).u64(uint64(b.Date.UnixNano()))
		for _, c := range b.Countries {
			k = k.str(c.Alpha2)
		}
	}
	return uint64(k)
}

// prepareGraph takes related briefings from the cache when no briefing was
// added, removed, moved in time or given other countries.
func (r *renderer) prepareGraph() {
	n := len(r.site.Briefings)
	if r.cache != nil {
		gk := r.graphDigest
		r.cache.mu.Lock()
		related, same := r.cache.related, r.cache.graphKey == gk && len(r.cache.related) == n
		r.cache.mu.Unlock()
		if same {
			r.related = related
			return
		}
	}
	r.related = make([][]int, n)
	r.newGraph = true
	r.graph = r.buildGraph()
}

// convertFailed reports a body that could not be converted, at the line
// the converter names or else where the body starts.
func (r *renderer) convertFailed(file string, bodyLine int, err error) {
	p := diag.Problem{Path: file, Line: bodyLine, Col: 1, Message: fmt.Sprintf("cannot render Markdown: %v", err)}
	var ne *markdown.NestingError
	if errors.As(err, &ne) {
		p.Line, p.Col, p.Message = ne.Line, ne.Col, ne.Msg
		p.Hint = "flatten the structure; briefings rarely need more than three levels"
	}
	r.problem(p)
}

func (r *renderer) reportBroken(p string, links []markdown.BrokenLink) {
	for _, l := range links {
		r.problem(diag.Problem{Path: p, Line: l.Line, Col: l.Col,
			Message: fmt.Sprintf("link to missing file %q", l.Target),
			Hint:    "link to an existing briefing's file name, e.g. 2023-08-02-italy-talks.md"})
	}
}

// resolverFor resolves links to Markdown files written in the file at from:
// relative to its folder first, then by file name anywhere in the site.
func (r *renderer) resolverFor(from string) func(string) (string, bool) {
	dir := path.Dir(from)
	return func(target string) (string, bool) {
		r.resolveOnce.Do(r.buildResolve)
		if u, ok := r.resolve[path.Join(dir, target)]; ok {
			return u, true
		}
		if u, ok := r.resolve[path.Base(target)]; ok {
			return u, true
		}
		return "", false
	}
}

// buildResolve maps every briefing's and page's file, by path and by name,
// to its address. Only conversions need it, and a rebuild served from the
// cache converts little, so it is built on first use.
func (r *renderer) buildResolve() {
	r.resolve = make(map[string]string, 2*(len(r.site.Briefings)+len(r.site.Pages)))
	for _, b := range r.site.Briefings {
		r.resolve[b.Path] = r.url(b.URL())
		r.resolve[path.Base(b.Path)] = r.url(b.URL())
	}
	for _, p := range r.site.Pages {
		r.resolve[p.Path] = r.url(p.URL())
		r.resolve[path.Base(p.Path)] = r.url(p.URL())
	}
}

func (r *renderer) briefingPage(i int, summary string, body template.HTML) *BriefingPage {
	b := r.site.Briefings[i]
	p := &BriefingPage{
		Head:           r.head("briefing", b.Title, summary, b.URL()),
		Date:           r.date(b.Date),
		Author:         b.Author,
		Countries:      r.countryLinks(b.Countries),
		Summary:        summary,
		Body:           body,
		ReadingMinutes: r.minutes[i],
	}
	p.OGType = "article"
	if !b.Updated.IsZero() {
		d := r.date(b.Updated)
		p.Updated = &d
	}
	for _, t := range b.Tags {
		p.Tags = append(p.Tags, Link{URL: r.url("/tags/" + t.Key + "/"), Text: t.Name})
	}
	for _, s := range b.Sources {
		sv := SourceView{Name: s.Name, URL: s.URL, Title: s.Title}
		if !s.Date.IsZero() {
			d := r.date(s.Date)
			sv.Date = &d
		}
		p.Sources = append(p.Sources, sv)
	}
	for _, j := range r.related[i] {
		p.Related = append(p.Related, r.item(r.site.Briefings[j], false))
	}
	if i > 0 {
		it := r.item(r.site.Briefings[i-1], false)
		p.Newer = &it
	}
	if i+1 < len(r.site.Briefings) {
		it := r.item(r.site.Briefings[i+1], false)
		p.Older = &it
	}
	for _, c := range b.Countries {
		p.Feeds = append(p.Feeds, FeedLink{Title: r.cfg.Title + ": " + c.Common, URL: r.abs("/countries/" + c.Key() + "/feed.xml"), Type: rssType})
	}
	p.JSONLD = r.articleJSONLD(b, summary)
	return p
}

// item is a briefing as a list entry. withSummary is false while summaries
// are still being derived (briefing pages list related briefings by title).
func (r *renderer) item(b *site.Briefing, withSummary bool) Item {
	i := r.index[b]
	// A briefing is listed on many pages (lists, related briefings,
	// neighbours, the archive): its entry is made once per render, and
	// copies share its country links, which nobody changes in place.
	made := r.items[i].Load()
	if made == nil {
		made = &Item{Title: b.Title, URL: r.url(b.URL()), Date: r.date(b.Date), Countries: r.countryLinks(b.Countries)}
		// The item key covers title, address, date and countries;
		// settings that shape URLs and dates are the same for the whole
		// render.
		made.memo = r.itemKeys[i] | 1
		r.items[i].Store(made)
	}
	it := *made
	if withSummary {
		// The template path's partial function does not memoise entries
		// with summaries: most appear in one or two lists only, and holding
		// their HTML would cost more memory than the renders saved.
		// Related entries recur on five pages on average.
		it.Summary = r.summaries[i]
		it.memo = 0
	}
	return it
}

// itemExcept is a list entry with summary whose countries leave out the
// one whose page lists it (none when except is empty).
func (r *renderer) itemExcept(b *site.Briefing, except string) Item {
	it := r.item(b, true)
	if except == "" {
		return it
	}
	others := make([]CountryLink, 0, len(it.Countries))
	for _, c := range it.Countries {
		if c.Code != except {
			others = append(others, c)
		}
	}
	it.Countries = others
	return it
}

// relGraph indexes briefings by sets of countries for computeRelated: a
// group for every set of up to maxSubset countries that some briefing
// concerns, holding the briefings that concern all of them.
type relGraph struct {
	ids     [][]int32     // country ids of each briefing
	subsets [][]subsetRef // the groups of each briefing's own country sets
	groups  [][]int32     // briefings of each group, in site order
	dates   []int64
	seen    sync.Pool // of *seenSet sized for this site
}

// maxSubset bounds the size of indexed country sets: a briefing of k
// countries is in 2^k-1 groups up to k = 3, and in fewer than k³ beyond.
const maxSubset = 3

// subsetRef is one of a briefing's groups and its position there.
type subsetRef struct {
	group, pos int32
	size       int32
}

func (r *renderer) buildGraph() *relGraph {
	n := len(r.site.Briefings)
	g := &relGraph{ids: make([][]int32, n), subsets: make([][]subsetRef, n), dates: make([]int64, n)}
	g.seen.New = func() any { return &seenSet{stamp: make([]uint32, n)} }
	id := make(map[string]int32, len(r.byCountry))
	for k, grp := range r.byCountry {
		id[grp.Key] = int32(k)
	}
	groupOf := map[uint64]int32{}
	var sorted []int32
	for i, b := range r.site.Briefings {
		g.dates[i] = b.Date.UnixNano()
		g.ids[i] = make([]int32, len(b.Countries))
		for k, c := range b.Countries {
			g.ids[i][k] = id[c.Key()]
		}
		sorted = append(sorted[:0], g.ids[i]...)
		slices.Sort(sorted)
		forSubsets(sorted, func(key uint64, size int) {
			grp, ok := groupOf[key]
			if !ok {
				grp = int32(len(g.groups))
				groupOf[key] = grp
				g.groups = append(g.groups, nil)
			}
			g.subsets[i] = append(g.subsets[i], subsetRef{group: grp, pos: int32(len(g.groups[grp])), size: int32(size)})
			g.groups[grp] = append(g.groups[grp], int32(i))
		})
	}
	return g
}

// forSubsets calls fn with a key for every non-empty subset of up to
// maxSubset of the sorted ids. A key packs the ids, each plus one, 21 bits
// apiece.
func forSubsets(ids []int32, fn func(key uint64, size int)) {
	var walk func(from int, key uint64, size int)
	walk = func(from int, key uint64, size int) {
		for k := from; k < len(ids); k++ {
			next := key<<21 | uint64(ids[k]+1)
			fn(next, size+1)
			if size+1 < maxSubset {
				walk(k+1, next, size+1)
			}
		}
	}
	walk(0, 0, 0)
}

func hasID(ids []int32, id int32) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// computeRelated picks the relatedCount briefings that share the most
// countries with briefing i, then the nearest in date, then the newest.
//
// It is exact without comparing i with every briefing. A briefing sharing
// s of i's countries is in the group of every s-set of them, so the groups
// of i's own country sets are walked, largest sets first, each outward in
// time from i. A walk stops as soon as nothing left in it could enter the
// list: everything farther is farther in time, and shares at most s
// countries, since a briefing sharing more was met, or passed over for
// good, in a walk of larger sets. (Sets are indexed up to maxSubset, so at
// that level the bound is all of i's countries.) The list only improves,
// so a briefing passed over by every walk could never have made it.
func (r *renderer) computeRelated(i int) []int {
	g := r.graph
	mine := g.ids[i]
	if len(mine) == 0 {
		return nil
	}
	seen := g.seen.Get().(*seenSet)
	defer g.seen.Put(seen)
	seen.next()
	seen.mark(int32(i))

	type cand struct {
		shared int
		dist   int64
		idx    int32
	}
	var best [relatedCount]cand
	n := 0
	better := func(x, y cand) bool {
		if x.shared != y.shared {
			return x.shared > y.shared
		}
		if x.dist != y.dist {
			return x.dist < y.dist
		}
		return x.idx < y.idx
	}
	consider := func(c cand) {
		pos := n
		for pos > 0 && better(c, best[pos-1]) {
			pos--
		}
		if pos >= relatedCount {
			return
		}
		if n < relatedCount {
			n++
		}
		copy(best[pos+1:n], best[pos:n-1])
		best[pos] = c
	}
	top := min(len(mine), maxSubset)
	for size := top; size >= 1; size-- {
		most := size // the most countries an unseen briefing of interest shares
		if size == top {
			most = len(mine)
		}
		if n == relatedCount && best[relatedCount-1].shared > most {
			break // nothing sharing this few can enter
		}
		for _, ref := range g.subsets[i] {
			if int(ref.size) != size {
				continue
			}
			grp := g.groups[ref.group]
			lo, hi := int(ref.pos)-1, int(ref.pos)+1
			for lo >= 0 || hi < len(grp) {
				var j int32
				if hi >= len(grp) || lo >= 0 && g.dates[grp[lo]]-g.dates[i] <= g.dates[i]-g.dates[grp[hi]] {
					j, lo = grp[lo], lo-1
				} else {
					j, hi = grp[hi], hi+1
				}
				d := g.dates[j] - g.dates[i]
				if d < 0 {
					d = -d
				}
				if n == relatedCount {
					worst := best[relatedCount-1]
					if most < worst.shared || most == worst.shared && d > worst.dist {
						break
					}
				}
				if seen.marked(j) {
					continue
				}
				seen.mark(j)
				shared := 0
				for _, id := range g.ids[j] {
					if hasID(mine, id) {
						shared++
					}
				}
				consider(cand{shared, d, j})
			}
		}
	}
	out := make([]int, n)
	for k := range out {
		out[k] = int(best[k].idx)
	}
	return out
}

// seenSet marks briefings already considered by one computeRelated call;
// a new epoch clears it in constant time.
type seenSet struct {
	stamp []uint32
	epoch uint32
}

func (s *seenSet) next() {
	s.epoch++
	if s.epoch == 0 { // wrapped: clear for real
		clear(s.stamp)
		s.epoch = 1
	}
}

func (s *seenSet) mark(j int32)        { s.stamp[j] = s.epoch }
func (s *seenSet) marked(j int32) bool { return s.stamp[j] == s.epoch }

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// feedBody is the HTML of briefing i for a feed. A build from a cache on
// disk converts it only when a feed that carries it is written again.
func (r *renderer) feedBody(i int) string {
	if r.bodies[i] == "" && r.lazyBodies[i] != nil {
		return r.lazyBodies[i]()
	}
	return r.bodies[i]
}

// feedMembers marks the briefings that some feed carries: the newest
// feed_limit of the site, of each country and of each tag.
func (r *renderer) feedMembers() []bool {
	in := make([]bool, len(r.site.Briefings))
	mark := func(bs []*site.Briefing) {
		for _, b := range bs[:min(len(bs), r.cfg.FeedLimit)] {
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

// date formats a moment in the site's time zone.
func (r *renderer) date(t time.Time) Date {
	t = t.In(r.cfg.Location)
	return Date{ISO: t.Format(time.RFC3339), Human: t.Format("2 January 2006")}
}

func (r *renderer) countryLinks(cs []*countries.Country) []CountryLink {
	out := make([]CountryLink, len(cs))
	for i, c := range cs {
		if l, ok := r.links[c.Alpha2]; ok {
			out[i] = l
		} else {
			out[i] = r.countryLink(*c)
		}
	}
	return out
}

func (r *renderer) countryLink(c countries.Country) CountryLink {
	return CountryLink{Code: c.Alpha2, Name: c.Common, Flag: c.Flag, URL: r.url("/countries/" + c.Key() + "/")}
}

// head fills what every page shares.
func (r *renderer) head(kind, title, description, p string) Head {
	full := title + " · " + r.cfg.Title
	if kind == "home" && title == r.cfg.Title {
		full = r.cfg.Title
	}
	if description == "" {
		description = r.cfg.Description
	}
	// The navigation marks the page it links to, for aria-current.
	nav := make([]Link, len(r.siteView.Nav))
	copy(nav, r.siteView.Nav)
	for i := range nav {
		nav[i].Current = nav[i].URL == r.url(p)
	}
	h := Head{
		Site: r.siteView, Nav: nav, Kind: kind, Title: title, FullTitle: full, Description: description,
		URL: r.url(p), Canonical: r.abs(p), OGType: "website",
		Feeds: []FeedLink{
			{Title: r.cfg.Title + " (RSS)", URL: r.abs("/feed.xml"), Type: rssType},
			{Title: r.cfg.Title + " (JSON Feed)", URL: r.abs("/feed.json"), Type: jsonFeedType},
		},
	}
	return h
}

// articleJSONLD describes a briefing as a schema.org NewsArticle for search
// engines. json.Marshal escapes <, > and &, so the result is safe inside a
// script element.
func (r *renderer) articleJSONLD(b *site.Briefing, summary string) template.JS {
	publisher := r.cfg.Publisher
	if publisher == "" {
		publisher = r.cfg.Title
	}
	author := ldThing{Type: "Organization", Name: publisher}
	if b.Author != "" {
		author = ldThing{Type: "Person", Name: b.Author}
	} else if r.cfg.Author != "" {
		author = ldThing{Type: "Person", Name: r.cfg.Author}
	}
	doc := articleLD{
		Context:             "https://schema.org",
		Type:                "NewsArticle",
		Headline:            b.Title,
		Description:         summary,
		URL:                 r.abs(b.URL()),
		MainEntityOfPage:    r.abs(b.URL()),
		DatePublished:       b.Date.In(r.cfg.Location).Format(time.RFC3339),
		DateModified:        modified(b).In(r.cfg.Location).Format(time.RFC3339),
		Author:              []ldThing{author},
		Publisher:           ldThing{Type: "Organization", Name: publisher, URL: r.abs("/")},
		IsAccessibleForFree: true,
		InLanguage:          r.cfg.Language,
	}
	for _, c := range b.Countries {
		doc.About = append(doc.About, ldThing{Type: "Country", Name: c.Common, URL: r.abs("/countries/" + c.Key() + "/")})
	}
	doc.ContentLocation = doc.About
	for _, s := range b.Sources {
		name := s.Name
		if s.Title != "" {
			name = s.Title + " (" + s.Name + ")"
		}
		doc.Citation = append(doc.Citation, ldThing{Type: "CreativeWork", Name: name, URL: s.URL})
	}
	for _, t := range b.Tags {
		doc.Keywords = append(doc.Keywords, t.Name)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return ""
	}
	return template.JS(out)
}

// articleLD is a schema.org NewsArticle. Its fields are in the order of
// their names, as a map's would be, so the output is stable and easy to
// compare.
type articleLD struct {
	Context             string    `json:"@context"`
	Type                string    `json:"@type"`
	About               []ldThing `json:"about"`
	Author              []ldThing `json:"author"`
	Citation            []ldThing `json:"citation"`
	ContentLocation     []ldThing `json:"contentLocation"`
	DateModified        string    `json:"dateModified"`
	DatePublished       string    `json:"datePublished"`
	Description         string    `json:"description"`
	Headline            string    `json:"headline"`
	InLanguage          string    `json:"inLanguage"`
	IsAccessibleForFree bool      `json:"isAccessibleForFree"`
	Keywords            []string  `json:"keywords,omitempty"`
	MainEntityOfPage    string    `json:"mainEntityOfPage"`
	Publisher           ldThing   `json:"publisher"`
	URL                 string    `json:"url"`
}

// ldThing is a schema.org thing with a type, a name and an address.
type ldThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}
