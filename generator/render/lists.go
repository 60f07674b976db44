package render

import (
	"cmp"
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"time"

	"brief/generator/countries"
	"brief/generator/i18n"
	"brief/generator/internal/digest"
	"brief/generator/site"
)

// topCountries is how many countries the home page features.
const topCountries = 12

// listInput is all one page of a list of briefings shows: the home page,
// a country's or a topic's.
type listInput struct {
	Kind        string // "home", "country" or "tag"
	Base        string // site path of the list's first page
	Page, Total int
	Name        string             // the topic's name (a country's is its Country's, in the edition's language)
	Country     *countries.Country // country pages only
	Intro       converted          // a country's intro, on its first page
	Top         []countryCount     // the home page's first page
	Items       []listItem
}

// listItem is a briefing with the summary lists show.
type listItem struct {
	Entry   *entry
	Summary string
}

// countryCount is a country with how many briefings concern it.
type countryCount struct {
	Country *countries.Country
	Count   int
}

// listsInput is what every page that lists briefings is made from, and
// the search index: the briefings' entries in site order with their
// summaries, the countries and topics with the positions of their
// briefings, and the countries the home page features. It holds no
// briefing text, so that an edit of a body leaves the lists alone.
type listsInput struct {
	Entries   entryList
	Summaries summaryList
	Countries []countryList
	Topics    []topicList
	Top       []countryCount
	// ArchivePer is how many briefings a page of a year's archive lists.
	ArchivePer int
}

// summaryList holds the summaries lists show, by position, with the
// fingerprint of each, made once when the summary is: hashing every
// summary of a large site on each rebuild cost more than the rest of the
// lists' key.
type summaryList struct {
	texts []string
	sums  []uint64
}

func (l summaryList) Digest() uint64 {
	s := digest.New().U64(uint64(len(l.sums)))
	for _, sum := range l.sums {
		s = s.U64(sum)
	}
	return uint64(s)
}

// countryList is a country's list of briefings, by position in
// listsInput.Entries, with the country's intro.
type countryList struct {
	Key     string
	Country *countries.Country
	Intro   converted
	Members []int
}

// topicList is a topic's list of briefings, by position.
type topicList struct {
	Key, Name string
	Members   []int
}

// renderLists writes every page that lists briefings, the search index and
// the standalone pages. It runs after renderBriefings, when every summary
// is known.
func (r *renderer) renderLists() {
	in := listsInput{Entries: r.entries, Summaries: r.summaries, Top: r.countryCounts(r.topCountries()),
		ArchivePer: cmp.Or(r.opts.ArchivePerPage, archivePerPage)}
	e := r.out()
	for _, g := range r.byCountry {
		cl := countryList{Key: g.Key, Country: &g.Country, Members: g.Members}
		if intro := r.site.Intros[g.Key]; intro != nil {
			if _, conv, ok := e.convertDoc(introDoc(intro), r.links, true); ok {
				cl.Intro = conv
			}
		}
		in.Countries = append(in.Countries, cl)
	}
	for _, g := range r.byTag {
		in.Topics = append(in.Topics, topicList{Key: g.Key, Name: g.Name, Members: g.Members})
	}
	latest := r.latest
	r.parallel(len(r.site.Pages)+3, func(i int) {
		switch {
		case i < len(r.site.Pages):
			r.standalonePage(r.site.Pages[i], latest)
		case i == len(r.site.Pages):
			r.renderRecord()
		case i == len(r.site.Pages)+1:
			r.renderSearch()
		default:
			emitGroup(r.producer, "lists", in, listPagesOf)
		}
	})
}

// listPagesOf writes the pages made from the lists: the archive and its
// years, the search page and index, the country and topic lists, the 404 page and
// every page of the home page's, each country's and each topic's list.
func listPagesOf(e emitter, in listsInput) struct{} {
	latest := newestEntry(in.Entries)
	all := make([]int, len(in.Entries))
	for i := range all {
		all[i] = i
	}
	// The files listing every briefing go first: on a large site each is a
	// long job that, started last, would leave the other cores idle.
	jobs := []func(){
		func() { emitPage(e, "search.html", "/search/", latest, struct{}{}, searchView) },
		func() {
			emitPage(e, "countries.html", "/countries/", latest, countryCounts(in.Countries), countriesView)
		},
		func() { emitPage(e, "tags.html", "/tags/", latest, tagCounts(in.Topics), tagsView) },
		func() { emitPage(e, "404.html", "/404.html", latest, struct{}{}, notFoundView) },
	}
	jobs = append(jobs, archiveJobs(e, in, latest)...)
	jobs = append(jobs, paginate(e, listInput{Kind: "home", Base: "/", Top: in.Top}, in, all)...)
	for _, l := range in.Countries {
		page := listInput{Kind: "country", Base: "/countries/" + l.Key + "/", Country: l.Country, Intro: l.Intro}
		jobs = append(jobs, paginate(e, page, in, l.Members)...)
	}
	for _, t := range in.Topics {
		jobs = append(jobs, paginate(e, listInput{Kind: "tag", Base: "/tags/" + t.Key + "/", Name: t.Name}, in, t.Members)...)
	}
	e.p.parallel(len(jobs), func(i int) { jobs[i]() })
	return struct{}{}
}

// paginate returns one job per page of a list of briefings, given by
// position; page holds what the list's pages share.
func paginate(e emitter, page listInput, in listsInput, members []int) []func() {
	kind := "list.html"
	if page.Kind == "home" {
		kind = "home.html"
	}
	return pageJobs(members, e.p.ctx.cfg.PerPage, func(pg, total int, chunk []int) {
		p := page
		p.Page, p.Total = pg, total
		if pg > 1 {
			p.Intro, p.Top = converted{}, nil
		}
		p.Items = make([]listItem, len(chunk))
		for k, i := range chunk {
			p.Items[k] = listItem{Entry: in.Entries[i], Summary: in.Summaries.texts[i]}
		}
		emitPage(e, kind, pagedPath(page.Base, pg), lastModified(in.Entries, chunk), p, listView)
	})
}

// pageJobs cuts a list of briefings, given by position, into pages of per
// and returns one job per page, which calls emit with the page's number,
// the number of pages and the page's briefings. A list has at least one
// page, empty when the list is.
func pageJobs(members []int, per int, emit func(pg, total int, chunk []int)) []func() {
	total := max(1, (len(members)+per-1)/per)
	jobs := make([]func(), total)
	for pg := 1; pg <= total; pg++ {
		jobs[pg-1] = func() { emit(pg, total, members[(pg-1)*per:min(pg*per, len(members))]) }
	}
	return jobs
}

// lastModified is the latest change among the briefings at positions, a
// page's last modification for the sitemap.
func lastModified(entries entryList, positions []int) time.Time {
	var t time.Time
	for _, i := range positions {
		if m := entries[i].Modified; m.After(t) {
			t = m
		}
	}
	return t
}

// listView is the data of home.html and list.html.
func listView(c *context, in listInput) (any, error) {
	p := pagedPath(in.Base, in.Page)
	lp := &ListPage{FeedURL: c.url(in.Base + "feed.xml")}
	except := ""
	switch in.Kind {
	case "home":
		title := c.cfg.Title
		if in.Page > 1 {
			title = c.t("page_title", "title", c.t("latest_briefings"), "page", in.Page)
		}
		lp.Head = c.head("home", title, c.cfg.Description, p)
		lp.FeedText = c.t("feed_all")
		for _, cc := range in.Top {
			lp.TopCountries = append(lp.TopCountries, CountryCount{CountryLink: c.countryLink(cc.Country), Count: cc.Count})
		}
	case "country":
		name := c.countryName(in.Country) // in the edition's language
		lp.Head = c.head("country", c.pagedTitle(name, in.Page), c.t("desc_country", "name", name), p)
		lp.Country = &CountryView{CountryLink: c.countryLink(in.Country), Region: countries.RegionNameIn(in.Country.Region, c.lang.Tag())}
		lp.FeedText = c.t("feed_country", "name", name)
		lp.Feeds = append(lp.Feeds, FeedLink{Title: c.cfg.Title + ": " + name, URL: c.abs(in.Base + "feed.xml"), Type: rssType})
		except = in.Country.Alpha2
		if in.Page == 1 {
			m, err := locatorMap(c, in.Country)
			if err != nil {
				return nil, err
			}
			lp.Map = m
		}
	case "tag":
		lp.Head = c.head("tag", c.pagedTitle(c.t("topic_title", "name", in.Name), in.Page), c.t("desc_tag", "name", in.Name), p)
		lp.FeedText = c.t("feed_tag", "name", in.Name)
		lp.Feeds = append(lp.Feeds, FeedLink{Title: c.cfg.Title + ": " + in.Name, URL: c.abs(in.Base + "feed.xml"), Type: rssType})
	}
	if in.Intro.html != nil {
		html, err := in.Intro.html()
		if err != nil {
			return nil, err
		}
		lp.Intro = template.HTML(html)
	}
	lp.Items = make([]Item, len(in.Items))
	for k, it := range in.Items {
		lp.Items[k] = c.itemWith(it.Entry, it.Summary, except)
	}
	lp.Pagination = pagination(c, in.Base, in.Page, in.Total)
	lp.PrevURL, lp.NextURL = lp.Pagination.PrevURL, lp.Pagination.NextURL
	return lp, nil
}

// pagedTitle is a list's title on page pg.
func (c *context) pagedTitle(title string, pg int) string {
	if pg > 1 {
		return c.t("page_title", "title", title, "page", pg)
	}
	return title
}

// pagedPath is the address of page pg of a list rooted at base.
func pagedPath(base string, pg int) string {
	if pg <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(pg) + "/"
}

func pagination(c *context, base string, current, total int) Pagination {
	p := Pagination{Current: current, Total: total}
	if current > 1 {
		p.PrevURL = c.url(pagedPath(base, current-1))
	}
	if current < total {
		p.NextURL = c.url(pagedPath(base, current+1))
	}
	for n := 1; n <= total; n++ {
		// Long lists show the first, the last and the pages near the current.
		if total > 9 && n != 1 && n != total && (n < current-2 || n > current+2) {
			continue
		}
		p.Pages = append(p.Pages, PageNumber{Number: n, URL: c.url(pagedPath(base, n)), Current: n == current})
	}
	return p
}

// topCountries are the countries the home page features: the most
// covered, then by name in the edition's alphabetical order (which also
// decides which of those tied for the last places make the cut).
func (r *renderer) topCountries() []*site.Group {
	groups := append([]*site.Group(nil), r.byCountry...)
	i18n.SortFunc(r.ctx.lang, groups, func(g *site.Group) string { return r.ctx.countryName(&g.Country) })
	sort.SliceStable(groups, func(i, j int) bool { return len(groups[i].Members) > len(groups[j].Members) })
	return groups[:min(len(groups), topCountries)]
}

func (r *renderer) countryCounts(groups []*site.Group) []countryCount {
	out := make([]countryCount, len(groups))
	for i, g := range groups {
		out[i] = countryCount{Country: &g.Country, Count: len(g.Members)}
	}
	return out
}

func countryCounts(lists []countryList) []countryCount {
	out := make([]countryCount, len(lists))
	for i, l := range lists {
		out[i] = countryCount{Country: l.Country, Count: len(l.Members)}
	}
	return out
}

// countriesView is the data of countries.html: the countries by region,
// each region's by name.
func countriesView(c *context, in []countryCount) (any, error) {
	byRegion := map[countries.Region][]CountryCount{}
	for _, cc := range in {
		byRegion[cc.Country.Region] = append(byRegion[cc.Country.Region], CountryCount{CountryLink: c.countryLink(cc.Country), Count: cc.Count})
	}
	p := &CountriesPage{Head: c.head("countries", c.t("countries"), c.t("desc_countries"), "/countries/"), Total: len(in)}
	for _, region := range countries.Regions() {
		cs := byRegion[region]
		if len(cs) == 0 {
			continue
		}
		i18n.SortFunc(c.lang, cs, func(cc CountryCount) string { return cc.Name })
		p.Regions = append(p.Regions, Region{Name: countries.RegionNameIn(region, c.lang.Tag()), Countries: cs})
	}
	// Regions too read in the language's order: Азія, Америка, Африка.
	i18n.SortFunc(c.lang, p.Regions, func(r Region) string { return r.Name })
	if len(in) > 0 {
		m, err := coverageMap(c, in)
		if err != nil {
			return nil, err
		}
		p.Map = m
	}
	return p, nil
}

// tagCount is a topic with how many briefings carry it.
type tagCount struct {
	Key, Name string
	Count     int
}

func tagCounts(topics []topicList) []tagCount {
	out := make([]tagCount, len(topics))
	for i, t := range topics {
		out[i] = tagCount{Key: t.Key, Name: t.Name, Count: len(t.Members)}
	}
	return out
}

func tagsView(c *context, in []tagCount) (any, error) {
	p := &TagsPage{Head: c.head("tags", c.t("topics"), c.t("desc_tags"), "/tags/")}
	for _, t := range in {
		p.Tags = append(p.Tags, TagCount{Link: Link{URL: c.url("/tags/" + t.Key + "/"), Text: t.Name}, Count: t.Count})
	}
	return p, nil
}

// archivePerPage is how many briefings a page of a year's archive lists
// unless Options say otherwise. A compact item weighs about 370 bytes (a
// 100-character title and four flags), so a page of 200 is some 75 KB,
// and stays under 300 KB even when every briefing concerns a dozen
// countries; a busy year of 5,000 briefings takes 25 pages.
const archivePerPage = 200

// archiveIndex is all /archive/ shows: the years, newest first, with
// their months and counts. It lists no briefing, so that it stays small
// however many there are.
type archiveIndex struct {
	Total int
	Years []archiveYear
}

// archiveYear is a year of the archive with its months, newest first.
type archiveYear struct {
	Year, Count int
	Months      []archiveMonth
}

// archiveMonth is a month with its count and the page of its year's
// archive it begins on.
type archiveMonth struct {
	Month       time.Month
	Count, Page int
}

// archiveYearInput is one page of a year's archive: its briefings only,
// so that an edit elsewhere leaves the page alone.
type archiveYearInput struct {
	Year, Count int // the year and its number of briefings
	Page, Total int
	// Continued says the page's first month began on the page before.
	Continued bool
	Items     entryList
}

// archiveJobs returns the jobs writing /archive/ and the pages of each
// year's archive, /archive/2024/, /archive/2024/page/2/ and on. The
// briefings are in site order, newest first, so each year's and each
// month's are together.
func archiveJobs(e emitter, in listsInput, latest time.Time) []func() {
	loc, per := e.p.ctx.cfg.Location, in.ArchivePer
	index := archiveIndex{Total: len(in.Entries)}
	var members [][]int // each year's briefings, by position
	for i, b := range in.Entries {
		t := b.Date.In(loc)
		if n := len(index.Years); n == 0 || index.Years[n-1].Year != t.Year() {
			index.Years = append(index.Years, archiveYear{Year: t.Year()})
			members = append(members, nil)
		}
		y := &index.Years[len(index.Years)-1]
		if n := len(y.Months); n == 0 || y.Months[n-1].Month != t.Month() {
			y.Months = append(y.Months, archiveMonth{Month: t.Month(), Page: y.Count/per + 1})
		}
		y.Months[len(y.Months)-1].Count++
		y.Count++
		members[len(members)-1] = append(members[len(members)-1], i)
	}
	jobs := []func(){func() { emitPage(e, "archive.html", "/archive/", latest, index, archiveView) }}
	for k, y := range index.Years {
		year := members[k]
		jobs = append(jobs, pageJobs(year, per, func(pg, total int, chunk []int) {
			p := archiveYearInput{Year: y.Year, Count: y.Count, Page: pg, Total: total, Items: make(entryList, len(chunk))}
			for j, i := range chunk {
				p.Items[j] = in.Entries[i]
			}
			if pg > 1 {
				before, first := in.Entries[year[(pg-1)*per-1]].Date.In(loc), p.Items[0].Date.In(loc)
				p.Continued = before.Month() == first.Month()
			}
			emitPage(e, "archive-year.html", pagedPath(archiveYearPath(y.Year), pg), lastModified(in.Entries, chunk), p, archiveYearView)
		})...)
	}
	return jobs
}

// archiveYearPath is the site path of a year's archive.
func archiveYearPath(year int) string { return "/archive/" + strconv.Itoa(year) + "/" }

// monthID is a month's anchor on its year's archive, "2024-07".
func monthID(year int, m time.Month) string { return fmt.Sprintf("%04d-%02d", year, int(m)) }

// archiveView is the data of archive.html: the years and their months,
// each month linking to where it begins on its year's pages.
func archiveView(c *context, in archiveIndex) (any, error) {
	p := &ArchivePage{Head: c.head("archive", c.t("archive"), c.t("desc_archive"), "/archive/"), Total: in.Total}
	p.Years = make([]Year, len(in.Years))
	for k, y := range in.Years {
		base := archiveYearPath(y.Year)
		months := make([]MonthCount, len(y.Months))
		for j, m := range y.Months {
			months[j] = MonthCount{Name: c.cat.MonthName(m.Month), Year: y.Year, Count: m.Count,
				URL: c.url(pagedPath(base, m.Page)) + "#" + monthID(y.Year, m.Month)}
		}
		p.Years[k] = Year{Year: y.Year, URL: c.url(base), Count: y.Count, Months: months}
	}
	return p, nil
}

// archiveYearView is the data of archive-year.html: one page of a year's
// briefings by month, without summaries.
func archiveYearView(c *context, in archiveYearInput) (any, error) {
	base := archiveYearPath(in.Year)
	p := &ArchiveYearPage{
		Head: c.head("archive-year", c.pagedTitle(c.t("archive_year_title", "year", in.Year), in.Page),
			c.t("desc_archive_year", "year", in.Year), pagedPath(base, in.Page)),
		Year: in.Year, Count: in.Count, ArchiveURL: c.url("/archive/"),
	}
	for k, b := range in.Items {
		t := b.Date.In(c.cfg.Location)
		id := monthID(t.Year(), t.Month())
		if n := len(p.Months); n == 0 || p.Months[n-1].ID != id {
			p.Months = append(p.Months, Month{Name: c.cat.YearMonth(t), ID: id, Continued: k == 0 && in.Continued})
		}
		m := &p.Months[len(p.Months)-1]
		m.Items = append(m.Items, c.item(b))
	}
	p.Pagination = pagination(c, base, in.Page, in.Total)
	p.PrevURL, p.NextURL = p.Pagination.PrevURL, p.Pagination.NextURL
	return p, nil
}

// standaloneInput is all a standalone page shows.
type standaloneInput struct {
	Page    *site.Page
	Body    converted
	Summary string
}

func (r *renderer) standalonePage(pg *site.Page, latest time.Time) {
	e := r.out()
	res, body, ok := e.convertDoc(pageDoc(pg), r.links, pg.Summary != "")
	if !ok {
		return
	}
	summary := pg.Summary
	if summary == "" {
		summary = res.Summary
	}
	emitPage(e, "page.html", pg.URL(), latest, standaloneInput{Page: pg, Body: body, Summary: summary}, standaloneView)
}

func standaloneView(c *context, in standaloneInput) (any, error) {
	html, err := in.Body.html()
	if err != nil {
		return nil, err
	}
	return &StandalonePage{Head: c.head("page", in.Page.Title, in.Summary, in.Page.URL()), Body: template.HTML(html), Draft: in.Page.Draft}, nil
}

func notFoundView(c *context, _ struct{}) (any, error) {
	p := &StandalonePage{Head: c.head("404", c.t("not_found"), c.t("desc_not_found"), "/404.html")}
	p.NoIndex = true
	return p, nil
}
