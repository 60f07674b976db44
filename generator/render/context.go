package render

import (
	"net/url"
	"strings"
	"sync"
	"time"

	"brief/generator/countries"
	"brief/generator/i18n"
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
	// Root is where the edition being rendered lives, "" for the site's
	// own language and "/uk" for an edition; Editions are all the site's
	// languages, its own first, for the switcher and hreflang (none on a
	// site of one language).
	Root     string
	Editions []editionRef
	// Alternates lists the pages of this edition that other editions
	// have too, sorted by path (see alternatesOf).
	Alternates []altRow
}

// editionRef is one language of the site as every page links to it.
type editionRef struct {
	Code, Name, Root string
}

// altRow is a page of the edition with its address in every edition
// (Editions' order), "" where an edition has none.
type altRow struct {
	Path  string
	Paths []string
}

// navPage is a standalone page as the navigation shows it.
type navPage struct {
	Title, Path string
}

func siteInputOf(s *site.Site, th *theme, ed editionsInput) siteInput {
	in := siteInput{Config: s.Config, Theme: th, Stories: len(s.Stories) > 0, Root: ed.root, Editions: ed.refs, Alternates: ed.alternates}
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
	lang     i18n.Lang
	cat      *i18n.Catalog // the theme's words in the edition's language
	root     string        // siteInput.Root
	editions []editionRef
	self     int                 // this edition's index in editions
	alts     map[string][]string // siteInput.Alternates by path

	// items memoises list entries within one render: a pure function of
	// the context and the briefing, asked for by many pages.
	items sync.Map // *entry → *Item; entries do not change during a render
}

func newContext(in siteInput) *context {
	c := &context{cfg: in.Config, theme: in.Theme, digest: digest.Of(in), lang: langOf(in.Config), cat: in.Theme.cat, root: in.Root, editions: in.Editions}
	c.alts = make(map[string][]string, len(in.Alternates))
	for _, a := range in.Alternates {
		c.alts[a.Path] = a.Paths
	}
	for i, e := range in.Editions {
		if e.Root == in.Root {
			c.self = i
		}
	}
	if u, err := url.Parse(in.Config.BaseURL); err == nil {
		c.basePath = strings.TrimRight(u.Path, "/")
	}
	c.origin = strings.TrimSuffix(in.Config.BaseURL, c.basePath)
	cfg := &c.cfg
	c.site = &SiteView{
		Title:          cfg.Title,
		Description:    cfg.Description,
		Language:       cfg.Language,
		Dir:            c.lang.Dir(),
		HomeURL:        c.url("/"),
		AssetsURL:      c.asset("/"),
		BaseURL:        cfg.BaseURL,
		Publisher:      cfg.Publisher,
		FeedURL:        c.url("/feed.xml"),
		OPMLURL:        c.url("/feeds.opml"),
		CountriesURL:   c.url("/countries/"),
		ArchiveURL:     c.url("/archive/"),
		TagsURL:        c.url("/tags/"),
		CorrectionsURL: c.url("/corrections/"),
		CSS:            []string{c.asset("/css/site.css"), c.asset("/css/chroma.css")},
		Nav: []Link{
			{URL: c.url("/"), Text: c.t("latest")},
			{URL: c.url("/countries/"), Text: c.t("countries")},
			{URL: c.url("/archive/"), Text: c.t("archive")},
			{URL: c.url("/tags/"), Text: c.t("topics")},
		},
	}
	if in.Stories {
		c.site.Nav = append(c.site.Nav, Link{URL: c.url("/stories/"), Text: c.t("stories")})
	}
	c.site.Nav = append(c.site.Nav, Link{URL: c.url("/search/"), Text: c.t("search")})
	for _, p := range in.Nav {
		c.site.Nav = append(c.site.Nav, Link{URL: c.url(p.Path), Text: p.Title})
	}
	return c
}

// url turns a path of the edition ("/countries/ua/") into an href with the
// base path and the edition's root ("/uk/countries/ua/").
func (c *context) url(p string) string { return c.basePath + c.root + p }

// asset is url for a file every edition shares (styles, scripts), which
// lives at the site's root whatever the edition.
func (c *context) asset(p string) string { return c.basePath + p }

// abs turns a path of the edition into an absolute URL on the public site.
func (c *context) abs(p string) string { return c.origin + c.basePath + c.root + p }

// t and n are the theme's words in the edition's language (Catalog.T, N).
func (c *context) t(key string, args ...any) string { return c.cat.T(key, args...) }
func (c *context) n(key string, count int, args ...any) string {
	return c.cat.N(key, count, args...)
}

// langOf is the site's language as package i18n knows it; a site of one
// language whose code it cannot read gets English words and dates.
func langOf(cfg site.Config) i18n.Lang {
	if !cfg.Lang.IsZero() {
		return cfg.Lang
	}
	if l, err := i18n.Parse(cfg.Language); err == nil {
		return l
	}
	return i18n.English
}

// date formats a moment in the site's time zone and the edition's
// language.
func (c *context) date(t time.Time) Date {
	t = t.In(c.cfg.Location)
	return Date{ISO: t.Format(time.RFC3339), Human: c.cat.Date(t)}
}

// languages are the switcher's links of the page at p: the same page in
// each edition that has it, else that edition's home.
func (c *context) languages(p string) []LangLink {
	if len(c.editions) < 2 {
		return nil
	}
	others := c.alts[p]
	out := make([]LangLink, len(c.editions))
	for i, e := range c.editions {
		target, same := e.Root+"/", true
		switch {
		case i == c.self:
			target = c.root + p
		case others != nil && others[i] != "":
			target = e.Root + others[i]
		default:
			same = false
		}
		out[i] = LangLink{Lang: e.Code, Name: e.Name, URL: c.basePath + target, Current: i == c.self, Same: same}
	}
	return out
}

// alternates are the page at p in every edition that has it, itself
// included, as absolute URLs for hreflang, and the x-default among them:
// the page in the site's own language, or when that has none, in the
// first edition that has it. A page of a site with editions names itself even when
// no other edition has it, so that every page of such a site says its
// language the same way; a site of one language has none.
func (c *context) alternates(p string) (alts []LangLink, xDefault string) {
	if len(c.editions) < 2 {
		return nil, ""
	}
	others := c.alts[p]
	if others == nil {
		e := c.editions[c.self]
		u := c.abs(p)
		return []LangLink{{Lang: e.Code, Name: e.Name, URL: u, Current: true, Same: true}}, u
	}
	for i, e := range c.editions {
		if others[i] == "" {
			continue
		}
		u := c.origin + c.basePath + e.Root + others[i]
		alts = append(alts, LangLink{Lang: e.Code, Name: e.Name, URL: u, Current: i == c.self, Same: true})
	}
	// Every page of the set must name the same x-default: the first
	// language, in the site's order, that has the page.
	return alts, alts[0].URL
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
	alts, xDefault := c.alternates(p)
	return Head{
		Site: c.site, Nav: nav, Kind: kind, Title: title, FullTitle: full, Description: description,
		URL: c.url(p), Canonical: c.abs(p), OGType: "website",
		Feeds: []FeedLink{
			{Title: c.t("feed_title_rss", "site", c.cfg.Title), URL: c.abs("/feed.xml"), Type: rssType},
			{Title: c.t("feed_title_json", "site", c.cfg.Title), URL: c.abs("/feed.json"), Type: jsonFeedType},
		},
		Languages: c.languages(p), Alternates: alts, XDefault: xDefault,
	}
}

func (c *context) countryLink(country *countries.Country) CountryLink {
	return CountryLink{Code: country.Alpha2, Name: c.countryName(country), Flag: country.Flag, URL: c.url("/countries/" + country.Key() + "/")}
}

// countryName is the country's name in the edition's language: its
// common English name in English.
func (c *context) countryName(country *countries.Country) string {
	return country.NameIn(c.lang.Tag())
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
// without looking at the records. It returns them with their positions
// (sitePositions), likewise updated where they changed.
func (r *renderer) entriesOf(bs []*site.Briefing) (entryList, *sitePositions) {
	out := make([]*entry, len(bs))
	if r.cache == nil {
		for i, b := range bs {
			out[i] = entryOf(b, r.site)
		}
		return out, positionsOf(bs, out)
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
	changed := site.Differing(r.cache.lastBriefings, bs)
	for _, i := range changed {
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
	// alias would hide every change made through it. Made into the last
	// copy, which nothing else holds: a fresh array of a large site's
	// pointers on every edit cost milliseconds of page faults.
	last := append(r.cache.lastBriefings[:0], bs...)
	clear(last[len(last):cap(last)]) // no briefing deleted since stays reachable
	r.cache.lastBriefings, r.cache.lastEntries = last, out
	// The positions of the last render, whose entries were the last
	// ones, are brought up to date where an entry changed: making them
	// anew took a pass over every entry and megabytes of fresh memory on
	// every rebuild.
	at := r.cache.positions
	if at == nil || len(at.hashes) != len(bs) {
		at = positionsOf(bs, out)
	} else {
		at.briefings, at.entries = bs, out
		for _, i := range changed {
			at.hashes[i], at.sums[i] = out[i].hash, out[i].sum
		}
	}
	r.cache.positions = at
	return out, at
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
