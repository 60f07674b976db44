package render

import (
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

// sitemapURL is one <url> of a sitemap, or one <sitemap> of an index.
type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// renderSitemap writes sitemap.xml with every page and its last change, or a
// sitemap index with numbered parts above 50,000 URLs, and robots.txt.
func (r *renderer) renderSitemap() {
	r.sitemap = append(r.sitemap, r.briefingEntries...)
	// The key must not depend on the order in which parallel workers
	// recorded the pages, and sorting thousands of entries on every rebuild
	// of the dev server is wasted when nothing changed: summing the
	// entries' digests gives an order-free key.
	var sum uint64
	for _, e := range r.sitemap {
		sum += uint64(newKey().str(e.Path).u64(uint64(e.LastMod.UnixNano())))
	}
	limit := r.opts.SitemapLimit
	if limit <= 0 {
		limit = maxSitemapURLs
	}
	k := newKey().u64(sum).int(len(r.sitemap)).int(limit)
	urls := func() []sitemapURL {
		entries := r.sitemap
		sort.Slice(entries, func(i, j int) bool { return entries[i].Path < entries[j].Path })
		urls := make([]sitemapURL, len(entries))
		for i, e := range entries {
			urls[i] = sitemapURL{Loc: r.abs(e.Path)}
			if !e.LastMod.IsZero() {
				urls[i].LastMod = e.LastMod.In(r.cfg.Location).Format(time.RFC3339)
			}
		}
		return urls
	}
	if len(r.sitemap) <= limit {
		r.emit("sitemap.xml", k, &r.other, func() ([]byte, error) {
			return encodeSitemap(urls(), false), nil
		})
	} else {
		all := urls()
		var latest time.Time
		for _, e := range r.sitemap {
			if e.LastMod.After(latest) {
				latest = e.LastMod
			}
		}
		var parts []sitemapURL
		for part := 0; part*limit < len(all); part++ {
			name := fmt.Sprintf("sitemap-%d.xml", part+1)
			chunk := all[part*limit : min((part+1)*limit, len(all))]
			r.write(name, encodeSitemap(chunk, false), &r.other)
			parts = append(parts, sitemapURL{Loc: r.abs("/" + name), LastMod: latest.In(r.cfg.Location).Format(time.RFC3339)})
		}
		r.write("sitemap.xml", encodeSitemap(parts, true), &r.other)
	}
	r.emit("robots.txt", newKey(), &r.other, func() ([]byte, error) {
		return []byte("User-agent: *\nAllow: /\n\nSitemap: " + r.abs("/sitemap.xml") + "\n"), nil
	})
}
