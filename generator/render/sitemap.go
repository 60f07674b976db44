package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"brief/generator/internal/digest"
)

// maxSitemapURLs is the sitemaps.org limit of URLs per file.
const maxSitemapURLs = 50000

type sitemapEntry struct {
	Path    string // site path, e.g. /briefings/x/, /uk/briefings/x/
	LastMod time.Time
	// Alternates are the page in every language the site has it in,
	// itself included; none on a site of one language.
	Alternates []sitemapAlt
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// urlSet is a sitemap; sitemapIndex lists the parts of a large one.
type urlSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr,omitempty"`
	URLs    []sitemapURL `xml:"url"`
}

// xhtmlNS is the namespace of the links by which a sitemap names a page's
// translations (Google's hreflang in sitemaps).
const xhtmlNS = "http://www.w3.org/1999/xhtml"

// xhtmlLink is one <xhtml:link rel="alternate" hreflang href>.
type xhtmlLink struct {
	XMLName  xml.Name `xml:"xhtml:link"`
	Rel      string   `xml:"rel,attr"`
	Hreflang string   `xml:"hreflang,attr"`
	Href     string   `xml:"href,attr"`
}

type sitemapIndex struct {
	XMLName xml.Name     `xml:"sitemapindex"`
	NS      string       `xml:"xmlns,attr"`
	Parts   []sitemapURL `xml:"sitemap"`
}

// sitemapURL is one <url> of a sitemap, or one <sitemap> of an index.
type sitemapURL struct {
	Loc     string      `xml:"loc"`
	LastMod string      `xml:"lastmod,omitempty"`
	Links   []xhtmlLink `xml:",omitempty"`
}

// sitemapInput is all the sitemap files show: every page with its last
// change, and how many a file may hold.
type sitemapInput struct {
	Entries sitemapSet
	Limit   int
	Part    int // 0 for sitemap.xml, n for sitemap-n.xml
}

// sitemapSet is a set of pages, in parts as groups of files (see
// emitGroup) found them: files list them sorted by path, whatever order
// the render found them in. Its fingerprint does not depend on the order
// either, so that a render whose pages are all known need not gather and
// sort them to find its sitemap unchanged: at 100,000 briefings the sort
// alone took longer than the rest of a rebuild after an edit.
type sitemapSet struct {
	parts []sitemapPart
	// sorted gathers and sorts the entries once for all the files made
	// from the set, and only when one of them is made.
	sorted func() []sitemapEntry
}

func newSitemapSet(parts []sitemapPart) sitemapSet {
	s := sitemapSet{parts: parts}
	s.sorted = sync.OnceValue(func() []sitemapEntry {
		out := make([]sitemapEntry, 0, s.len())
		for _, part := range parts {
			out = append(out, part.entries...)
		}
		slices.SortFunc(out, func(a, b sitemapEntry) int { return strings.Compare(a.Path, b.Path) })
		return out
	})
	return s
}

// sitemapPart is a group's sitemap entries with the sum of their
// fingerprints, made once with the part: a rebuild takes most parts over
// from groups made earlier, and fingerprinting every page of the site
// again was a good part of a rebuild after an edit.
type sitemapPart struct {
	entries []sitemapEntry
	sum     uint64
}

func partOf(entries []sitemapEntry) sitemapPart {
	var sum uint64
	for i := range entries {
		sum += uint64(digest.Ref(digest.New(), &entries[i]))
	}
	return sitemapPart{entries: entries, sum: sum}
}

func (s sitemapSet) Digest() uint64 {
	var sum uint64
	for _, part := range s.parts {
		sum += part.sum
	}
	return uint64(digest.New().U64(uint64(s.len())).U64(sum))
}

func (s sitemapSet) len() int {
	n := 0
	for _, part := range s.parts {
		n += len(part.entries)
	}
	return n
}

// renderSitemap writes sitemap.xml with every page and its last change, or a
// sitemap index with numbered parts above the limit, and robots.txt. Every
// file is made from the whole set: which pages a part holds depends on all
// of them.
func (r *renderer) renderSitemap() {
	entries := newSitemapSet(append([]sitemapPart{partOf(r.sitemap)}, r.sitemapParts...))
	limit := r.opts.SitemapLimit
	if limit <= 0 {
		limit = maxSitemapURLs
	}
	e := r.out()
	emitBuffered(e, "sitemap.xml", sitemapInput{Entries: entries, Limit: limit}, otherFile, sitemapFile)
	if n := entries.len(); n > limit {
		for part := 1; (part-1)*limit < n; part++ {
			emitBuffered(e, fmt.Sprintf("sitemap-%d.xml", part), sitemapInput{Entries: entries, Limit: limit, Part: part}, otherFile, sitemapFile)
		}
	}
	emitFile(e, "robots.txt", struct{}{}, otherFile, robots)
}

// sitemapFile is a sitemap: the index of the parts when the entries are
// more than one file may hold, or part in.Part of them.
func sitemapFile(c *context, in sitemapInput, buf *bytes.Buffer) ([]byte, error) {
	entries := in.Entries.sorted()
	if in.Part == 0 && len(entries) > in.Limit {
		var latest time.Time
		for _, e := range entries {
			if e.LastMod.After(latest) {
				latest = e.LastMod
			}
		}
		idx := sitemapIndex{NS: sitemapNS}
		for part := 1; (part-1)*in.Limit < len(entries); part++ {
			idx.Parts = append(idx.Parts, sitemapURL{Loc: c.abs(fmt.Sprintf("/sitemap-%d.xml", part)), LastMod: latest.In(c.cfg.Location).Format(time.RFC3339)})
		}
		return marshalXML(idx, buf)
	}
	if in.Part > 0 {
		entries = entries[(in.Part-1)*in.Limit : min(in.Part*in.Limit, len(entries))]
	}
	set := urlSet{NS: sitemapNS, URLs: make([]sitemapURL, len(entries))}
	for i, e := range entries {
		set.URLs[i] = sitemapURL{Loc: c.abs(e.Path)}
		if !e.LastMod.IsZero() {
			set.URLs[i].LastMod = e.LastMod.In(c.cfg.Location).Format(time.RFC3339)
		}
		for _, a := range e.Alternates {
			set.XHTML = xhtmlNS
			set.URLs[i].Links = append(set.URLs[i].Links, xhtmlLink{Rel: "alternate", Hreflang: a.Lang, Href: c.abs(a.Path)})
		}
		if len(e.Alternates) > 0 {
			// As the pages' heads say: the first language, in the site's
			// order, that has the page.
			set.URLs[i].Links = append(set.URLs[i].Links, xhtmlLink{Rel: "alternate", Hreflang: "x-default", Href: c.abs(e.Alternates[0].Path)})
		}
	}
	return marshalXML(set, buf)
}

func robots(c *context, _ struct{}) ([]byte, error) {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + c.abs("/sitemap.xml") + "\n"), nil
}
