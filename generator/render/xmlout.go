package render

import (
	"encoding/xml"
	"unicode/utf8"
)

// The RSS feeds and sitemaps are written by hand, in the very bytes that
// marshalXML (xml.MarshalIndent) gives for the structs that define them;
// the tests hold the two together on hostile text. encoding/xml walks the
// structs by reflection and decodes every character of a feed's HTML one
// by one: a few percent of a build, and the sitemap of a large site was
// encoded alone at its very end.

// xmlEscapes holds what encoding/xml writes for the ASCII characters it
// escapes; other control characters become U+FFFD.
var xmlEscapes = [utf8.RuneSelf]string{'"': "&#34;", '\'': "&#39;", '&': "&amp;", '<': "&lt;", '>': "&gt;",
	'\t': "&#x9;", '\n': "&#xA;", '\r': "&#xD;"}

// appendXMLText appends s escaped as encoding/xml escapes text and
// attribute values.
func appendXMLText(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		width := 1
		if c < utf8.RuneSelf {
			esc = xmlEscapes[c]
			if esc == "" {
				if c >= 0x20 {
					i++
					continue
				}
				esc = "\uFFFD"
			}
		} else {
			var r rune
			r, width = utf8.DecodeRuneInString(s[i:])
			if !(r == utf8.RuneError && width == 1) && inXMLRange(r) {
				i += width
				continue
			}
			esc = "\uFFFD"
		}
		dst = append(dst, s[last:i]...)
		dst = append(dst, esc...)
		i += width
		last = i
	}
	return append(dst, s[last:]...)
}

// inXMLRange tells whether XML 1.0 allows r in a document.
func inXMLRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// appendXMLElement appends one element holding text, on a line of its own.
func appendXMLElement(dst []byte, indent, name, text string) []byte {
	dst = append(dst, indent...)
	dst = append(dst, '<')
	dst = append(dst, name...)
	dst = append(dst, '>')
	dst = appendXMLText(dst, text)
	dst = append(dst, "</"...)
	dst = append(dst, name...)
	return append(dst, ">\n"...)
}

// encodeRSS writes doc as marshalXML would.
func encodeRSS(doc *rssDoc) []byte {
	c := &doc.Channel
	size := 1024
	for i := range c.Items {
		size += 512 + len(c.Items[i].Description) + len(c.Items[i].Content)*11/10
	}
	out := make([]byte, 0, size)
	out = append(out, xml.Header...)
	out = append(out, `<rss version="`...)
	out = appendXMLText(out, doc.Version)
	out = append(out, `" xmlns:atom="`...)
	out = appendXMLText(out, doc.AtomNS)
	out = append(out, `" xmlns:content="`...)
	out = appendXMLText(out, doc.ContentNS)
	out = append(out, "\">\n  <channel>\n"...)
	out = appendXMLElement(out, "    ", "title", c.Title)
	out = appendXMLElement(out, "    ", "link", c.Link)
	out = appendXMLElement(out, "    ", "description", c.Description)
	out = appendXMLElement(out, "    ", "language", c.Language)
	if c.LastBuildDate != "" {
		out = appendXMLElement(out, "    ", "lastBuildDate", c.LastBuildDate)
	}
	out = appendXMLElement(out, "    ", "generator", c.Generator)
	out = append(out, `    <atom:link href="`...)
	out = appendXMLText(out, c.Self.Href)
	out = append(out, `" rel="`...)
	out = appendXMLText(out, c.Self.Rel)
	out = append(out, `" type="`...)
	out = appendXMLText(out, c.Self.Type)
	out = append(out, "\"></atom:link>\n"...)
	for i := range c.Items {
		it := &c.Items[i]
		out = append(out, "    <item>\n"...)
		out = appendXMLElement(out, "      ", "title", it.Title)
		out = appendXMLElement(out, "      ", "link", it.Link)
		out = append(out, `      <guid isPermaLink="`...)
		if it.GUID.IsPermaLink {
			out = append(out, "true"...)
		} else {
			out = append(out, "false"...)
		}
		out = append(out, `">`...)
		out = appendXMLText(out, it.GUID.Value)
		out = append(out, "</guid>\n"...)
		out = appendXMLElement(out, "      ", "pubDate", it.PubDate)
		out = appendXMLElement(out, "      ", "description", it.Description)
		out = appendXMLElement(out, "      ", "content:encoded", it.Content)
		for _, cat := range it.Categories {
			out = appendXMLElement(out, "      ", "category", cat)
		}
		out = append(out, "    </item>\n"...)
	}
	return append(out, "  </channel>\n</rss>\n"...)
}

// encodeSitemap writes a urlset (parts false) or a sitemap index (parts
// true) listing urls, as marshalXML would.
func encodeSitemap(urls []sitemapURL, parts bool) []byte {
	outer, inner := "urlset", "url"
	if parts {
		outer, inner = "sitemapindex", "sitemap"
	}
	out := make([]byte, 0, 128+len(urls)*120)
	out = append(out, xml.Header...)
	out = append(out, '<')
	out = append(out, outer...)
	out = append(out, ` xmlns="`...)
	out = appendXMLText(out, sitemapNS)
	out = append(out, "\">"...)
	if len(urls) > 0 {
		out = append(out, '\n')
	}
	for _, u := range urls {
		out = append(out, "  <"...)
		out = append(out, inner...)
		out = append(out, ">\n"...)
		out = appendXMLElement(out, "    ", "loc", u.Loc)
		if u.LastMod != "" {
			out = appendXMLElement(out, "    ", "lastmod", u.LastMod)
		}
		out = append(out, "  </"...)
		out = append(out, inner...)
		out = append(out, ">\n"...)
	}
	out = append(out, "</"...)
	out = append(out, outer...)
	return append(out, ">\n"...)
}
