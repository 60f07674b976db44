package render

import (
	"bytes"
	"encoding/xml"
	"math/rand/v2"
	"strings"
	"testing"
)

// The structs of the sitemap files, as encoding/xml would write them: the
// reference for encodeSitemap.
type urlSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// hostileXML is text that XML must escape or cannot hold at all.
var hostileXML = []string{"", "plain", `<p class="x">a & b's</p>`, "tab\tnl\ncr\r", "nul\x00 bell\x07 esc\x1b del\x7f",
	"bad \xff\xfe utf-8", "surrogate \xed\xa0\x80", "nonchars \ufffe\uffff \U0010FFFF", "real \ufffd", "c1 \u0085\u009f",
	"accents Côte d’Ivoire, Україна 🇺🇦", "]]> <![CDATA[ x ]]>", "&amp; &#34; &lt;"}

// randomXMLText mixes ASCII, control characters, multi-byte characters and
// stray bytes.
func randomXMLText(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(40) {
		switch rng.IntN(6) {
		case 0:
			b.WriteByte(byte(rng.IntN(0x80)))
		case 1:
			b.WriteByte(byte(0x80 + rng.IntN(0x80)))
		case 2:
			b.WriteRune(rune(rng.IntN(0x11000)))
		case 3:
			b.WriteString(hostileXML[rng.IntN(len(hostileXML))])
		default:
			b.WriteString("text ")
		}
	}
	return b.String()
}

func TestXMLTextMatchesEncodingXML(t *testing.T) {
	type elem struct {
		XMLName xml.Name `xml:"x"`
		Attr    string   `xml:"a,attr"`
		Text    string   `xml:",chardata"`
	}
	rng := rand.New(rand.NewPCG(1, 2))
	texts := append([]string{}, hostileXML...)
	for range 5000 {
		texts = append(texts, randomXMLText(rng))
	}
	for _, s := range texts {
		want, err := xml.Marshal(elem{Attr: s, Text: s})
		if err != nil {
			t.Fatal(err)
		}
		esc := string(appendXMLText(nil, s))
		if got := `<x a="` + esc + `">` + esc + `</x>`; got != string(want) {
			t.Fatalf("escaping %q:\n got %s\nwant %s", s, got, want)
		}
	}
}

func TestRSSMatchesEncodingXML(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pick := func() string { return randomXMLText(rng) }
	for round := range 200 {
		doc := rssDoc{Version: "2.0", AtomNS: "http://www.w3.org/2005/Atom", ContentNS: "http://purl.org/rss/1.0/modules/content/",
			Channel: rssChannel{Title: pick(), Link: pick(), Description: pick(), Language: pick(), Generator: "brief",
				Self: atomLink{Href: pick(), Rel: "self", Type: rssType}}}
		if round%3 != 0 {
			doc.Channel.LastBuildDate = pick()
		}
		for i := range round % 5 {
			it := rssItem{Title: pick(), Link: pick(), GUID: rssGUID{IsPermaLink: i%2 == 0, Value: pick()}, PubDate: pick(),
				Description: pick(), Content: pick()}
			for range (round + i) % 4 {
				it.Categories = append(it.Categories, pick())
			}
			doc.Channel.Items = append(doc.Channel.Items, it)
		}
		if got, want := encodeRSS(&doc), marshalXML(doc); !bytes.Equal(got, want) {
			t.Fatalf("RSS differs from encoding/xml's:\n got %s\nwant %s", got, want)
		}
	}
}

func TestSitemapMatchesEncodingXML(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := range 6 {
		var urls []sitemapURL
		for i := range n {
			u := sitemapURL{Loc: randomXMLText(rng)}
			if i%2 == 0 {
				u.LastMod = randomXMLText(rng)
			}
			urls = append(urls, u)
		}
		if got, want := encodeSitemap(urls, false), marshalXML(urlSet{NS: sitemapNS, URLs: urls}); !bytes.Equal(got, want) {
			t.Fatalf("urlset of %d differs from encoding/xml's:\n got %s\nwant %s", n, got, want)
		}
		if got, want := encodeSitemap(urls, true), marshalXML(sitemapIndex{NS: sitemapNS, Sitemaps: urls}); !bytes.Equal(got, want) {
			t.Fatalf("sitemap index of %d differs from encoding/xml's:\n got %s\nwant %s", n, got, want)
		}
	}
}
