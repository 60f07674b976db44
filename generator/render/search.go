package render

import (
	"encoding/json"
	"time"
)

// searchIndexFile writes the search index, /search/index.json. Like
// encoding/json, it escapes <, > and &, so text an author wrote can never
// turn into markup, even if a script were careless with it.
func (r *renderer) searchIndexFile() {
	k := newKey()
	for i, ik := range r.itemKeys {
		k = k.u64(ik).str(r.summaries[i])
		for _, t := range r.site.Briefings[i].Tags {
			k = k.str(t.Name)
		}
	}
	r.emit("search/index.json", k, &r.other, func() ([]byte, error) {
		return r.searchIndex(), nil
	})
}

// searchIndex encodes every briefing as a searchEntry, in the bytes
// json.Marshal would give for a []searchEntry (the tests compare the two),
// without its reflection and one slice per entry: on 30,000 briefings it
// was a tenth of a second spent alone at the end of the build.
func (r *renderer) searchIndex() []byte {
	out := make([]byte, 0, 400*len(r.site.Briefings)+2)
	out = append(out, '[')
	for i, b := range r.site.Briefings {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, `{"title":`...)
		out = appendJSONString(out, b.Title)
		out = append(out, `,"summary":`...)
		out = appendJSONString(out, r.summaries[i])
		out = append(out, `,"countries":[`...)
		for k, c := range b.Countries {
			if k > 0 {
				out = append(out, ',')
			}
			out = appendJSONString(out, c.Common)
		}
		out = append(out, `],"tags":[`...)
		for k, t := range b.Tags {
			if k > 0 {
				out = append(out, ',')
			}
			out = appendJSONString(out, t.Name)
		}
		out = append(out, `],"date":`...)
		out = appendJSONString(out, b.Date.In(r.cfg.Location).Format(time.DateOnly))
		out = append(out, `,"url":`...)
		out = appendJSONString(out, r.url(b.URL()))
		out = append(out, '}')
	}
	return append(out, ']')
}

// appendJSONString appends s as encoding/json writes a string. Text of
// printable ASCII without quotes, backslashes or the characters it escapes
// for HTML (<, >, &) is copied; anything else is left to encoding/json.
func appendJSONString(out []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always encodes
			return append(out, q...)
		}
	}
	out = append(out, '"')
	out = append(out, s...)
	return append(out, '"')
}

// searchPage writes the search page, which lists every briefing for
// readers without scripts.
func (r *renderer) searchPage() {
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
