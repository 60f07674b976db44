package load

import (
	"fmt"
	"path"
	"strings"

	"brief/generator/countries"
	"brief/generator/site"
)

// decodeIntro makes a country intro: plain Markdown, named after the
// country's alpha-2 code.
func decodeIntro(p string, sp split, fm *value, d *decoder) *site.Intro {
	d.checkKeys(fm, "country intro", nil)
	code := strings.TrimSuffix(path.Base(p), ".md")
	c, ok := countries.ByKey(code)
	if !ok || len(code) != 2 {
		hint := "name the file after the country's ISO alpha-2 code, e.g. ua.md"
		if c, found := countries.Lookup(code); found {
			hint = fmt.Sprintf("rename it to %s.md", c.Key())
		}
		d.errAt(1, 1, d.editionHint(hint), "%q is not a country code", code)
		return nil
	}
	return &site.Intro{Path: p, Country: c, Body: sp.Body, BodyLine: sp.BodyLine}
}

var pageKeys = []string{"title", "summary", "slug", "draft"}

// siteAddresses are the first segments of the addresses the site makes
// itself: no page may take one, and no alias (an alias under /briefings/
// is checked against the briefings there instead).
var siteAddresses = map[string]bool{
	"countries": true, "tags": true, "archive": true, "page": true, "search": true,
	"stories": true, "corrections": true, "css": true, "js": true, "img": true, "feed": true, "static": true,
	"index.html": true, "404.html": true, "feed.xml": true, "feed.json": true, "feeds.opml": true,
	"sitemap.xml": true, "robots.txt": true, "_redirects": true,
}

// decodePage makes a standalone page from its front matter.
func decodePage(p string, sp split, fm *value, d *decoder) *site.Page {
	if sp.Format == noFrontMatter {
		d.errAt(1, 1, "start the file with --- title: ... ---", "no front matter")
		return nil
	}
	d.checkKeys(fm, "page front matter", pageKeys)
	pg := &site.Page{Path: p, Body: sp.Body, BodyLine: sp.BodyLine, Slug: slugFromFile(p)}
	slugAt := [2]int{1, 1}
	for _, f := range fm.fields {
		switch f.key {
		case "title":
			pg.Title, _ = d.nonEmptyText("title", f.val, maxTitle)
		case "summary":
			pg.Summary, _ = d.prose("summary", f.val, maxSummary)
		case "slug":
			pg.Slug, _ = d.nonEmptyText("slug", f.val, maxShortText)
			slugAt = [2]int{f.val.line, f.val.col}
		case "draft":
			pg.Draft, _ = d.boolean("draft", f.val)
		}
	}
	if fm.get("title") == nil {
		d.errAt(1, 1, "add a line such as title: About", "missing required field %q", "title")
	}
	switch {
	case !validSlug(pg.Slug):
		d.errAt(slugAt[0], slugAt[1], d.editionHint("use lower-case letters a-z, digits and single hyphens"), "invalid page slug %q", pg.Slug)
	case siteAddresses[pg.Slug] || pg.Slug == "briefings":
		d.errAt(slugAt[0], slugAt[1], "choose another slug", "page slug %q is used by the site itself", pg.Slug)
	}
	return pg
}
