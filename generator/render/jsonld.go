package render

import (
	"encoding/json"
	"html/template"
	"time"

	"brief/generator/site"
)

// articleJSONLD describes a briefing as a schema.org NewsArticle for search
// engines. json.Marshal escapes <, > and &, so the result is safe inside a
// script element.
func articleJSONLD(c *context, b *site.Briefing, summary string, corrections []correction) template.JS {
	publisher := c.publisher()
	author := ldThing{Type: "Organization", Name: publisher}
	if name, person := c.byline(b); person {
		author = ldThing{Type: "Person", Name: name}
	}
	doc := articleLD{
		Context:             "https://schema.org",
		Type:                "NewsArticle",
		Headline:            b.Title,
		Description:         summary,
		URL:                 c.abs(b.URL()),
		MainEntityOfPage:    c.abs(b.URL()),
		DatePublished:       b.Date.In(c.cfg.Location).Format(time.RFC3339),
		DateModified:        modified(b).In(c.cfg.Location).Format(time.RFC3339),
		Author:              []ldThing{author},
		Publisher:           ldThing{Type: "Organization", Name: publisher, URL: c.abs("/")},
		IsAccessibleForFree: true,
		InLanguage:          c.cfg.Language,
	}
	for _, country := range b.Countries {
		doc.About = append(doc.About, ldThing{Type: "Country", Name: c.countryName(country), URL: c.abs("/countries/" + country.Key() + "/")})
	}
	doc.ContentLocation = doc.About
	for _, s := range b.Sources {
		name := s.Name
		if s.Title != "" {
			name = s.Title + " (" + s.Name + ")"
		}
		doc.Citation = append(doc.Citation, ldThing{Type: "CreativeWork", Name: name, URL: s.URL})
	}
	for _, t := range b.Tags {
		doc.Keywords = append(doc.Keywords, t.Name)
	}
	for _, k := range corrections {
		doc.Correction = append(doc.Correction, correctionLD{Type: "CorrectionComment",
			DatePublished: k.Date.In(c.cfg.Location).Format(time.RFC3339), Text: k.Text})
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return ""
	}
	return template.JS(out)
}

// articleLD is a schema.org NewsArticle. Its fields are in the order of
// their names, as a map's would be, so the output is stable and easy to
// compare.
type articleLD struct {
	Context             string         `json:"@context"`
	Type                string         `json:"@type"`
	About               []ldThing      `json:"about"`
	Author              []ldThing      `json:"author"`
	Citation            []ldThing      `json:"citation"`
	ContentLocation     []ldThing      `json:"contentLocation"`
	Correction          []correctionLD `json:"correction,omitempty"`
	DateModified        string         `json:"dateModified"`
	DatePublished       string         `json:"datePublished"`
	Description         string         `json:"description"`
	Headline            string         `json:"headline"`
	InLanguage          string         `json:"inLanguage"`
	IsAccessibleForFree bool           `json:"isAccessibleForFree"`
	Keywords            []string       `json:"keywords,omitempty"`
	MainEntityOfPage    string         `json:"mainEntityOfPage"`
	Publisher           ldThing        `json:"publisher"`
	URL                 string         `json:"url"`
}

// correctionLD is a schema.org CorrectionComment: what was put right,
// and when.
type correctionLD struct {
	Type          string `json:"@type"`
	DatePublished string `json:"datePublished"`
	Text          string `json:"text"`
}

// ldThing is a schema.org thing with a type, a name and an address.
type ldThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// publisher is the site's publisher, or its title when none is set.
func (c *context) publisher() string {
	if c.cfg.Publisher != "" {
		return c.cfg.Publisher
	}
	return c.cfg.Title
}

// byline is who a briefing is by, in feeds and for search engines alike:
// its author, else the site's author (both persons), else the publisher.
func (c *context) byline(b *site.Briefing) (name string, person bool) {
	switch {
	case b.Author != "":
		return b.Author, true
	case c.cfg.Author != "":
		return c.cfg.Author, true
	}
	return c.publisher(), false
}
