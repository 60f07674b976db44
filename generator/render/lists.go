package render

import (
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"time"

	"brief/generator/countries"
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
	Name        string             // the country's or topic's name
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
	in := listsInput{Entries: r.entries, Summaries: r.summaries, Top: r.countryCounts(r.topCountries())}
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

// listPagesOf writes the pages made from the lists: the archive, the
// search page and index, the country and topic lists, the 404 page and
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
		func() { emitPage(e, "archive.html", "/archive/", latest, in.Entries, archiveView) },
		func() { emitPage(e, "search.html", "/search/", latest, struct{}{}, searchView) },
		func() {
			emitPage(e, "countries.html", "/countries/", latest, countryCounts(in.Countries), countriesView)
		},
		func() { emitPage(e, "tags.html", "/tags/", latest, tagCounts(in.Topics), tagsView) },
		func() { emitPage(e, "404.html", "/404.html", latest, struct{}{}, notFoundView) },
	}
	jobs = append(jobs, paginate(e, listInput{Kind: "home", Base: "/", Top: in.Top}, in, all)...)
	for _, l := range in.Countries {
		page := listInput{Kind: "country", Base: "/countries/" + l.Key + "/", Name: l.Country.Common, Country: l.Country, Intro: l.Intro}
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
	per := e.p.ctx.cfg.PerPage
	total := max(1, (len(members)+per-1)/per)
	jobs := make([]func(), total)
	for pg := 1; pg <= total; pg++ {
		jobs[pg-1] = func() {
			chunk := members[(pg-1)*per : min(pg*per, len(members))]
			p := page
			p.Page, p.Total = pg, total
			if pg > 1 {
				p.Intro, p.Top = converted{}, nil
			}
			p.Items = make([]listItem, len(chunk))
			var lastmod time.Time
			for k, i := range chunk {
				p.Items[k] = listItem{Entry: in.Entries[i], Summary: in.Summaries.texts[i]}
				if m := in.Entries[i].Modified; m.After(lastmod) {
					lastmod = m
				}
			}
			kind := "list.html"
			if page.Kind == "home" {
				kind = "home.html"
			}
			emitPage(e, kind, pagedPath(page.Base, pg), lastmod, p, listView)
		}
	}
	return jobs
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
			title = fmt.Sprintf("Latest briefings, page %d", in.Page)
		}
		lp.Head = c.head("home", title, c.cfg.Description, p)
		lp.FeedText = "RSS feed of all briefings"
		for _, cc := range in.Top {
			lp.TopCountries = append(lp.TopCountries, CountryCount{CountryLink: c.countryLink(cc.Country), Count: cc.Count})
		}
	case "country":
		lp.Head = c.head("country", pagedTitle(in.Name, in.Page), fmt.Sprintf("Briefings concerning %s.", in.Name), p)
		lp.Country = &CountryView{CountryLink: c.countryLink(in.Country), Region: string(in.Country.Region)}
		lp.FeedText = "RSS feed of briefings on " + in.Name
		lp.Feeds = append(lp.Feeds, FeedLink{Title: c.cfg.Title + ": " + in.Name, URL: c.abs(in.Base + "feed.xml"), Type: rssType})
		except = in.Country.Alpha2
		if in.Page == 1 {
			m, err := locatorMap(in.Country)
			if err != nil {
				return nil, err
			}
			lp.Map = m
		}
	case "tag":
		lp.Head = c.head("tag", pagedTitle("Topic: "+in.Name, in.Page), fmt.Sprintf("Briefings about %s.", in.Name), p)
		lp.FeedText = "RSS feed of briefings about " + in.Name
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
func pagedTitle(title string, pg int) string {
	if pg > 1 {
		return fmt.Sprintf("%s, page %d", title, pg)
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
// covered, then by name.
func (r *renderer) topCountries() []*site.Group {
	groups := append([]*site.Group(nil), r.byCountry...)
	sort.SliceStable(groups, func(i, j int) bool {
		if len(groups[i].Members) != len(groups[j].Members) {
			return len(groups[i].Members) > len(groups[j].Members)
		}
		return groups[i].Country.Common < groups[j].Country.Common
	})
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
	p := &CountriesPage{Head: c.head("countries", "Countries", "Every country covered by a briefing, by region.", "/countries/"), Total: len(in)}
	for _, region := range countries.Regions() {
		cs := byRegion[region]
		if len(cs) == 0 {
			continue
		}
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
		p.Regions = append(p.Regions, Region{Name: string(region), Countries: cs})
	}
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
	p := &TagsPage{Head: c.head("tags", "Topics", "Every topic of the briefings.", "/tags/")}
	for _, t := range in {
		p.Tags = append(p.Tags, TagCount{Link: Link{URL: c.url("/tags/" + t.Key + "/"), Text: t.Name}, Count: t.Count})
	}
	return p, nil
}

// archiveView is the data of archive.html: every briefing by year and
// month, without summaries.
func archiveView(c *context, bs entryList) (any, error) {
	p := &ArchivePage{Head: c.head("archive", "Archive", "Every briefing, by year and month.", "/archive/"), Total: len(bs)}
	for _, b := range bs {
		t := b.Date.In(c.cfg.Location)
		if len(p.Years) == 0 || p.Years[len(p.Years)-1].Year != t.Year() {
			p.Years = append(p.Years, Year{Year: t.Year()})
		}
		y := &p.Years[len(p.Years)-1]
		id := t.Format("2006-01")
		if len(y.Months) == 0 || y.Months[len(y.Months)-1].ID != id {
			y.Months = append(y.Months, Month{Name: t.Month().String(), ID: id})
		}
		m := &y.Months[len(y.Months)-1]
		m.Items = append(m.Items, c.item(b))
	}
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
	p := &StandalonePage{Head: c.head("404", "Page not found", "There is no page at this address.", "/404.html")}
	p.NoIndex = true
	return p, nil
}
