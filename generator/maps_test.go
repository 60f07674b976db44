package generator

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"brief/internal/sitetest"

	"golang.org/x/net/html"
)

// Budgets of issue 17, in bytes.
const (
	countriesPageBudget = 150_000 // /countries/ with its map
	locatorBudget       = 25_000  // a country page's map
)

// coverage is how many briefings each country of the map fixture gets:
// large countries, Kosovo (no ISO code in Natural Earth), small states
// (Malta, Singapore, Bahrain), Tuvalu (no shape in Natural Earth at all)
// and Cyprus (drawn with Northern Cyprus).
var coverage = map[string]int{
	"Ukraine": 9, "Italy": 4, "Kosovo": 2, "Malta": 1, "Singapore": 3,
	"Bahrain": 1, "Tuvalu": 1, "Cyprus": 2, "Russia": 1, "Somalia": 1,
}

var coverageKeys = map[string]string{
	"Ukraine": "ua", "Italy": "it", "Kosovo": "xk", "Malta": "mt", "Singapore": "sg",
	"Bahrain": "bh", "Tuvalu": "tv", "Cyprus": "cy", "Russia": "ru", "Somalia": "so",
}

func buildMapSite(t *testing.T) string {
	t.Helper()
	files := map[string]string{}
	for name, n := range coverage {
		for i := range n {
			files[fmt.Sprintf("content/briefings/%s-%d.md", strings.ToLower(name), i)] =
				briefingFile(fmt.Sprintf("%s %d", name, i), fmt.Sprintf("2024-03-%02d", i+1), []string{name}, "")
		}
	}
	dir := sitetest.WriteSite(t, fixture(testConfig, files))
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, BuildOptions{Src: dir, Out: out, NoCache: true})
	return out
}

// mapOf is the figure of class map-<kind> in the page at file.
func mapOf(t *testing.T, file, kind string) *html.Node {
	t.Helper()
	fig := sitetest.Find(sitetest.ReadHTML(t, file), func(n *html.Node) bool {
		return n.Data == "figure" && strings.Contains(sitetest.Attr(n, "class"), "map-"+kind)
	})
	if fig == nil {
		t.Fatalf("%s: no figure.map-%s", file, kind)
	}
	return fig
}

// svgTitle is the text of the SVG title element child of n.
func svgTitle(n *html.Node) string {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "title" {
			return sitetest.Text(c)
		}
	}
	return ""
}

func TestCoverageMapLinksEveryCountryShadedByCount(t *testing.T) {
	out := buildMapSite(t)
	file := filepath.Join(out, "countries", "index.html")
	fig := mapOf(t, file, "coverage")
	links := map[string]*html.Node{}
	for _, a := range sitetest.FindAll(fig, sitetest.Tag("a")) {
		links[sitetest.Attr(a, "href")] = a
	}
	if len(links) != len(coverage) {
		t.Errorf("the map links %d countries, want %d", len(links), len(coverage))
	}
	step := map[string]int{}
	for name, n := range coverage {
		href := "/countries/" + coverageKeys[name] + "/"
		a := links[href]
		if a == nil {
			t.Errorf("%s: no link to %s on the map", name, href)
			continue
		}
		want := fmt.Sprintf("%s: %d briefings", name, n)
		if n == 1 {
			want = name + ": 1 briefing"
		}
		if got := svgTitle(a); got != want {
			t.Errorf("%s: title %q, want %q", name, got, want)
		}
		shapes := sitetest.FindAll(a, func(n *html.Node) bool { return n.Data == "path" || n.Data == "circle" })
		if len(shapes) == 0 {
			t.Errorf("%s: link without a shape or a dot", name)
		}
		s, err := strconv.Atoi(strings.TrimPrefix(sitetest.Attr(a, "class"), "s"))
		if err != nil {
			t.Errorf("%s: class %q is no shade", name, sitetest.Attr(a, "class"))
		}
		step[name] = s
	}
	// Shading follows counts: more briefings, never a lighter shade, and
	// the least and the most covered apart.
	for a, na := range coverage {
		for b, nb := range coverage {
			if na < nb && step[a] > step[b] {
				t.Errorf("%s (%d briefings) has shade %d, darker than %s (%d briefings) with %d", a, na, step[a], b, nb, step[b])
			}
		}
	}
	if step["Malta"] == step["Ukraine"] {
		t.Errorf("1 and 9 briefings share shade %d", step["Malta"])
	}
	// The legend says which counts each shade stands for.
	legend := sitetest.FindAll(fig, func(n *html.Node) bool { return n.Data == "li" })
	for name, n := range coverage {
		if step[name] < 1 || step[name] > len(legend) {
			t.Errorf("%s: shade %d not in the legend of %d", name, step[name], len(legend))
			continue
		}
		label := sitetest.Text(legend[step[name]-1])
		var lo, hi int
		if _, err := fmt.Sscanf(label, "%d–%d", &lo, &hi); err != nil {
			_, err = fmt.Sscanf(label, "%d", &lo)
			hi = lo
		}
		if n < lo || n > hi {
			t.Errorf("%s: %d briefings, shade %d labelled %q", name, n, step[name], label)
		}
	}
	// Small states and Tuvalu, which has no shape, are dots.
	for _, name := range []string{"Malta", "Singapore", "Bahrain", "Tuvalu"} {
		if a := links["/countries/"+coverageKeys[name]+"/"]; a != nil && sitetest.Find(a, sitetest.Tag("circle")) == nil {
			t.Errorf("%s: no dot", name)
		}
	}
	// Large countries are not.
	if sitetest.Find(links["/countries/ua/"], sitetest.Tag("circle")) != nil {
		t.Error("Ukraine has a dot")
	}
	// The list stays, below the map.
	list := sitetest.Find(fig.Parent, sitetest.TagAttr("ul", "class", "country-list"))
	if list == nil || !follows(fig, list) {
		t.Error("no country list after the map")
	}
	if fi, err := os.Stat(file); err != nil {
		t.Error(err)
	} else if fi.Size() > countriesPageBudget {
		t.Errorf("/countries/ weighs %d bytes, want at most %d", fi.Size(), countriesPageBudget)
	}
}

// follows reports whether b comes after a in document order.
func follows(a, b *html.Node) bool {
	for n := a; n != nil; n = n.Parent {
		for s := n.NextSibling; s != nil; s = s.NextSibling {
			if s == b || sitetest.Find(s, func(x *html.Node) bool { return x == b }) != nil {
				return true
			}
		}
	}
	return false
}

// The shapes Natural Earth leaves without an ISO code, as the README says:
// Kosovo its own country, Northern Cyprus within Cyprus, Somaliland within
// Somalia; none of them a link of its own.
func TestCoverageMapShapesWithoutISOCode(t *testing.T) {
	out := buildMapSite(t)
	fig := mapOf(t, filepath.Join(out, "countries", "index.html"), "coverage")
	// One link a covered country: no shape of Northern Cyprus or
	// Somaliland links on its own.
	if n := len(sitetest.FindAll(fig, sitetest.Tag("a"))); n != len(coverage) {
		t.Errorf("%d links on the map, want one for each of the %d covered countries", n, len(coverage))
	}
	xk := sitetest.Find(fig, sitetest.TagAttr("a", "href", "/countries/xk/"))
	if xk == nil || sitetest.Find(xk, sitetest.Tag("path")) == nil {
		t.Fatal("Kosovo has no shape of its own")
	}
	// Cyprus and Somalia are drawn with the parts ISO 3166 counts in them:
	// two outlines each at least.
	for _, key := range []string{"cy", "so"} {
		a := sitetest.Find(fig, sitetest.TagAttr("a", "href", "/countries/"+key+"/"))
		if a == nil {
			t.Fatalf("no link to /countries/%s/", key)
		}
		if d := sitetest.Attr(sitetest.Find(a, sitetest.Tag("path")), "d"); strings.Count(d, "M") < 2 {
			t.Errorf("%s: %d outlines, want the country and its part without an ISO code", key, strings.Count(d, "M"))
		}
	}
}

func TestLocatorMapOnCountryPages(t *testing.T) {
	out := buildMapSite(t)
	for name, key := range coverageKeys {
		file := filepath.Join(out, "countries", key, "index.html")
		fig := mapOf(t, file, "locator")
		svg := sitetest.Find(fig, sitetest.Tag("svg"))
		if sitetest.Attr(svg, "role") != "img" || !strings.Contains(sitetest.Attr(svg, "aria-label"), name) {
			t.Errorf("%s: svg role %q, label %q; want an image named after the country", name, sitetest.Attr(svg, "role"), sitetest.Attr(svg, "aria-label"))
		}
		here := sitetest.Find(fig, sitetest.TagAttr("g", "class", "here"))
		if here == nil || here.FirstChild == nil {
			t.Errorf("%s: the country is not highlighted", name)
		}
		if sitetest.Find(fig, sitetest.Tag("a")) != nil {
			t.Errorf("%s: the locator map has links", name)
		}
		var b bytes.Buffer
		if err := html.Render(&b, fig); err != nil {
			t.Fatal(err)
		}
		if b.Len() > locatorBudget {
			t.Errorf("%s: the map weighs %d bytes, want at most %d", name, b.Len(), locatorBudget)
		}
	}
	// A small state is ringed; a large one is not.
	for key, ring := range map[string]bool{"mt": true, "bh": true, "tv": true, "ua": false, "it": false} {
		here := sitetest.Find(mapOf(t, filepath.Join(out, "countries", key, "index.html"), "locator"), sitetest.TagAttr("g", "class", "here"))
		if got := here != nil && sitetest.Find(here, sitetest.Tag("circle")) != nil; got != ring {
			t.Errorf("%s: ring %v, want %v", key, got, ring)
		}
	}
}
