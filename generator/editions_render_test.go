package generator

import (
	"encoding/xml"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"brief/internal/sitetest"

	"golang.org/x/net/html"
)

// editionsFixture is a site in English with a Ukrainian and an Arabic
// edition, in the format of the issue that asked for editions: alpha is
// translated into both, beta and delta into Ukrainian, five briefings
// exist in Ukrainian only, and the about page and Ukraine's intro are
// translated.
func editionsFixture(t *testing.T) string {
	files := map[string]string{
		"content/briefings/2024-01-10-alpha.md":    briefingFile("Alpha talks", "2024-01-10T10:00", []string{"Italy", "Ukraine"}, "tags: [G7]\n"),
		"content/briefings/2024-01-10-alpha.uk.md": "---\ntitle: Переговори Альфа\nsummary: Київ і Рим почали консультації.\n---\nТекст брифінгу.\n",
		"content/briefings/2024-01-10-alpha.ar.md": "---\ntitle: محادثات ألفا\nsummary: بدأت كييف وروما المشاورات.\n---\nنص الموجز.\n",
		"content/briefings/2024-02-01-beta.md":     briefingFile("Beta", "2024-02-01T10:00", []string{"Italy"}, ""),
		"content/briefings/2024-02-01-beta.uk.md":  "---\ntitle: Бета\n---\nТекст.\n",
		"content/briefings/2024-02-05-delta.md":    briefingFile("Delta", "2024-02-05T10:00", []string{"Egypt", "Ethiopia"}, ""),
		"content/briefings/2024-02-05-delta.uk.md": "---\ntitle: Дельта\n---\nТекст.\n",
		"content/briefings/2024-02-07-omega.md":    briefingFile("Omega", "2024-02-07T10:00", []string{"Italy"}, ""),
		"content/pages/about.md":                   "---\ntitle: About\n---\nAbout us.\n",
		"content/pages/about.uk.md":                "---\ntitle: Про нас\n---\nХто ми.\n",
		"content/countries/ua.md":                  "Ukraine's intro.\n",
		"content/countries/ua.uk.md":               "Вступ про Україну.\n",
	}
	for i := 1; i <= 5; i++ {
		files[fmt.Sprintf("content/briefings/2024-03-0%d-gamma-%d.uk.md", i, i)] = briefingFile(fmt.Sprintf("Гамма %d", i), fmt.Sprintf("2024-03-0%dT10:00", i), []string{"Польща"}, "")
	}
	cfg := testConfig + "language: en\nlanguages:\n  uk:\n    title: Брифінги про гарантії безпеки\n    description: Короткі брифінги з джерелами.\n  ar: {}\n"
	dir := sitetest.WriteSite(t, fixture(cfg, files))
	mustBuild(t, BuildOptions{Src: dir})
	return filepath.Join(dir, "public")
}

// hreflangs maps each hreflang of a page's <link rel=alternate> to its
// address.
func hreflangs(doc *html.Node) map[string]string {
	out := map[string]string{}
	for _, l := range sitetest.FindAll(doc, sitetest.TagAttr("link", "rel", "alternate")) {
		if lang := sitetest.Attr(l, "hreflang"); lang != "" {
			out[lang] = sitetest.Attr(l, "href")
		}
	}
	return out
}

// switcher maps each language of the page's language switcher to where
// it leads.
func switcher(t *testing.T, doc *html.Node) map[string]string {
	t.Helper()
	nav := sitetest.Find(doc, func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.Data == "nav" && slices.Contains(strings.Fields(sitetest.Attr(n, "class")), "languages")
	})
	if nav == nil {
		t.Fatal("no language switcher")
	}
	out := map[string]string{}
	for _, a := range sitetest.FindAll(nav, sitetest.Tag("a")) {
		out[sitetest.Attr(a, "hreflang")] = sitetest.Attr(a, "href")
	}
	return out
}

func texts(ns []*html.Node) []string {
	var out []string
	for _, n := range ns {
		out = append(out, strings.Join(strings.Fields(sitetest.Text(n)), " "))
	}
	return out
}

func TestEditionsEveryPageKindUnderItsCode(t *testing.T) {
	out := editionsFixture(t)
	for _, name := range []string{
		"uk/index.html", "uk/briefings/alpha/index.html", "uk/briefings/gamma-1/index.html", "uk/countries/index.html",
		"uk/countries/it/index.html", "uk/countries/it/feed.xml", "uk/tags/index.html", "uk/tags/g7/index.html",
		"uk/archive/index.html", "uk/archive/2024/index.html", "uk/search/index.html", "uk/about/index.html",
		"uk/404.html", "uk/feed.xml", "uk/feed.json", "ar/briefings/alpha/index.html",
	} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// What is written in one language only stays in its edition.
	for _, name := range []string{"briefings/gamma-1/index.html", "uk/briefings/omega/index.html", "ar/briefings/beta/index.html"} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("%s exists", name)
		}
	}
	// One sitemap and one robots.txt for the whole site.
	for _, name := range []string{"uk/sitemap.xml", "uk/robots.txt"} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("%s exists: the site has one", name)
		}
	}
}

func TestEditionPagesInTheirLanguage(t *testing.T) {
	out := editionsFixture(t)
	doc := sitetest.ReadHTML(t, filepath.Join(out, "uk/briefings/alpha/index.html"))
	root := sitetest.Find(doc, sitetest.Tag("html"))
	if sitetest.Attr(root, "lang") != "uk" || sitetest.Attr(root, "dir") != "ltr" {
		t.Errorf(`<html lang=%q dir=%q>, want uk, ltr`, sitetest.Attr(root, "lang"), sitetest.Attr(root, "dir"))
	}
	// The translation takes its countries, sources and tags from its
	// original, and shows them in Ukrainian.
	countries := sitetest.Find(doc, sitetest.TagAttr("ul", "class", "countries"))
	if got := texts(sitetest.FindAll(countries, sitetest.Tag("a"))); !slices.Equal(got, []string{"🇮🇹 Італія", "🇺🇦 Україна"}) {
		t.Errorf("countries %q, want Італія and Україна", got)
	}
	if a := sitetest.Find(countries, sitetest.Tag("a")); sitetest.Attr(a, "href") != "/uk/countries/it/" {
		t.Errorf("country link %q, want /uk/countries/it/", sitetest.Attr(a, "href"))
	}
	if h := sitetest.Find(doc, sitetest.TagAttr("h2", "id", "sources-h")); h == nil || sitetest.Text(h) != "Джерела" {
		t.Errorf("no sources headed Джерела: %v", h)
	}
	if tm := sitetest.Find(doc, sitetest.Tag("time")); sitetest.Text(tm) != "10 січня 2024" {
		t.Errorf("date %q, want 10 січня 2024", sitetest.Text(tm))
	}
	if a := sitetest.Find(doc, sitetest.TagAttr("a", "rel", "tag")); a == nil || sitetest.Attr(a, "href") != "/uk/tags/g7/" {
		t.Error("the tag G7 does not lead to /uk/tags/g7/")
	}
	// Assets are shared by all editions.
	if l := sitetest.Find(doc, sitetest.TagAttr("link", "rel", "stylesheet")); sitetest.Attr(l, "href") != "/css/site.css" {
		t.Errorf("stylesheet %q, want /css/site.css", sitetest.Attr(l, "href"))
	}

	// A country's own page is headed and titled in the edition's
	// language, and so is its feed's link.
	doc = sitetest.ReadHTML(t, filepath.Join(out, "uk/countries/it/index.html"))
	if h1 := sitetest.Find(doc, sitetest.Tag("h1")); !strings.HasSuffix(sitetest.Text(h1), "Італія") {
		t.Errorf("/uk/countries/it/ is headed %q, want Італія", sitetest.Text(h1))
	}
	if title := sitetest.Text(sitetest.Find(doc, sitetest.Tag("title"))); !strings.HasPrefix(title, "Італія ·") {
		t.Errorf("/uk/countries/it/ is titled %q, want Італія first", title)
	}
	for _, l := range sitetest.FindAll(doc, sitetest.TagAttr("link", "type", "application/rss+xml")) {
		if strings.Contains(sitetest.Attr(l, "title"), "Italy") {
			t.Errorf("/uk/countries/it/ names a feed %q", sitetest.Attr(l, "title"))
		}
	}

	// Counts follow Ukrainian's plural forms, and countries its
	// alphabet: Ефіопія before Єгипет, though Є comes first in Unicode.
	doc = sitetest.ReadHTML(t, filepath.Join(out, "uk/countries/index.html"))
	var rows []string
	for _, li := range sitetest.FindAll(sitetest.Find(doc, sitetest.Tag("main")), sitetest.Tag("li")) {
		rows = append(rows, strings.Join(strings.Fields(sitetest.Text(li)), " "))
	}
	for _, want := range []string{"🇺🇦 Україна 1 брифінг", "🇮🇹 Італія 2 брифінги", "🇵🇱 Польща 5 брифінгів"} {
		if !slices.Contains(rows, want) {
			t.Errorf("countries page lacks %q: %q", want, rows)
		}
	}
	if i, j := slices.Index(rows, "🇪🇹 Ефіопія 1 брифінг"), slices.Index(rows, "🇪🇬 Єгипет 1 брифінг"); i < 0 || j < 0 || i > j {
		t.Errorf("Ефіопія at %d, Єгипет at %d in %q: want the Ukrainian alphabet's order", i, j, rows)
	}
	if h := texts(sitetest.FindAll(doc, sitetest.Tag("h2"))); !slices.Contains(h, "Європа") {
		t.Errorf("regions %q: no Європа", h)
	}

	// The Ukrainian intro of a country, the translated page.
	doc = sitetest.ReadHTML(t, filepath.Join(out, "uk/countries/ua/index.html"))
	if intro := sitetest.Find(doc, sitetest.TagAttr("div", "class", "intro")); intro == nil || !strings.Contains(sitetest.Text(intro), "Вступ про Україну") {
		t.Error("/uk/countries/ua/ lacks the Ukrainian intro")
	}
	doc = sitetest.ReadHTML(t, filepath.Join(out, "uk/about/index.html"))
	if h := sitetest.Find(doc, sitetest.Tag("h1")); sitetest.Text(h) != "Про нас" {
		t.Errorf("/uk/about/ h1 %q", sitetest.Text(h))
	}

	// Arabic is written right to left.
	doc = sitetest.ReadHTML(t, filepath.Join(out, "ar/briefings/alpha/index.html"))
	root = sitetest.Find(doc, sitetest.Tag("html"))
	if sitetest.Attr(root, "lang") != "ar" || sitetest.Attr(root, "dir") != "rtl" {
		t.Errorf(`Arabic page: <html lang=%q dir=%q>, want ar, rtl`, sitetest.Attr(root, "lang"), sitetest.Attr(root, "dir"))
	}
}

// TestEveryPageNamesItsLanguages reads every page of a site with editions:
// each names itself among its hreflang alternates, in its own language,
// and gives an x-default, and every alternate is a page the build wrote.
func TestEveryPageNamesItsLanguages(t *testing.T) {
	out := editionsFixture(t)
	const base = "https://portal.example.org"
	pages := 0
	xDefaults := map[string]string{} // by address, the x-default a page of its set named
	err := filepath.WalkDir(out, func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(file, ".html") {
			return err
		}
		pages++
		rel := filepath.ToSlash(strings.TrimPrefix(file, out))
		doc := sitetest.ReadHTML(t, file)
		lang := sitetest.Attr(sitetest.Find(doc, sitetest.Tag("html")), "lang")
		alts := hreflangs(doc)
		self := base + strings.TrimSuffix(rel, "index.html")
		if alts[lang] != self {
			t.Errorf("%s (lang %s): hreflang %s is %q, want the page itself, %s", rel, lang, lang, alts[lang], self)
		}
		if alts["x-default"] == "" {
			t.Errorf("%s: no x-default among %v", rel, alts)
		}
		// The pages of one set agree on their x-default.
		if other, seen := xDefaults[self]; seen && other != alts["x-default"] {
			t.Errorf("%s: x-default %s, where a page of its set says %s", rel, alts["x-default"], other)
		}
		for l, u := range alts {
			if l != "x-default" {
				xDefaults[u] = alts["x-default"]
			}
		}
		for l, u := range alts {
			p := strings.TrimPrefix(u, base)
			if strings.HasSuffix(p, "/") {
				p += "index.html"
			}
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(p))); err != nil {
				t.Errorf("%s: hreflang %s leads to %s, which was not written", rel, l, u)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 40 {
		t.Fatalf("read %d pages; the fixture should have more", pages)
	}
}

func TestEditionsSwitcherAndHreflang(t *testing.T) {
	out := editionsFixture(t)
	const base = "https://portal.example.org"
	doc := sitetest.ReadHTML(t, filepath.Join(out, "briefings/alpha/index.html"))
	want := map[string]string{"en": base + "/briefings/alpha/", "uk": base + "/uk/briefings/alpha/", "ar": base + "/ar/briefings/alpha/", "x-default": base + "/briefings/alpha/"}
	if got := hreflangs(doc); !mapsEqual(got, want) {
		t.Errorf("hreflang of alpha: %v, want %v", got, want)
	}
	if got := switcher(t, doc); !mapsEqual(got, map[string]string{"en": "/briefings/alpha/", "uk": "/uk/briefings/alpha/", "ar": "/ar/briefings/alpha/"}) {
		t.Errorf("switcher of alpha: %v", got)
	}
	// The Ukrainian page names the same set.
	doc = sitetest.ReadHTML(t, filepath.Join(out, "uk/briefings/alpha/index.html"))
	if got := hreflangs(doc); !mapsEqual(got, want) {
		t.Errorf("hreflang of /uk/ alpha: %v, want %v", got, want)
	}
	// beta has no Arabic translation: the switcher leads to the Arabic
	// home, and hreflang names only the languages that have it.
	doc = sitetest.ReadHTML(t, filepath.Join(out, "briefings/beta/index.html"))
	if got := switcher(t, doc); got["ar"] != "/ar/" || got["uk"] != "/uk/briefings/beta/" {
		t.Errorf("switcher of beta: %v", got)
	}
	// Only a link to the same page in another language says it is one.
	for _, a := range sitetest.FindAll(doc, sitetest.Tag("a")) {
		lang, rel := sitetest.Attr(a, "hreflang"), sitetest.Attr(a, "rel")
		if lang == "ar" && rel == "alternate" || lang == "uk" && rel != "alternate" {
			t.Errorf("switcher of beta: the link to %s has rel=%q", sitetest.Attr(a, "href"), rel)
		}
	}
	if got := hreflangs(doc); got["ar"] != "" || got["uk"] != base+"/uk/briefings/beta/" {
		t.Errorf("hreflang of beta: %v", got)
	}
	// A briefing of one edition only names itself, and is its own
	// x-default: every page of a site with editions says its language.
	doc = sitetest.ReadHTML(t, filepath.Join(out, "uk/briefings/gamma-1/index.html"))
	self := base + "/uk/briefings/gamma-1/"
	if got := hreflangs(doc); !mapsEqual(got, map[string]string{"uk": self, "x-default": self}) {
		t.Errorf("hreflang of an edition's own briefing: %v, want itself as uk and x-default", got)
	}
	if got := switcher(t, doc); got["en"] != "/" {
		t.Errorf("switcher of gamma-1: %v", got)
	}
	// List pages have their counterparts by address.
	doc = sitetest.ReadHTML(t, filepath.Join(out, "uk/countries/it/index.html"))
	if got := hreflangs(doc); got["en"] != base+"/countries/it/" || got["uk"] != base+"/uk/countries/it/" {
		t.Errorf("hreflang of /uk/countries/it/: %v", got)
	}

	// The sitemap lists the editions' pages with their alternates.
	data, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var sm struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Rel      string `xml:"rel,attr"`
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(data, &sm); err != nil {
		t.Fatal(err)
	}
	alts := map[string]map[string]string{}
	for _, u := range sm.URLs {
		alts[u.Loc] = map[string]string{}
		for _, l := range u.Links {
			if l.Rel == "alternate" {
				alts[u.Loc][l.Hreflang] = l.Href
			}
		}
	}
	// The sitemap names the same x-default as the pages' heads.
	for _, loc := range []string{base + "/briefings/alpha/", base + "/uk/briefings/alpha/", base + "/ar/briefings/alpha/"} {
		if got, ok := alts[loc]; !ok || !mapsEqual(got, want) {
			t.Errorf("sitemap: %s has alternates %v, want %v", loc, got, want)
		}
	}
	if got, ok := alts[base+"/uk/briefings/gamma-1/"]; !ok || len(got) != 0 {
		t.Errorf("sitemap: gamma-1 listed %v, alternates %v", ok, got)
	}
}

func TestEditionFeedsInTheirLanguage(t *testing.T) {
	out := editionsFixture(t)
	for name, lang := range map[string]string{"feed.xml": "en", "uk/feed.xml": "uk", "uk/countries/it/feed.xml": "uk", "uk/feed.json": "uk", "ar/feed.xml": "ar"} {
		f := sitetest.ReadFeed(t, filepath.Join(out, name))
		if f.Language != lang {
			t.Errorf("%s: language %q, want %q", name, f.Language, lang)
		}
		for _, it := range f.Items {
			if lang != "en" && !strings.Contains(it.Link, "/"+lang+"/briefings/") {
				t.Errorf("%s: item %q links to %s", name, it.Title, it.Link)
			}
		}
	}
	f := sitetest.ReadFeed(t, filepath.Join(out, "uk/countries/it/feed.xml"))
	if !strings.HasSuffix(f.Title, "Італія") {
		t.Errorf("Italy's Ukrainian feed is titled %q", f.Title)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A site's own translation file for a language stands for the theme's.
func TestSiteTranslationFileOverridesTheTheme(t *testing.T) {
	files := map[string]string{
		"content/briefings/2024-01-10-alpha.md":    briefingFile("Alpha talks", "2024-01-10T10:00", []string{"Italy"}, ""),
		"content/briefings/2024-01-10-alpha.uk.md": "---\ntitle: Альфа\n---\nТекст.\n",
		"templates/i18n/uk.yaml":                   "sources: Посилання\n",
	}
	dir := sitetest.WriteSite(t, fixture(testConfig+"language: en\nlanguages:\n  uk: {}\n", files))
	mustBuild(t, BuildOptions{Src: dir})
	for name, want := range map[string]string{"public/uk/briefings/alpha/index.html": "Посилання", "public/briefings/alpha/index.html": "Sources"} {
		doc := sitetest.ReadHTML(t, filepath.Join(dir, name))
		if h := sitetest.Find(doc, sitetest.TagAttr("h2", "id", "sources-h")); h == nil || sitetest.Text(h) != want {
			t.Errorf("%s: sources headed %v, want %q", name, h, want)
		}
	}
	// The site's file overrides the one key it gives: the theme's other
	// Ukrainian words stay Ukrainian.
	doc := sitetest.ReadHTML(t, filepath.Join(dir, "public/uk/briefings/alpha/index.html"))
	if skip := sitetest.Find(doc, sitetest.TagAttr("a", "class", "skip-link")); skip == nil || sitetest.Text(skip) == "Skip to main content" {
		t.Errorf("the Ukrainian skip link reads %q: the site's uk.yaml replaced the theme's instead of overriding one key", sitetest.Text(skip))
	}
}

// TestTranslationsKeepTheirOriginalsLinks: a translator keeps the links of
// the original as they are, and they lead to the page in the reader's
// language where it exists, else to the original.
func TestTranslationsKeepTheirOriginalsLinks(t *testing.T) {
	files := map[string]string{
		"content/briefings/2024-01-10-alpha.md":    briefingFile("Alpha talks", "2024-01-10T10:00", []string{"Italy"}, ""),
		"content/briefings/2024-01-10-alpha.uk.md": "---\ntitle: Альфа\n---\nДив. [бета](2024-02-01-beta.md), [омега](2024-02-07-omega.md), [про нас](../pages/about.md) і [гамма](2024-03-01-gamma.uk.md).\n",
		"content/briefings/2024-02-01-beta.md":     briefingFile("Beta", "2024-02-01T10:00", []string{"Italy"}, ""),
		"content/briefings/2024-02-01-beta.uk.md":  "---\ntitle: Бета\n---\nТекст.\n",
		"content/briefings/2024-02-07-omega.md":    briefingFile("Omega", "2024-02-07T10:00", []string{"Italy"}, ""),
		"content/briefings/2024-03-01-gamma.uk.md": briefingFile("Гамма", "2024-03-01T10:00", []string{"Італія"}, ""),
		"content/pages/about.md":                   "---\ntitle: About\n---\nAbout us.\n",
		"content/pages/about.uk.md":                "---\ntitle: Про нас\n---\nХто ми.\n",
	}
	dir := sitetest.WriteSite(t, fixture(testConfig+"language: en\nlanguages:\n  uk: {}\n", files))
	mustBuild(t, BuildOptions{Src: dir})
	doc := sitetest.ReadHTML(t, filepath.Join(dir, "public/uk/briefings/alpha/index.html"))
	got := map[string]string{}
	for _, a := range sitetest.FindAll(doc, sitetest.Tag("a")) {
		got[sitetest.Text(a)] = sitetest.Attr(a, "href")
	}
	for text, want := range map[string]string{"бета": "/uk/briefings/beta/", "омега": "/briefings/omega/", "про нас": "/uk/about/", "гамма": "/uk/briefings/gamma/"} {
		if got[text] != want {
			t.Errorf("the link %q in the Ukrainian alpha leads to %q, want %q", text, got[text], want)
		}
	}
}
