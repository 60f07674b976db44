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
	Loc     string
	LastMod time.Time
}

type urlSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// renderSitemap writes sitemap.xml with every page and its last change, or a
// sitemap index with numbered parts above 50,000 URLs, and robots.txt.
func (r *renderer) renderSitemap() {
	entries := r.sitemap
	sort.Slice(entries, func(i, j int) bool { return entries[i].Loc < entries[j].Loc })
	urls := make([]sitemapURL, len(entries))
	var latest time.Time
	for i, e := range entries {
		urls[i] = sitemapURL{Loc: e.Loc}
		if !e.LastMod.IsZero() {
			urls[i].LastMod = e.LastMod.In(r.cfg.Location).Format(time.RFC3339)
			if e.LastMod.After(latest) {
				latest = e.LastMod
			}
		}
	}
	limit := r.opts.SitemapLimit
	if limit <= 0 {
		limit = maxSitemapURLs
	}
	k := newKey()
	for _, u := range urls {
		k = k.str(u.Loc).str(u.LastMod)
	}
	if len(urls) <= limit {
		r.emit("sitemap.xml", k, &r.other, func() ([]byte, error) {
			return marshalXML(urlSet{NS: sitemapNS, URLs: urls}), nil
		})
	} else {
		index := sitemapIndex{NS: sitemapNS}
		for part := 0; part*limit < len(urls); part++ {
			name := fmt.Sprintf("sitemap-%d.xml", part+1)
			chunk := urls[part*limit : min((part+1)*limit, len(urls))]
			r.write(name, marshalXML(urlSet{NS: sitemapNS, URLs: chunk}), &r.other)
			index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: r.abs("/" + name), LastMod: latest.In(r.cfg.Location).Format(time.RFC3339)})
		}
		r.write("sitemap.xml", marshalXML(index), &r.other)
	}
	r.emit("robots.txt", newKey(), &r.other, func() ([]byte, error) {
		return []byte("User-agent: *\nAllow: /\n\nSitemap: " + r.abs("/sitemap.xml") + "\n"), nil
	})
}
