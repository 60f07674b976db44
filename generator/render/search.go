package render

import (
	"encoding/json"
	"time"
)

// searchEntry is one briefing in the search index.
type searchEntry struct {
	Title     string   `json:"title"`
	Summary   string   `json:"summary"`
	Countries []string `json:"countries"`
	Tags      []string `json:"tags"`
	Date      string   `json:"date"`
	URL       string   `json:"url"`
}

// renderSearch writes the search index, /search/index.json, and the search
// page. encoding/json escapes <, > and &, so text an author wrote can never
// turn into markup, even if a script were careless with it.
func (r *renderer) renderSearch() {
	k := newKey()
	for i, ik := range r.itemKeys {
		k = k.u64(ik).str(r.summaries[i])
		for _, t := range r.site.Briefings[i].Tags {
			k = k.str(t.Name)
		}
	}
	r.emit("search/index.json", k, &r.other, func() ([]byte, error) {
		entries := make([]searchEntry, len(r.site.Briefings))
		for i, b := range r.site.Briefings {
			e := searchEntry{Title: b.Title, Summary: r.summaries[i], URL: r.url(b.URL()),
				Date: b.Date.In(r.cfg.Location).Format(time.DateOnly), Countries: []string{}, Tags: []string{}}
			for _, c := range b.Countries {
				e.Countries = append(e.Countries, c.Common)
			}
			for _, t := range b.Tags {
				e.Tags = append(e.Tags, t.Name)
			}
			entries[i] = e
		}
		return json.Marshal(entries)
	})
	keyAll := newKey()
	for _, ik := range r.itemKeys {
		keyAll = keyAll.u64(ik)
	}
	r.page("search.html", "/search/", r.latest, keyAll, func() any {
		p := &SearchPage{
			Head:      r.head("search", "Search", "Search every briefing by title, summary, country or topic.", "/search/"),
			IndexURL:  r.url("/search/index.json"),
			ScriptURL: r.url("/js/search.js"),
			Items:     make([]Item, len(r.site.Briefings)),
		}
		for i, b := range r.site.Briefings {
			p.Items[i] = r.item(b, false)
		}
		return p
	})
}
