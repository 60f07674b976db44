package render

import (
	"encoding/xml"
	"fmt"
	"sort"
	"time"
)

// maxSitemapURLs is the sitemaps.org limit of URLs per file.
const maxSitemapURLs = 50000

type sitemapEntry struct {
	Path    string // site path, e.g. /briefings/x/
	LastMod time.Time
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// urlSet is a sitemap; sitemapIndex lists the parts of a large one.
type urlSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapIndex struct {
	XMLName xml.Name     `xml:"sitemapindex"`
	NS      string       `xml:"xmlns,attr"`
	Parts   []sitemapURL `xml:"sitemap"`
}

// sitemapURL is one <url> of a sitemap, or one <sitemap> of an index.
type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapInput is all the sitemap files show: every page with its last
// change, sorted by path, and how many a file may hold.
type sitemapInput struct {
	Entries []sitemapEntry
	Limit   int
	Part    int // 0 for sitemap.xml, n for sitemap-n.xml
}

// renderSitemap writes sitemap.xml with every page and its last change, or a
// sitemap index with numbered parts above the limit, and robots.txt.
func (r *renderer) renderSitemap() {
	entries := r.sitemap
	sort.Slice(entries, func(i, j int) bool { return entries[i].Path < entries[j].Path })
	limit := r.opts.SitemapLimit
	if limit <= 0 {
		limit = maxSitemapURLs
	}
	emitFile(r, "sitemap.xml", sitemapInput{Entries: entries, Limit: limit}, &r.other, sitemapFile)
	if len(entries) > limit {
		for part := 1; (part-1)*limit < len(entries); part++ {
			chunk := entries[(part-1)*limit : min(part*limit, len(entries))]
			emitFile(r, fmt.Sprintf("sitemap-%d.xml", part), sitemapInput{Entries: chunk, Limit: limit, Part: part}, &r.other, sitemapFile)
		}
	}
	emitFile(r, "robots.txt", struct{}{}, &r.other, robots)
}

// sitemapFile is a sitemap, or the index of the parts when the entries are
// more than one file may hold.
func sitemapFile(c *context, in sitemapInput) ([]byte, error) {
	if in.Part == 0 && len(in.Entries) > in.Limit {
		var latest time.Time
		for _, e := range in.Entries {
			if e.LastMod.After(latest) {
				latest = e.LastMod
			}
		}
		idx := sitemapIndex{NS: sitemapNS}
		for part := 1; (part-1)*in.Limit < len(in.Entries); part++ {
			idx.Parts = append(idx.Parts, sitemapURL{Loc: c.abs(fmt.Sprintf("/sitemap-%d.xml", part)), LastMod: latest.In(c.cfg.Location).Format(time.RFC3339)})
		}
		return marshalXML(idx)
	}
	set := urlSet{NS: sitemapNS, URLs: make([]sitemapURL, len(in.Entries))}
	for i, e := range in.Entries {
		set.URLs[i] = sitemapURL{Loc: c.abs(e.Path)}
		if !e.LastMod.IsZero() {
			set.URLs[i].LastMod = e.LastMod.In(c.cfg.Location).Format(time.RFC3339)
		}
	}
	return marshalXML(set)
}

func robots(c *context, _ struct{}) ([]byte, error) {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + c.abs("/sitemap.xml") + "\n"), nil
}
