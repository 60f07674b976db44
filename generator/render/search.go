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

// searchView is the data of search.html. It lists no briefing: on a large
// site the list would outweigh everything else the page loads.
func searchView(c *context, _ struct{}) (any, error) {
	return &SearchPage{
		Head:         c.head("search", "Search", "Search every briefing by title, summary, country or topic.", "/search/"),
		ManifestURL:  c.url("/search/manifest.json"),
		ScriptURL:    c.url("/js/search.js"),
		ArchiveURL:   c.url("/archive/"),
		CountriesURL: c.url("/countries/"),
		TagsURL:      c.url("/tags/"),
	}, nil
}
