package render

import (
	"brief/generator/site"
	"encoding/json"
	"time"
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

// searchItems is what the search index holds of each briefing.
func searchItems(in listsInput) []searchItem {
	out := make([]searchItem, len(in.Entries))
	for i, e := range in.Entries {
		out[i] = searchItem{Entry: e, Summary: in.Summaries.texts[i]}
	}
	return out
}

// searchItem is what the index holds of a briefing. encoding/json escapes
// <, > and &, so text an author wrote can never turn into markup, even if
// a script were careless with it.
type searchItem struct {
	Entry   *entry
	Summary string
}

func searchIndex(c *context, in []searchItem) ([]byte, error) {
	entries := make([]searchEntry, len(in))
	for i, it := range in {
		b := it.Entry
		e := searchEntry{Title: b.Title, Summary: it.Summary, Countries: []string{}, Tags: []string{},
			Date: b.Date.In(c.cfg.Location).Format(time.DateOnly), URL: c.url(site.BriefingURL(b.Slug))}
		for _, country := range b.Countries {
			e.Countries = append(e.Countries, country.Common)
		}
		for _, t := range b.Tags {
			e.Tags = append(e.Tags, t.Name)
		}
		entries[i] = e
	}
	return json.Marshal(entries)
}

// searchView is the data of search.html, which lists every briefing for
// readers without scripts.
func searchView(c *context, bs entryList) (any, error) {
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
