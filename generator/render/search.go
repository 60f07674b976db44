package render

import (
	"encoding/json"
	"time"

	"brief/generator/site"
)

// searchEntry is one briefing of the search index, /search/index.json.
type searchEntry struct {
	Title     string   `json:"title"`
	Summary   string   `json:"summary"`
	Countries []string `json:"countries"`
	Tags      []string `json:"tags"`
	Date      string   `json:"date"`
	URL       string   `json:"url"`
}

// searchIndexFile writes the search index. encoding/json escapes <, > and
// &, so text an author wrote can never turn into markup, even if a script
// were careless with it.
func (r *renderer) searchIndexFile() {
	in := make([]searchItem, len(r.site.Briefings))
	for i, b := range r.site.Briefings {
		in[i] = searchItem{Entry: r.entries[i], Summary: r.summaries[i], Tags: b.Tags}
	}
	emitFile(r, "search/index.json", in, &r.other, searchIndex)
}

// searchItem is what the index holds of a briefing.
type searchItem struct {
	Entry   *entry
	Summary string
	Tags    []site.Tag
}

func searchIndex(c *context, in []searchItem) ([]byte, error) {
	entries := make([]searchEntry, len(in))
	for i, it := range in {
		b := it.Entry
		e := searchEntry{Title: b.Title, Summary: it.Summary, Countries: []string{}, Tags: []string{},
			Date: b.Date.In(c.cfg.Location).Format(time.DateOnly), URL: c.url("/briefings/" + b.Slug + "/")}
		for _, country := range b.Countries {
			e.Countries = append(e.Countries, country.Common)
		}
		for _, t := range it.Tags {
			e.Tags = append(e.Tags, t.Name)
		}
		entries[i] = e
	}
	return json.Marshal(entries)
}

// searchView is the data of search.html, which lists every briefing for
// readers without scripts.
func searchView(c *context, bs []*entry) (any, error) {
	p := &SearchPage{
		Head:      c.head("search", "Search", "Search every briefing by title, summary, country or topic.", "/search/"),
		IndexURL:  c.url("/search/index.json"),
		ScriptURL: c.url("/js/search.js"),
		Items:     make([]Item, len(bs)),
	}
	for i, b := range bs {
		p.Items[i] = c.item(b)
	}
	return p, nil
}
