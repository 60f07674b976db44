package render

import (
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"brief/generator/countries"
	"brief/generator/internal/digest"
	"brief/generator/site"
)

// siteInput is all that every output file may take from the site as a
// whole: the settings, the standalone pages the navigation links to, and
// the theme. Its fingerprint is part of every file's key.
type siteInput struct {
	Config site.Config
	Nav    []navPage
	Theme  *theme
	// Stories tells whether the site has running stories, which the
	// navigation then links to.
	Stories bool
}

// navPage is a standalone page as the navigation shows it.
type navPage struct {
	Title, Path string
}

func siteInputOf(s *site.Site, th *theme) siteInput {
	in := siteInput{Config: s.Config, Theme: th, Stories: len(s.Stories) > 0}
	for _, p := range s.Pages {
		in.Nav = append(in.Nav, navPage{Title: p.Title, Path: p.URL()})
	}
	return in
}

// context is what the functions that make files know besides their own
// input. It is made from a siteInput alone, so that input's digest stands
// for all of it.
type context struct {
	cfg      site.Config
	theme    *theme
	digest   uint64
	basePath string // path of base_url, "" or "/briefs"
	origin   string // scheme and host of base_url
	site     *SiteView

	// items memoises list entries within one render: a pure function of
	// the context and the briefing, asked for by many pages.
	items sync.Map // *entry → *Item; entries do not change during a render
}

func newContext(in siteInput) *context {
	c := &context{cfg: in.Config, theme: in.Theme, digest: digest.Of(in)}
	if u, err := url.Parse(in.Config.BaseURL); err == nil {
		c.basePath = strings.TrimRight(u.Path, "/")
	}
	c.origin = strings.TrimSuffix(in.Config.BaseURL, c.basePath)
	cfg := &c.cfg
	c.site = &SiteView{
		Title:          cfg.Title,
		Description:    cfg.Description,
		Language:       cfg.Language,
		HomeURL:        c.url("/"),
		BaseURL:        cfg.BaseURL,
		Publisher:      cfg.Publisher,
		FeedURL:        c.url("/feed.xml"),
		OPMLURL:        c.url("/feeds.opml"),
		CountriesURL:   c.url("/countries/"),
		ArchiveURL:     c.url("/archive/"),
		TagsURL:        c.url("/tags/"),
		CorrectionsURL: c.url("/corrections/"),
		CSS:            []string{c.url("/css/site.css"), c.url("/css/chroma.css")},
		Nav: []Link{
			{URL: c.url("/"), Text: "Latest"},
			{URL: c.url("/countries/"), Text: "Countries"},
			{URL: c.url("/archive/"), Text: "Archive"},
			{URL: c.url("/tags/"), Text: "Topics"},
		},
	}
	if in.Stories {
		c.site.Nav = append(c.site.Nav, Link{URL: c.url("/stories/"), Text: "Stories"})
	}
	c.site.Nav = append(c.site.Nav, Link{URL: c.url("/search/"), Text: "Search"})
	for _, p := range in.Nav {
		c.site.Nav = append(c.site.Nav, Link{URL: c.url(p.Path), Text: p.Title})
	}
	return c
}

// url turns a site path ("/countries/ua/") into an href with the base path.
func (c *context) url(p string) string { return c.basePath + p }

// abs turns a site path into an absolute URL on the public site.
func (c *context) abs(p string) string { return c.origin + c.basePath + p }

// date formats a moment in the site's time zone.
func (c *context) date(t time.Time) Date {
	t = t.In(c.cfg.Location)
	return Date{ISO: t.Format(time.RFC3339), Human: t.Format("2 January 2006")}
}

// head fills what every page shares.
func (c *context) head(kind, title, description, p string) Head {
	full := title + " · " + c.cfg.Title
	if kind == "home" && title == c.cfg.Title {
		full = c.cfg.Title
	}
	if description == "" {
		description = c.cfg.Description
	}
	// The navigation marks the page it links to, for aria-current.
	nav := make([]Link, len(c.site.Nav))
	copy(nav, c.site.Nav)
	for i := range nav {
		nav[i].Current = nav[i].URL == c.url(p)
	}
	return Head{
		Site: c.site, Nav: nav, Kind: kind, Title: title, FullTitle: full, Description: description,
		URL: c.url(p), Canonical: c.abs(p), OGType: "website",
		Feeds: []FeedLink{
			{Title: c.cfg.Title + " (RSS)", URL: c.abs("/feed.xml"), Type: rssType},
			{Title: c.cfg.Title + " (JSON Feed)", URL: c.abs("/feed.json"), Type: jsonFeedType},
		},
	}
}

func (c *context) countryLink(country *countries.Country) CountryLink {
	return CountryLink{Code: country.Alpha2, Name: country.Common, Flag: country.Flag, URL: c.url("/countries/" + country.Key() + "/")}
}

func (c *context) countryLinks(cs []*countries.Country) []CountryLink {
	out := make([]CountryLink, len(cs))
	for i, country := range cs {
		out[i] = c.countryLink(country)
	}
	return out
}

// entry is what lists and the search index take of a briefing: its title,
// address, dates, countries and topics, never its text. Pages that list a
// briefing take this rather than the briefing, so that editing its text
// leaves them as they are.
type entry struct {
	entryFields
	sum  uint64    // fingerprint of entryFields
	path string    // the briefing's site path, made once
	doc  *document // the briefing's body, for conversion
	hash uint64    // the briefing's Hash
	// Fingerprints of what the link table and the choice of related
	// briefings take of the briefing, made once (see entryLinks and
	// entryRelations).
	linkSum, relSum uint64
	// sourcesSum fingerprints the names of the briefing's sources, which
	// the search index holds besides the entry's fields.
	sourcesSum uint64
}

type entryFields struct {
	Title     string
	Slug      string
	Date      time.Time
	Modified  time.Time // the later of the date and the update, for sitemaps
	Countries []*countries.Country
	Tags      []site.Tag // for the search index
	Draft     bool       // labelled in lists
}

// Digest spares walking an entry's fields again for every page that lists
// it: each briefing is listed on a dozen pages.
func (e *entry) Digest() uint64 { return e.sum }

// entryList is a list of entries, fingerprinted by theirs: each briefing
// is listed on a dozen pages, and walking its fields for each was most of
// the cost of their keys.
type entryList []*entry

func (l entryList) Digest() uint64 {
	s := digest.New().U64(uint64(len(l)))
	for _, e := range l {
		if e == nil {
			s = s.U64(0)
		} else {
			s = s.U64(1).U64(e.sum)
		}
	}
	return uint64(s)
}

// combine fingerprints a list of entries by one of the fingerprints each
// made once.
func combine(l []*entry, sum func(*entry) uint64) uint64 {
	s := digest.New().U64(uint64(len(l)))
	for _, e := range l {
		s = s.U64(sum(e))
	}
	return uint64(s)
}

// entriesOf makes the entries of bs, taking those of briefings the
// cache's last render saw from it: an entry is a function of its
// briefing, which its Hash stands for. Where bs holds the records the last
// render had at the same places, their entries are taken by position,
// without looking at the records.
func (r *renderer) entriesOf(bs []*site.Briefing) []*entry {
	out := make([]*entry, len(bs))
	if r.cache == nil {
		for i, b := range bs {
			out[i] = entryOf(b, r.site)
		}
		return out
	}
	r.cache.mu.Lock()
	defer r.cache.mu.Unlock()
	known := r.cache.entries
	if known == nil {
		known = make(map[uint64]*entry, len(bs))
	}
	if len(r.cache.lastEntries) == len(bs) {
		copy(out, r.cache.lastEntries)
	}
	for _, i := range site.Differing(r.cache.lastBriefings, bs) {
		b := bs[i]
		e := known[b.Hash]
		if e == nil {
			e = entryOf(b, r.site)
			known[b.Hash] = e
		}
		out[i] = e
	}
	// Entries of briefings edited away stay until they are as many as the
	// live ones: rebuilding the map on every edit cost more than they do.
	if len(known) > 2*len(bs)+64 {
		live := make(map[uint64]*entry, len(bs))
		for i, b := range bs {
			live[b.Hash] = out[i]
		}
		known = live
	}
	r.cache.entries = known
	// A copy: a caller may reuse its slice for the next site, and an
	// alias would hide every change made through it.
	r.cache.lastBriefings, r.cache.lastEntries = slices.Clone(bs), out
	return out
}

func entryOf(b *site.Briefing, s *site.Site) *entry {
	f := entryFields{Title: b.Title, Slug: b.Slug, Date: b.Date, Modified: modified(b), Countries: b.Countries, Tags: b.Tags, Draft: b.Draft}
	sources := digest.New()
	for _, src := range b.Sources {
		sources = sources.Str(src.Name)
	}
	return &entry{entryFields: f, sum: digest.Of(f), path: b.URL(), doc: briefingDoc(b, s), hash: b.Hash, sourcesSum: uint64(sources),
		linkSum: digest.Of(linkDoc{Path: b.Path, URL: b.URL()}),
		relSum:  digest.Of(relNode{Date: b.Date, Countries: b.Countries}),
	}
}

// groupsOf returns the site's briefings by country and by topic, or the
// cache's when the entries are those of its last render: the groups are
// a function of each briefing's countries and tags in site order, which
// the entries hold.
func (r *renderer) groupsOf(s *site.Site, entries []*entry) (byCountry, byTag []*site.Group) {
	k := entryList(entries).Digest()
	if r.cache != nil {
		r.cache.mu.Lock()
		byCountry, byTag = r.cache.byCountry, r.cache.byTag
		same := r.cache.groupsKey == k && byCountry != nil
		r.cache.mu.Unlock()
		if same {
			return byCountry, byTag
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() { byCountry = s.ByCountry() })
	byTag = s.ByTag()
	wg.Wait()
	if r.cache != nil {
		r.cache.mu.Lock()
		r.cache.groupsKey, r.cache.byCountry, r.cache.byTag = k, byCountry, byTag
		r.cache.mu.Unlock()
	}
	return byCountry, byTag
}

// item is a briefing as a list entry without summary. Its country links
// are shared by every copy, and nobody changes them in place.
func (c *context) item(e *entry) Item {
	if made, ok := c.items.Load(e); ok {
		return *made.(*Item)
	}
	it := &Item{Title: e.Title, URL: c.url(e.path), Date: c.date(e.Date), Countries: c.countryLinks(e.Countries), Draft: e.Draft}
	c.items.Store(e, it)
	return *it
}

// itemWith is a list entry with a summary, whose countries leave out the
// one whose page lists it (none when except is empty).
func (c *context) itemWith(e *entry, summary, except string) Item {
	it := c.item(e)
	it.Summary = summary
	if except == "" {
		return it
	}
	others := make([]CountryLink, 0, len(it.Countries))
	for _, l := range it.Countries {
		if l.Code != except {
			others = append(others, l)
		}
	}
	it.Countries = others
	return it
}
