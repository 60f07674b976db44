package generator

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"brief/internal/sitetest"

	"golang.org/x/net/html"
)

// bundleSite is a site with a briefing kept in a folder of its own, with
// an image and a document beside it, a static image, and links of every
// kind: root-relative, relative to the page, to a briefing's file. config
// is site.yaml, or "" for the default one.
func bundleSite(t *testing.T, config string, extra map[string]string) string {
	files := map[string]string{
		"static/img/map.png": "PNG static map\n",
		"content/briefings/2024-06-13-apulia/index.md": "---\ntitle: Apulia\ndate: 2024-06-13\ncountries: [Italy]\n" +
			"sources:\n  - name: G7 Italia\n    url: https://www.g7italy.it/\n    title: Apulia Leaders' Communiqué\n    date: 2024-06-15\n  - Reuters\n" +
			"summary: The summit.\nauthor: Desk\nupdated: 2024-06-20\n---\n" +
			"![The region](/img/map.png)\n\n![Detail](detail.png)\n\n" +
			"Read [about us](/about/), [the notes](notes.pdf), [the talks](../2023-08-02-talks.md) and [the list](../../countries/it/).\n",
		"content/briefings/2024-06-13-apulia/detail.png": "PNG detail\n",
		"content/briefings/2024-06-13-apulia/notes.pdf":  "%PDF notes\n",
		"content/briefings/2023-08-02-talks.md": "---\ntitle: Talks\ndate: 2023-08-02\ncountries: [Italy]\nsources: [Reuters]\nsummary: Talks.\n---\n" +
			"Later came [the summit](2024-06-13-apulia/index.md) and its [map](../apulia/detail.png).\n",
		"content/pages/about.md": "---\ntitle: About\n---\nAbout. See [Apulia](2024-06-13-apulia/index.md#x).\n",
	}
	for name, text := range extra {
		files[name] = text
	}
	if config == "" {
		config = "title: Sub\nbase_url: https://example.org/\n"
	}
	return sitetest.WriteSite(t, fixture(config, files))
}

// refsOf returns the href of every link and the src of every image below n.
func refsOf(n *html.Node) (hrefs, srcs []string) {
	for _, e := range sitetest.FindAll(n, func(n *html.Node) bool { return n.Data == "a" || n.Data == "img" }) {
		if e.Data == "a" {
			hrefs = append(hrefs, sitetest.Attr(e, "href"))
		} else {
			srcs = append(srcs, sitetest.Attr(e, "src"))
		}
	}
	return hrefs, srcs
}

func TestSubPathSiteAddresses(t *testing.T) {
	dir := bundleSite(t, "", nil)
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, BuildOptions{Src: dir, Out: out, BaseURL: "https://user.github.io/briefs/"})

	// The bundle's files are published next to its page, the Markdown not.
	for name, want := range map[string]string{"briefings/apulia/detail.png": "PNG detail\n", "briefings/apulia/notes.pdf": "%PDF notes\n", "img/map.png": "PNG static map\n"} {
		if got, err := os.ReadFile(filepath.Join(out, name)); err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", name, got, err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "briefings/apulia/index.md")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the briefing's Markdown was published: %v", err)
	}

	// On the page, every address of the site carries the base path.
	body := sitetest.Find(sitetest.ReadHTML(t, filepath.Join(out, "briefings/apulia/index.html")), sitetest.TagAttr("div", "class", "body"))
	if body == nil {
		t.Fatal("no body on the briefing's page")
	}
	hrefs, srcs := refsOf(body)
	if want := []string{"/briefs/img/map.png", "/briefs/briefings/apulia/detail.png"}; !slices.Equal(srcs, want) {
		t.Errorf("images on the page: %q, want %q", srcs, want)
	}
	if want := []string{"/briefs/about/", "/briefs/briefings/apulia/notes.pdf", "/briefs/briefings/talks/", "/briefs/countries/it/"}; !slices.Equal(hrefs, want) {
		t.Errorf("links on the page: %q, want %q", hrefs, want)
	}
	talks := sitetest.Find(sitetest.ReadHTML(t, filepath.Join(out, "briefings/talks/index.html")), sitetest.TagAttr("div", "class", "body"))
	if hrefs, _ := refsOf(talks); !slices.Equal(hrefs, []string{"/briefs/briefings/apulia/", "/briefs/briefings/apulia/detail.png"}) {
		t.Errorf("links from the other briefing: %q", hrefs)
	}
	about := sitetest.Find(sitetest.ReadHTML(t, filepath.Join(out, "about/index.html")), sitetest.TagAttr("div", "class", "body"))
	if hrefs, _ := refsOf(about); !slices.Equal(hrefs, []string{"/briefs/briefings/apulia/#x"}) {
		t.Errorf("links from the page: %q", hrefs)
	}

	// Every page, theme and bodies alike: each address of the site starts
	// with the base path and leads to a built file.
	checked := 0
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		hrefs, srcs := refsOf(sitetest.ReadHTML(t, p))
		for _, e := range sitetest.FindAll(sitetest.ReadHTML(t, p), func(n *html.Node) bool { return n.Data == "link" || n.Data == "script" || n.Data == "form" }) {
			for _, a := range []string{"href", "src", "action", "data-index"} {
				if v := sitetest.Attr(e, a); v != "" {
					srcs = append(srcs, v)
				}
			}
		}
		for _, addr := range append(hrefs, srcs...) {
			u, err := url.Parse(addr)
			if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") {
				continue // elsewhere, or a fragment
			}
			rest, ok := strings.CutPrefix(u.Path, "/briefs/")
			if !ok {
				t.Errorf("%s: address %q lacks the base path", p, addr)
				continue
			}
			target := filepath.Join(out, filepath.FromSlash(rest))
			if rest == "" || strings.HasSuffix(rest, "/") {
				target = filepath.Join(target, "index.html")
			}
			if _, err := os.Stat(target); err != nil {
				t.Errorf("%s: %q leads to no built file", p, addr)
			}
			checked++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Errorf("only %d addresses checked", checked)
	}

	// In the feeds every address is absolute, resolved against the
	// briefing's own.
	for _, name := range []string{"feed.xml", "feed.json", "countries/it/feed.xml"} {
		f := sitetest.ReadFeed(t, filepath.Join(out, name))
		var item string
		for _, it := range f.Items {
			if it.Title == "Apulia" {
				item = it.Content
			}
		}
		doc, err := html.Parse(strings.NewReader(item))
		if err != nil || item == "" {
			t.Fatalf("%s: no content for Apulia (%v)", name, err)
		}
		hrefs, srcs := refsOf(doc)
		if want := []string{"https://user.github.io/briefs/img/map.png", "https://user.github.io/briefs/briefings/apulia/detail.png"}; !slices.Equal(srcs, want) {
			t.Errorf("%s: images %q, want %q", name, srcs, want)
		}
		for _, want := range []string{"https://user.github.io/briefs/about/", "https://user.github.io/briefs/briefings/apulia/notes.pdf", "https://user.github.io/briefs/briefings/talks/", "https://user.github.io/briefs/countries/it/"} {
			if !slices.Contains(hrefs, want) {
				t.Errorf("%s: links %q lack %q", name, hrefs, want)
			}
		}
	}
}

// TestBundleSlugFromFolder checks that a bundle's folder names the
// briefing as a file's name does, date prefix dropped.
func TestBundleSlugFromFolder(t *testing.T) {
	dir := bundleSite(t, "", map[string]string{
		"content/briefings/2024-07-01-Côte_Summit/index.md":  "---\ntitle: Summit\ndate: 2024-07-01\ncountries: [Italy]\nsources: [Reuters]\nsummary: S.\n---\nBody.\n",
		"content/briefings/2024-07-01-Côte_Summit/chart.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, BuildOptions{Src: dir, Out: out})
	for _, name := range []string{"briefings/cote-summit/index.html", "briefings/cote-summit/chart.svg"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestMissingReferencesAreErrors(t *testing.T) {
	dir := bundleSite(t, "", map[string]string{
		"content/pages/help.md": "---\ntitle: Help\n---\nIntro.\n\n![logo](/img/mpa.png) and [about](/abuot/)\nand ![a photo](/img/photo.jpg) [gone](detail.png)\n",
		"content/briefings/2024-06-14-next/index.md": "---\ntitle: Next\ndate: 2024-06-14\ncountries: [Italy]\nsources: [Reuters]\nsummary: S.\n---\n" +
			"![the detail](detial.png) and [the chart](chart.png)\n",
		"content/briefings/2024-06-14-next/detail.png": "PNG\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(BuildOptions{Src: dir, Out: out, Now: buildNow})
	if !errors.Is(err, ErrInvalidSite) {
		t.Fatalf("build with missing files: %v", err)
	}
	var got []string
	for _, p := range res.Problems {
		got = append(got, strings.TrimPrefix(p.String(), dir+string(filepath.Separator)))
	}
	want := []string{
		`content/briefings/2024-06-14-next/index.md:8:1: error: image "detial.png": the site has no file at /briefings/next/detial.png (did you mean "detail.png"?)`,
		`content/briefings/2024-06-14-next/index.md:8:31: error: link to "chart.png": the site has no file at /briefings/next/chart.png (put chart.png in content/briefings/2024-06-14-next/, beside the briefing)`,
		`content/pages/help.md:6:1: error: image "/img/mpa.png": the site has no such file (did you mean "/img/map.png"?)`,
		`content/pages/help.md:6:27: error: link to "/abuot/": the site has no such page (did you mean "/about/"?)`,
		`content/pages/help.md:7:5: error: image "/img/photo.jpg": the site has no such file (put the file at static/img/photo.jpg: static/ is published at the root of the site)`,
		`content/pages/help.md:7:32: error: link to "detail.png": the site has no file at /help/detail.png (did you mean "/briefings/apulia/detail.png"?)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed build wrote its output: %v", err)
	}
}
