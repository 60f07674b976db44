package render

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"brief/generator/countries"
	"brief/generator/i18n"
	"brief/generator/internal/digest"
	"brief/generator/search"
	"brief/generator/site"
)

// renderSearch writes the search files (package search) under /search/.
// The index is kept in the dev server's cache from one render to the
// next, so that an edit remakes only the chunks and the bundle it touches;
// the files go through emitFile like any other, so that unchanged ones are
// neither written nor sent again.
func (r *renderer) renderSearch() {
	ix := search.NewIndex(false)
	if r.cache != nil && !r.cache.lean {
		if r.cache.search == nil {
			r.cache.search = search.NewIndex(true)
		}
		ix = r.cache.search
	}
	src := &searchSource{c: r.ctx, entries: r.entries, briefings: r.site.Briefings, summaries: r.summaries, terms: r.bodyTerms}
	files := ix.Update(r.ctx.digest, src, r.cachedSearchFilters())
	e := r.out()
	for _, f := range files {
		emitFile(e, "search/"+f.Name, searchFile{f}, otherFile, func(_ *context, in searchFile) ([]byte, error) { return in.Data, nil })
	}
}

// searchFile is a file of the search index as input of its own output:
// the name of every file but the manifest is its content's hash, which
// therefore stands for the bytes.
type searchFile struct{ search.File }

func (f searchFile) Digest() uint64 {
	if f.Name == "manifest.json" {
		return uint64(digest.New().Str(string(f.Data)))
	}
	return uint64(digest.New().Str(f.Name))
}

// searchSource shows the briefings to the index oldest first, as the
// format wants: document i is the briefing at position n-1-i.
type searchSource struct {
	c         *context
	entries   entryList
	briefings []*site.Briefing
	summaries summaryList
	terms     []bodyTerms
}

// bodyTerms are the distinct terms of a briefing's body, with their
// fingerprint, made with the briefing's page.
type bodyTerms struct {
	Terms string
	Sum   uint64
}

// termsOf is the distinct terms of the text a body shows its readers
// (markdown.Result.Text).
func termsOf(text string) bodyTerms {
	terms := search.DistinctTerms(text)
	return bodyTerms{Terms: terms, Sum: uint64(digest.New().Str(terms))}
}

func (s *searchSource) Len() int         { return len(s.entries) }
func (s *searchSource) at(i int) int     { return len(s.entries) - 1 - i }
func (s *searchSource) Key(i int) string { return s.entries[s.at(i)].path }

func (s *searchSource) Sum(i int) uint64 {
	p := s.at(i)
	e := s.entries[p]
	return uint64(digest.New().U64(e.sum).U64(e.sourcesSum).U64(s.summaries.sums[p]).U64(s.terms[p].Sum))
}

func (s *searchSource) Doc(i int) search.Doc {
	p := s.at(i)
	e, b := s.entries[p], s.briefings[p]
	var meta []string
	card := search.Card{Title: e.Title, URL: s.c.url(e.path), Summary: s.summaries.texts[p], Draft: e.Draft,
		Countries: make([]search.CardCountry, len(e.Countries))}
	for k, country := range e.Countries {
		// Every name a reader may type: English's, the codes and aliases,
		// and the edition's own ("Італія").
		l := s.c.countryLink(country)
		meta = append(meta, country.AllNames(), l.Name)
		card.Countries[k] = search.CardCountry{Name: l.Name, Flag: l.Flag, URL: l.URL}
	}
	for _, t := range e.Tags {
		meta = append(meta, t.Name)
	}
	for _, src := range b.Sources {
		meta = append(meta, src.Name)
	}
	d := s.c.date(e.Date)
	card.Human = d.Human
	card.Date = e.Date.In(s.c.cfg.Location).Format(time.DateOnly)
	return search.Doc{Text: [4]string{e.Title, card.Summary, strings.Join(meta, " "), s.terms[p].Terms}, Card: card}
}

// cachedSearchFilters is searchFilters, or the cache's copy when the
// entries are those it was made from: the filters are a function of each
// briefing's date, countries and topics in site order, which the entries'
// fingerprint covers, and of the time zone, which the context's does.
func (r *renderer) cachedSearchFilters() search.Filters {
	if r.cache == nil || r.cache.lean {
		return r.searchFilters()
	}
	k := uint64(digest.New().U64(r.ctx.digest).U64(r.entries.Digest()))
	r.cache.mu.Lock()
	defer r.cache.mu.Unlock()
	if r.cache.searchFiltersKey != k || r.cache.searchFilters == nil {
		f := r.searchFilters()
		r.cache.searchFiltersKey, r.cache.searchFilters = k, &f
	}
	return *r.cache.searchFilters
}

// searchFilters lists the countries, regions, topics and years with their
// briefings, as document ids.
func (r *renderer) searchFilters() search.Filters {
	n := len(r.entries)
	ids := func(positions []int) []int32 {
		out := make([]int32, len(positions))
		for k, p := range positions {
			out[len(out)-1-k] = int32(n - 1 - p) // newest first becomes ascending
		}
		return out
	}
	var f search.Filters
	byRegion := map[countries.Region][]int32{}
	for _, g := range r.byCountry {
		docs := ids(g.Members)
		f.Country = append(f.Country, search.Value{Key: g.Key, Name: r.ctx.countryName(&g.Country), Docs: docs})
		byRegion[g.Country.Region] = append(byRegion[g.Country.Region], docs...)
	}
	rank := map[string]int{}
	for k, c := range countries.All() {
		rank[c.Alpha2] = k
	}
	slices.SortFunc(f.Country, func(a, b search.Value) int {
		return rank[strings.ToUpper(a.Key)] - rank[strings.ToUpper(b.Key)]
	})
	if base, _ := r.ctx.lang.Tag().Base(); base.String() != "en" {
		// The order above is the English names'; another language's
		// names sort by its own alphabet.
		i18n.SortFunc(r.ctx.lang, f.Country, func(v search.Value) string { return v.Name })
	}
	for _, region := range countries.Regions() {
		docs := byRegion[region]
		if len(docs) == 0 {
			continue
		}
		slices.Sort(docs)
		f.Region = append(f.Region, search.Value{Key: strings.ToLower(string(region)), Name: countries.RegionNameIn(region, r.ctx.lang.Tag()), Docs: slices.Compact(docs)})
	}
	for _, g := range r.byTag {
		f.Tag = append(f.Tag, search.Value{Key: g.Key, Name: g.Name, Docs: ids(g.Members)})
	}
	slices.SortFunc(f.Tag, func(a, b search.Value) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	// Ids follow dates, so a year is a run of them; newest year first.
	for i := 0; i < n; {
		year := r.entries[n-1-i].Date.In(r.ctx.cfg.Location).Year()
		j := i
		for j+1 < n && r.entries[n-2-j].Date.In(r.ctx.cfg.Location).Year() == year {
			j++
		}
		key := strconv.Itoa(year)
		f.Year = append(f.Year, search.Years{Key: key, Name: key, First: i, Last: j})
		i = j + 1
	}
	slices.Reverse(f.Year)
	return f
}

// searchView is the data of search.html. It lists no briefing: on a large
// site the list would outweigh everything else the page loads.
func searchView(c *context, _ struct{}) (any, error) {
	return &SearchPage{
		Head:         c.head("search", c.t("search"), c.t("desc_search"), "/search/"),
		ManifestURL:  c.url("/search/manifest.json"),
		ScriptURL:    c.asset("/js/search.js"),
		ArchiveURL:   c.url("/archive/"),
		CountriesURL: c.url("/countries/"),
		TagsURL:      c.url("/tags/"),
	}, nil
}
