package render

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"brief/generator/site"
)

// searchEntry is one briefing of the search index as encoding/json would
// write it: the reference the hand-written encoder is held to.
type searchEntry struct {
	Title     string   `json:"title"`
	Summary   string   `json:"summary"`
	Countries []string `json:"countries"`
	Tags      []string `json:"tags"`
	Date      string   `json:"date"`
	URL       string   `json:"url"`
}

// TestSearchIndexMatchesEncodingJSON renders the search index of a site
// whose text holds everything JSON and HTML escape, and requires the bytes
// encoding/json gives for the same entries.
func TestSearchIndexMatchesEncodingJSON(t *testing.T) {
	hostile := []string{"plain text", `quote " and \ backslash`, "<script>&amp;</script>", "tab\tnew\nline\r\x00\x01\x1f",
		"del\x7f", "accents: Côte d’Ivoire, Україна", "line\u2028para\u2029sep", "bad \xff\xfe utf-8", "emoji 🇺🇦 +1", "",
		"a < b", "a > b", "a & b", `a " b`, `a \ b`, "a\x7fb", "a\tb", "a\u00e9b"}
	s := testSite(len(hostile) * 2)
	for i, b := range s.Briefings {
		b.Title = hostile[i%len(hostile)] + " title"
		b.Summary = hostile[(i+3)%len(hostile)] + " summary"
		if i%4 != 0 {
			b.Tags = []site.Tag{{Name: hostile[(i+5)%len(hostile)] + "x", Key: "t" + b.Slug}, {Name: "second", Key: "second"}}
		}
	}
	got := render(t, s, 0)["search/index.json"]
	entries := make([]searchEntry, len(s.Briefings))
	for i, b := range s.Briefings {
		e := searchEntry{Title: b.Title, Summary: b.Summary, Countries: []string{}, Tags: []string{},
			Date: b.Date.In(time.UTC).Format(time.DateOnly), URL: "/briefings/" + b.Slug + "/"}
		for _, c := range b.Countries {
			e.Countries = append(e.Countries, c.Common)
		}
		for _, tg := range b.Tags {
			e.Tags = append(e.Tags, tg.Name)
		}
		entries[i] = e
	}
	want, err := json.Marshal(entries)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("search index differs from encoding/json's:\n got %.600s\nwant %.600s", got, want)
	}
	if !bytes.Contains(got, []byte(`\u003cscript\u003e`)) || !bytes.Contains(got, []byte(`\ufffd`)) {
		t.Fatalf("escapes missing from the index: %.300s", got)
	}
}
