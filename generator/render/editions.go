package render

import (
	"slices"
	"strconv"
	"strings"

	"brief/generator/site"
)

// A site with editions (site.Site.Editions) is rendered as one site per
// language: the site's own at the root, each edition under /<code>/ with
// every page kind of its own, its feeds and its search index. What ties
// them together is decided here, before anything is rendered, from the
// model alone: which pages of one edition have a counterpart in another
// (the same briefing or page by its translation key, the same list page
// by its path), for the switcher, hreflang and the sitemap. Each
// edition's table is part of its siteInput, so every page's key covers
// the counterparts it links to.

// editionsInput is what one edition's render takes from the others.
type editionsInput struct {
	root       string // "" or "/uk"
	refs       []editionRef
	alternates []altRow
	// links are what a link in a translation may name besides the
	// edition's own files: every file of the site's own language, by its
	// path, leading to its translation in this edition where there is
	// one and to the original otherwise. A translator keeps the
	// original's links as they are (2024-01-10-alpha.md) and they lead
	// to the page in the reader's language when it exists.
	links []linkDoc
}

// prefix is the folder of the edition's output files: "uk/".
func (e editionsInput) prefix() string {
	if e.root == "" {
		return ""
	}
	return strings.TrimPrefix(e.root, "/") + "/"
}

// planEditions makes each site's editionsInput; sites[0] is the site in
// its own language, the others its editions. A site of one language gets
// an empty one, and renders as it always did.
func planEditions(sites []*site.Site) []editionsInput {
	out := make([]editionsInput, len(sites))
	if len(sites) < 2 {
		return out
	}
	refs := make([]editionRef, len(sites))
	for i, s := range sites {
		if i > 0 {
			refs[i].Root = "/" + s.Config.Language
		}
		refs[i].Code = s.Config.Language
		refs[i].Name = langOf(s.Config).Name()
	}
	// Every page that could have a counterpart, by what identifies it
	// across languages, with its path in each edition.
	byID := map[string][]string{}
	put := func(i int, id, p string) {
		paths := byID[id]
		if paths == nil {
			paths = make([]string, len(sites))
			byID[id] = paths
		}
		paths[i] = p
	}
	for i, s := range sites {
		for _, p := range []string{"/", "/countries/", "/tags/", "/archive/", "/search/", "/corrections/", "/404.html"} {
			put(i, "list "+p, p)
		}
		if len(s.Stories) > 0 {
			put(i, "list /stories/", "/stories/")
		}
		for _, st := range s.Stories {
			put(i, "list "+st.URL(), st.URL())
		}
		for _, b := range s.Briefings {
			put(i, "briefing "+b.TranslationKey(), b.URL())
			for _, c := range b.Countries {
				p := "/countries/" + c.Key() + "/"
				put(i, "list "+p, p)
			}
			for _, t := range b.Tags {
				p := "/tags/" + t.Key + "/"
				put(i, "list "+p, p)
			}
			y := strconv.Itoa(b.Date.In(s.Config.Location).Year())
			put(i, "list /archive/"+y+"/", "/archive/"+y+"/")
		}
		for _, p := range s.Pages {
			put(i, "page "+p.TranslationKey(), p.URL())
		}
	}
	for i := range sites {
		out[i] = editionsInput{root: refs[i].Root, refs: refs}
	}
	for i, s := range sites[1:] {
		briefings, pages := s.BriefingsByKey(), s.PagesByKey()
		links := make([]linkDoc, 0, len(sites[0].Briefings)+len(sites[0].Pages))
		for _, b := range sites[0].Briefings {
			u := b.URL()
			if t := briefings[b.TranslationKey()]; t != nil {
				u = refs[i+1].Root + t.URL()
			}
			links = append(links, linkDoc{b.Path, u})
		}
		for _, p := range sites[0].Pages {
			u := p.URL()
			if t := pages[p.TranslationKey()]; t != nil {
				u = refs[i+1].Root + t.URL()
			}
			links = append(links, linkDoc{p.Path, u})
		}
		out[i+1].links = links
	}
	for _, paths := range byID {
		n := 0
		for _, p := range paths {
			if p != "" {
				n++
			}
		}
		if n < 2 {
			continue // no counterpart anywhere
		}
		for i, p := range paths {
			if p != "" {
				out[i].alternates = append(out[i].alternates, altRow{Path: p, Paths: paths})
			}
		}
	}
	for i := range out {
		slices.SortFunc(out[i].alternates, func(a, b altRow) int { return strings.Compare(a.Path, b.Path) })
	}
	return out
}

// sitemapAlt is a page's address in one language, for the sitemap's
// xhtml:link rel="alternate".
type sitemapAlt struct {
	Lang string
	Path string // site path from the root: "/uk/briefings/x/"
}

// sitemapAlternates are the addresses of the page at p (a path of this
// edition) in every edition that has it, its own included; none when no
// other edition has it.
func (c *context) sitemapAlternates(p string) []sitemapAlt {
	paths := c.alts[p]
	if paths == nil {
		return nil
	}
	var out []sitemapAlt
	for i, e := range c.editions {
		if paths[i] != "" {
			out = append(out, sitemapAlt{Lang: e.Code, Path: e.Root + paths[i]})
		}
	}
	return out
}
