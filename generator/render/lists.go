package render

import (
	"fmt"
	"html/template"
	"sort"
	"strconv"

	"brief/generator/countries"
	"brief/generator/site"
)

// topCountries is how many countries the home page features.
const topCountries = 12

// renderLists writes every page that lists briefings, the search index and
// the standalone pages. It runs after renderBriefings, when every summary
// is known.
func (r *renderer) renderLists() {
	// The files listing every briefing go first: on a large site each is a
	// long job that, started last, would leave the other cores idle.
	jobs := []func(){r.archivePage, r.searchIndexFile, r.searchPage, r.countriesPage, r.tagsPage, r.notFoundPage}
	all := r.site.Briefings
	top := r.topCountries()
	jobs = append(jobs, r.paginate(all, "/", func(pg int) *ListPage {
		title := r.cfg.Title
		if pg > 1 {
			title = fmt.Sprintf("Latest briefings, page %d", pg)
		}
		lp := &ListPage{Head: r.head("home", title, r.cfg.Description, pagedPath("/", pg)), FeedURL: r.url("/feed.xml"), FeedText: "RSS feed of all briefings"}
		if pg == 1 {
			lp.TopCountries = top
		}
		return lp
	}, func(pg int) key {
		if pg == 1 {
			return newKey().any(top)
		}
		return newKey()
	}, "home.html", "")...)
	for _, g := range r.byCountry {
		g := g
		base := "/countries/" + g.Key + "/"
		region := string(g.Country.Region)
		jobs = append(jobs, r.paginate(g.Briefings, base, func(pg int) *ListPage {
			title := g.Country.Common
			if pg > 1 {
				title = fmt.Sprintf("%s, page %d", g.Country.Common, pg)
			}
			desc := fmt.Sprintf("Briefings concerning %s.", g.Country.Common)
			lp := &ListPage{
				Head:     r.head("country", title, desc, pagedPath(base, pg)),
				Country:  &CountryView{CountryLink: r.countryLink(g.Country), Region: region},
				FeedURL:  r.url(base + "feed.xml"),
				FeedText: "RSS feed of briefings on " + g.Country.Common,
			}
			if pg == 1 {
				lp.Intro = r.intro(g.Key)
			}
			lp.Feeds = append(lp.Feeds, FeedLink{Title: r.cfg.Title + ": " + g.Country.Common, URL: r.abs(base + "feed.xml"), Type: rssType})
			return lp
		}, func(pg int) key {
			if in := r.site.Intros[g.Key]; in != nil && pg == 1 {
				return newKey().u64(in.Hash)
			}
			return newKey()
		}, "list.html", g.Country.Alpha2)...)
	}
	for _, g := range r.byTag {
		g := g
		base := "/tags/" + g.Key + "/"
		jobs = append(jobs, r.paginate(g.Briefings, base, func(pg int) *ListPage {
			title := "Topic: " + g.Name
			if pg > 1 {
				title = fmt.Sprintf("Topic: %s, page %d", g.Name, pg)
			}
			lp := &ListPage{Head: r.head("tag", title, fmt.Sprintf("Briefings about %s.", g.Name), pagedPath(base, pg)),
				FeedURL: r.url(base + "feed.xml"), FeedText: "RSS feed of briefings about " + g.Name}
			lp.Feeds = append(lp.Feeds, FeedLink{Title: r.cfg.Title + ": " + g.Name, URL: r.abs(base + "feed.xml"), Type: rssType})
			return lp
		}, func(int) key { return newKey().str("tag") }, "list.html", "")...)
	}
	for _, p := range r.site.Pages {
		p := p
		jobs = append(jobs, func() { r.standalonePage(p) })
	}
	r.parallel(len(jobs), func(i int) { jobs[i]() })
}

// pagedPath is the address of page pg of a list rooted at base.
func pagedPath(base string, pg int) string {
	if pg <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(pg) + "/"
}

// paginate returns one job per page of a list of briefings; head builds
// each page's data before items and pagination are filled in.
// extra digests what the head of page pg shows besides the items (the home
// page's top countries, a country's intro).
//
// On a country page, except is the country's code: each entry lists the
// briefing's other countries only.
func (r *renderer) paginate(bs []*site.Briefing, base string, head func(pg int) *ListPage, extra func(pg int) key, kind, except string) []func() {
	per := r.cfg.PerPage
	total := max(1, (len(bs)+per-1)/per)
	jobs := make([]func(), total)
	for pg := 1; pg <= total; pg++ {
		pg := pg
		jobs[pg-1] = func() {
			chunk := bs[(pg-1)*per : min(pg*per, len(bs))]
			k := extra(pg).str(base).int(pg).int(total).str(except)
			for _, b := range chunk {
				k = k.u64(b.Hash)
			}
			r.page(kind, pagedPath(base, pg), newest(chunk), k, func() any {
				lp := head(pg)
				lp.Items = make([]Item, len(chunk))
				for k, b := range chunk {
					lp.Items[k] = r.itemExcept(b, except)
				}
				lp.Pagination = r.pagination(base, pg, total)
				lp.PrevURL, lp.NextURL = lp.Pagination.PrevURL, lp.Pagination.NextURL
				return lp
			})
		}
	}
	return jobs
}

func (r *renderer) pagination(base string, current, total int) Pagination {
	p := Pagination{Current: current, Total: total}
	if current > 1 {
		p.PrevURL = r.url(pagedPath(base, current-1))
	}
	if current < total {
		p.NextURL = r.url(pagedPath(base, current+1))
	}
	for n := 1; n <= total; n++ {
		// Long lists show the first, the last and the pages near the current.
		if total > 9 && n != 1 && n != total && (n < current-2 || n > current+2) {
			continue
		}
		p.Pages = append(p.Pages, PageNumber{Number: n, URL: r.url(pagedPath(base, n)), Current: n == current})
	}
	return p
}

// intro renders a country's intro text, if it has one.
func (r *renderer) intro(key string) template.HTML {
	in := r.site.Intros[key]
	if in == nil {
		return ""
	}
	res, err := r.convert(in.Path, in.Hash, kept(in.Body), in.BodyLine, true, true)
	if err != nil {
		r.convertFailed(in.Path, in.BodyLine, err)
		return ""
	}
	r.reportBroken(in.Path, res.BrokenLinks)
	return template.HTML(res.HTML)
}

func (r *renderer) topCountries() []CountryCount {
	groups := append([]*site.Group(nil), r.byCountry...)
	sort.SliceStable(groups, func(i, j int) bool {
		if len(groups[i].Briefings) != len(groups[j].Briefings) {
			return len(groups[i].Briefings) > len(groups[j].Briefings)
		}
		return groups[i].Country.Common < groups[j].Country.Common
	})
	var out []CountryCount
	for _, g := range groups[:min(len(groups), topCountries)] {
		out = append(out, CountryCount{CountryLink: r.countryLink(g.Country), Count: len(g.Briefings)})
	}
	return out
}

// groupsKey digests the keys and sizes of groups: all a country or topic
// index shows.
func groupsKey(gs []*site.Group) key {
	k := newKey()
	for _, g := range gs {
		k = k.str(g.Key).str(g.Name).int(len(g.Briefings))
	}
	return k
}

func (r *renderer) countriesPage() {
	r.page("countries.html", "/countries/", r.latest, groupsKey(r.byCountry), func() any {
		byRegion := map[countries.Region][]CountryCount{}
		for _, g := range r.byCountry {
			byRegion[g.Country.Region] = append(byRegion[g.Country.Region], CountryCount{CountryLink: r.countryLink(g.Country), Count: len(g.Briefings)})
		}
		p := &CountriesPage{Head: r.head("countries", "Countries", "Every country covered by a briefing, by region.", "/countries/"), Total: len(r.byCountry)}
		for _, region := range countries.Regions() {
			cs := byRegion[region]
			if len(cs) == 0 {
				continue
			}
			sort.SliceStable(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
			p.Regions = append(p.Regions, Region{Name: string(region), Countries: cs})
		}
		return p
	})
}

func (r *renderer) tagsPage() {
	r.page("tags.html", "/tags/", r.latest, groupsKey(r.byTag), func() any {
		p := &TagsPage{Head: r.head("tags", "Topics", "Every topic of the briefings.", "/tags/")}
		for _, g := range r.byTag {
			p.Tags = append(p.Tags, TagCount{Link: Link{URL: r.url("/tags/" + g.Key + "/"), Text: g.Name}, Count: len(g.Briefings)})
		}
		return p
	})
}

func (r *renderer) archivePage() {
	// The archive lists briefings without summaries: editing a body leaves
	// it as it is.
	k := newKey()
	for _, ik := range r.itemKeys {
		k = k.u64(ik)
	}
	r.page("archive.html", "/archive/", r.latest, k, func() any {
		p := &ArchivePage{Head: r.head("archive", "Archive", "Every briefing, by year and month.", "/archive/"), Total: len(r.site.Briefings)}
		for _, b := range r.site.Briefings {
			t := b.Date.In(r.cfg.Location)
			if len(p.Years) == 0 || p.Years[len(p.Years)-1].Year != t.Year() {
				p.Years = append(p.Years, Year{Year: t.Year()})
			}
			y := &p.Years[len(p.Years)-1]
			id := t.Format("2006-01")
			if len(y.Months) == 0 || y.Months[len(y.Months)-1].ID != id {
				y.Months = append(y.Months, Month{Name: t.Month().String(), ID: id})
			}
			m := &y.Months[len(y.Months)-1]
			m.Items = append(m.Items, r.item(b, false))
		}
		return p
	})
}

func (r *renderer) standalonePage(pg *site.Page) {
	res, err := r.convert(pg.Path, pg.Hash, kept(pg.Body), pg.BodyLine, false, pg.Summary != "")
	if err != nil {
		r.convertFailed(pg.Path, pg.BodyLine, err)
		return
	}
	r.reportBroken(pg.Path, res.BrokenLinks)
	r.page("page.html", pg.URL(), r.latest, newKey().u64(pg.Hash), func() any {
		desc := pg.Summary
		if desc == "" {
			desc = res.Summary
		}
		html := res.HTML
		if html == "" {
			again, _ := r.convert(pg.Path, pg.Hash, kept(pg.Body), pg.BodyLine, true, pg.Summary != "")
			html = again.HTML
		}
		return &StandalonePage{Head: r.head("page", pg.Title, desc, pg.URL()), Body: template.HTML(html)}
	})
}

func (r *renderer) notFoundPage() {
	r.page("404.html", "/404.html", r.latest, newKey(), func() any {
		p := &StandalonePage{Head: r.head("404", "Page not found", "There is no page at this address.", "/404.html")}
		p.NoIndex = true
		return p
	})
}
