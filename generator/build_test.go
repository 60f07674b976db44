package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/internal/sitetest"

	"golang.org/x/net/html"
)

var buildNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// briefingFile writes a minimal valid briefing.
func briefingFile(title, date string, countries []string, extra string) string {
	return fmt.Sprintf("---\ntitle: %q\ndate: %s\ncountries: [%s]\nsources:\n  - name: Reuters\n    url: https://www.reuters.com/\nsummary: Summary of %s.\n%s---\nBody of %s.\n",
		title, date, strings.Join(countries, ", "), title, extra, title)
}

// fixture builds a txtar archive from a map of files plus a site.yaml.
func fixture(config string, files map[string]string) string {
	var b strings.Builder
	b.WriteString("-- site.yaml --\n" + config)
	for _, name := range sortedNames(files) {
		fmt.Fprintf(&b, "-- %s --\n%s", name, files[name])
	}
	return b.String()
}

func sortedNames(m map[string]string) []string {
	var names []string
	for k := range m {
		names = append(names, k)
	}
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			if names[j] < names[i] {
				names[i], names[j] = names[j], names[i]
			}
		}
	}
	return names
}

const testConfig = "title: Test Portal\nbase_url: https://portal.example.org/\nper_page: 2\nfeed_limit: 3\n"

func mustBuild(t *testing.T, opts BuildOptions) BuildResult {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = buildNow
	}
	res, err := Build(opts)
	if err != nil {
		t.Fatalf("build failed: %v\n%s", err, res.Problems.Err())
	}
	return res
}

// itemTitles lists the titles of the briefings a list page shows, in order.
func itemTitles(t *testing.T, file string) []string {
	doc := sitetest.ReadHTML(t, file)
	var titles []string
	for _, a := range sitetest.FindAll(doc, func(n *html.Node) bool {
		return n.Data == "a" && n.Parent != nil && n.Parent.Data == "h2" && n.Parent.Parent != nil && sitetest.Attr(n.Parent.Parent, "class") == "item"
	}) {
		titles = append(titles, sitetest.Text(a))
	}
	return titles
}

func TestCountryPagesListTheirBriefingsInOrder(t *testing.T) {
	dir := sitetest.WriteSite(t, fixture(testConfig, map[string]string{
		"content/briefings/a.md": briefingFile("A", "2024-01-01", []string{"Ukraine", "Italy"}, ""),
		"content/briefings/b.md": briefingFile("B", "2024-02-01", []string{"Ukraine"}, ""),
		"content/briefings/c.md": briefingFile("C", "2024-03-01", []string{"Italy", "France"}, ""),
		"content/briefings/d.md": briefingFile("D", "2024-04-01", []string{"UA"}, ""),
		"content/briefings/e.md": briefingFile("E", "2024-04-01", []string{"Ukraine"}, ""),
		"content/briefings/f.md": briefingFile("F", "2023-12-01", []string{"Côte d'Ivoire"}, ""),
		"content/briefings/g.md": briefingFile("G", "2023-11-01", []string{"Ivory Coast"}, ""),
	}))
	out := filepath.Join(dir, "public")
	mustBuild(t, BuildOptions{Src: dir})

	tests := []struct {
		file string
		want []string
	}{
		// Ukraine: D and E share a date, the slug breaks the tie.
		{"countries/ua/index.html", []string{"D", "E"}},
		{"countries/ua/page/2/index.html", []string{"B", "A"}},
		{"countries/it/index.html", []string{"C", "A"}},
		{"countries/fr/index.html", []string{"C"}},
		{"countries/ci/index.html", []string{"F", "G"}},
		{"index.html", []string{"D", "E"}},
		{"page/2/index.html", []string{"C", "B"}},
		{"page/4/index.html", []string{"G"}},
	}
	for _, tt := range tests {
		got := itemTitles(t, filepath.Join(out, tt.file))
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s lists %v, want %v", tt.file, got, tt.want)
		}
	}
	for _, missing := range []string{"countries/ua/page/3/index.html", "countries/it/page/2/index.html", "page/5/index.html", "countries/de/index.html"} {
		if _, err := os.Stat(filepath.Join(out, missing)); err == nil {
			t.Errorf("%s exists, want no such page", missing)
		}
	}

	// Pagination links: page 2 of Ukraine points back to page 1, not on.
	doc := sitetest.ReadHTML(t, filepath.Join(out, "countries/ua/page/2/index.html"))
	prev := sitetest.Find(doc, sitetest.TagAttr("a", "rel", "prev"))
	if prev == nil || sitetest.Attr(prev, "href") != "/countries/ua/" {
		t.Errorf("page 2 has no rel=prev link to /countries/ua/")
	}
	if sitetest.Find(doc, sitetest.TagAttr("a", "rel", "next")) != nil {
		t.Errorf("last page has a rel=next link")
	}
	if l := sitetest.Find(doc, sitetest.TagAttr("link", "rel", "prev")); l == nil || sitetest.Attr(l, "href") != "/countries/ua/" {
		t.Errorf("page 2 head has no <link rel=prev>")
	}

	// The countries page groups by region with counts.
	doc = sitetest.ReadHTML(t, filepath.Join(out, "countries/index.html"))
	var regions []string
	for _, h := range sitetest.FindAll(doc, sitetest.Tag("h2")) {
		regions = append(regions, sitetest.Text(h))
	}
	if strings.Join(regions, ",") != "Africa,Europe" {
		t.Errorf("countries page regions = %v, want Africa,Europe", regions)
	}
	if !strings.Contains(sitetest.Text(doc), "4 briefings") {
		t.Errorf("countries page does not count Ukraine's 4 briefings")
	}
}

func TestBriefingInThreeCountriesIsInThreeFeeds(t *testing.T) {
	dir := sitetest.WriteSite(t, fixture(testConfig, map[string]string{
		"content/briefings/2024-05-28-tour.md": briefingFile("Tour <of> \"Europe\"", "2024-05-28T10:00:00+02:00", []string{"Spain", "Belgium", "Portugal"},
			"tags: [security guarantees]\n") + "\nSee [the other](other.md) and a note.[^1]\n\n[^1]: The note.\n",
		"content/briefings/other.md": briefingFile("Other", "2024-01-01", []string{"Spain"}, ""),
	}))
	mustBuild(t, BuildOptions{Src: dir})
	out := filepath.Join(dir, "public")
	for _, code := range []string{"es", "be", "pt"} {
		f := sitetest.ReadFeed(t, filepath.Join(out, "countries", code, "feed.xml"))
		if f.FeedType != "rss" || f.FeedVersion != "2.0" {
			t.Errorf("%s feed is %s %s", code, f.FeedType, f.FeedVersion)
		}
		if f.Link != "https://portal.example.org/countries/"+code+"/" {
			t.Errorf("%s feed link = %q", code, f.Link)
		}
		item := f.Items[0]
		if item.Title != `Tour <of> "Europe"` {
			t.Errorf("%s feed item title = %q", code, item.Title)
		}
		if item.Link != "https://portal.example.org/briefings/tour/" || item.GUID != item.Link {
			t.Errorf("%s feed item link %q guid %q, want the absolute permalink", code, item.Link, item.GUID)
		}
		if item.PublishedParsed == nil || !item.PublishedParsed.Equal(time.Date(2024, 5, 28, 8, 0, 0, 0, time.UTC)) {
			t.Errorf("%s pubDate = %v", code, item.Published)
		}
		if !strings.Contains(item.Content, `href="https://portal.example.org/briefings/other/"`) {
			t.Errorf("%s content has no absolute link to the other briefing: %s", code, item.Content)
		}
		if !strings.Contains(item.Content, `href="https://portal.example.org/briefings/tour/#fn:1"`) {
			t.Errorf("%s content has no absolute footnote link: %s", code, item.Content)
		}
		if strings.Join(item.Categories, "|") != "Spain|Belgium|Portugal|security guarantees" {
			t.Errorf("%s categories = %v", code, item.Categories)
		}
		if item.Description != "Summary of Tour <of> \"Europe\"." {
			t.Errorf("%s description = %q", code, item.Description)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "countries", "fr", "feed.xml")); err == nil {
		t.Error("France has a feed but no briefing")
	}
}

func TestDraftsAndFutureBriefings(t *testing.T) {
	dir := sitetest.WriteSite(t, fixture(testConfig, map[string]string{
		"content/briefings/past.md":   briefingFile("Past", "2024-01-01", []string{"Italy"}, ""),
		"content/briefings/draft.md":  briefingFile("Draft", "2024-02-01", []string{"Italy"}, "draft: true\n"),
		"content/briefings/future.md": briefingFile("Future", "2030-01-01", []string{"Italy"}, ""),
	}))
	out := filepath.Join(dir, "public")
	tests := []struct {
		drafts, future bool
		want           []string
	}{
		{false, false, []string{"past"}},
		{true, false, []string{"draft", "past"}},
		{false, true, []string{"future", "past"}},
		{true, true, []string{"draft", "future", "past"}},
	}
	for _, tt := range tests {
		mustBuild(t, BuildOptions{Src: dir, Drafts: tt.drafts, Future: tt.future})
		entries, _ := os.ReadDir(filepath.Join(out, "briefings"))
		var got []string
		for _, e := range entries {
			got = append(got, e.Name())
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("drafts=%v future=%v: briefings %v, want %v", tt.drafts, tt.future, got, tt.want)
		}
		feed := sitetest.ReadFeed(t, filepath.Join(out, "countries/it/feed.xml"))
		if len(feed.Items) != len(tt.want) {
			t.Errorf("drafts=%v future=%v: Italy feed has %d items, want %d", tt.drafts, tt.future, len(feed.Items), len(tt.want))
		}
	}
}

func TestSiteOverridesOneTemplateAndOneStaticFile(t *testing.T) {
	dir := sitetest.WriteSite(t, fixture(testConfig, map[string]string{
		"content/briefings/a.md": briefingFile("A", "2024-01-01", []string{"Italy"}, ""),
		"templates/page.html":    "{{define \"main\"}}<h1>{{.Title}}</h1><p id=\"custom\">Custom page template</p>{{.Body}}{{end}}\n",
		"static/css/site.css":    "body { color: rebeccapurple; }\n",
		"static/img/logo.svg":    "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
		"content/pages/about.md": "---\ntitle: About us\n---\nWho we are.\n",
	}))
	mustBuild(t, BuildOptions{Src: dir})
	out := filepath.Join(dir, "public")
	doc := sitetest.ReadHTML(t, filepath.Join(out, "about/index.html"))
	if p := sitetest.Find(doc, sitetest.TagAttr("p", "id", "custom")); p == nil {
		t.Error("the site's templates/page.html was not used")
	}
	if sitetest.Find(doc, sitetest.Tag("nav")) == nil {
		t.Error("the embedded base.html was not used around the override")
	}
	css, _ := os.ReadFile(filepath.Join(out, "css/site.css"))
	if string(css) != "body { color: rebeccapurple; }\n" {
		t.Errorf("css/site.css = %q, want the site's own", css)
	}
	if _, err := os.Stat(filepath.Join(out, "img/logo.svg")); err != nil {
		t.Error("the site's own static file was not copied")
	}
	if _, err := os.Stat(filepath.Join(out, "favicon.svg")); err != nil {
		t.Error("the theme's favicon was not copied")
	}
	if _, err := os.Stat(filepath.Join(out, "embed.go")); err == nil {
		t.Error("a Go file was copied into the output")
	}
	// Briefing pages still use the embedded template.
	doc = sitetest.ReadHTML(t, filepath.Join(out, "briefings/a/index.html"))
	if h := sitetest.Find(doc, sitetest.Tag("h1")); h == nil || sitetest.Text(h) != "A" {
		t.Error("briefing page is missing its h1")
	}
}

// snapshot reads every file under dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = data
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameFiles(a, b map[string][]byte) error {
	for name, data := range a {
		other, ok := b[name]
		if !ok {
			return fmt.Errorf("%s is missing", name)
		}
		if !bytes.Equal(data, other) {
			return fmt.Errorf("%s differs", name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			return fmt.Errorf("%s is extra", name)
		}
	}
	return nil
}

func TestFailingBuildLeavesPreviousOutputIntact(t *testing.T) {
	dir := sitetest.WriteSite(t, fixture(testConfig, map[string]string{
		"content/briefings/a.md": briefingFile("A", "2024-01-01", []string{"Italy"}, ""),
	}))
	out := filepath.Join(dir, "public")
	mustBuild(t, BuildOptions{Src: dir})
	before := snapshot(t, out)
	if len(before) < 10 {
		t.Fatalf("first build wrote only %d files", len(before))
	}

	breakages := map[string]string{
		"content/briefings/b.md": briefingFile("B", "2024-01-01", []string{"Narnia"}, ""),
		"content/briefings/c.md": briefingFile("C", "2024-01-01", []string{"Italy"}, "") + "\n[gone](missing.md)\n",
		"templates/list.html":    "{{define \"main\"}}{{.NoSuchField}}{{end}}",
	}
	for name, data := range breakages {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := Build(BuildOptions{Src: dir, Now: buildNow})
		if !errors.Is(err, ErrInvalidSite) || res.Problems.Errors() == 0 {
			t.Errorf("with %s: err = %v, want ErrInvalidSite with problems", name, err)
		}
		if err := sameFiles(before, snapshot(t, out)); err != nil {
			t.Errorf("with %s the previous output changed: %v", name, err)
		}
		os.Remove(p)
	}
	// No staging folder is left behind.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "staging") {
			t.Errorf("leftover %s", e.Name())
		}
	}
}

func TestBuildErrorsNameFileAndLine(t *testing.T) {
	dir := sitetest.WriteSite(t, fixture(testConfig, map[string]string{
		"content/briefings/a.md": briefingFile("A", "2024-01-01", []string{"Italy"}, "") + "\nFirst.\n\nSee [gone](missing.md).\n",
		"templates/list.html":    "{{define \"main\"}}\n<p>{{.NoSuchField}}</p>{{end}}",
	}))
	res, err := Build(BuildOptions{Src: dir, Now: buildNow})
	if !errors.Is(err, ErrInvalidSite) {
		t.Fatalf("err = %v", err)
	}
	var lines []string
	for _, p := range res.Problems {
		lines = append(lines, strings.TrimPrefix(p.String(), dir+"/"))
	}
	want := []string{
		`content/briefings/a.md:14:5: error: link to missing file "missing.md" (link to an existing briefing's file name, e.g. 2023-08-02-italy-talks.md)`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	os.WriteFile(filepath.Join(dir, "content/briefings/a.md"), []byte(briefingFile("A", "2024-01-01", []string{"Italy"}, "")), 0o644)
	res, _ = Build(BuildOptions{Src: dir, Now: buildNow})
	if len(res.Problems) != 1 || !strings.HasSuffix(res.Problems[0].Path, "templates/list.html") || res.Problems[0].Line != 2 ||
		!strings.Contains(res.Problems[0].Message, "NoSuchField") {
		t.Errorf("template problem = %v, want templates/list.html:2 naming NoSuchField", res.Problems)
	}
}

func TestTwoBuildsAreByteIdentical(t *testing.T) {
	files := map[string]string{}
	for i := range 30 {
		files[fmt.Sprintf("content/briefings/b%02d.md", i)] = briefingFile(fmt.Sprintf("B%d", i), fmt.Sprintf("2024-01-%02d", i%5+1),
			[]string{[]string{"Ukraine", "Italy", "France"}[i%3], "Germany"}, fmt.Sprintf("tags: [t%d]\n", i%4))
	}
	dir := sitetest.WriteSite(t, fixture(testConfig, files))
	mustBuild(t, BuildOptions{Src: dir, Out: filepath.Join(dir, "one")})
	mustBuild(t, BuildOptions{Src: dir, Out: filepath.Join(dir, "two"), Now: buildNow.Add(48 * time.Hour)})
	one, two := snapshot(t, filepath.Join(dir, "one")), snapshot(t, filepath.Join(dir, "two"))
	if err := sameFiles(one, two); err != nil {
		t.Error(err)
	}
	if len(one) < 50 {
		t.Errorf("only %d files built", len(one))
	}
}

func TestStaleFilesDoNotSurvive(t *testing.T) {
	dir := sitetest.WriteSite(t, fixture(testConfig, map[string]string{
		"content/briefings/a.md": briefingFile("A", "2024-01-01", []string{"Italy"}, ""),
		"content/briefings/b.md": briefingFile("B", "2024-01-02", []string{"Japan"}, ""),
	}))
	out := filepath.Join(dir, "public")
	mustBuild(t, BuildOptions{Src: dir})
	os.Remove(filepath.Join(dir, "content/briefings/b.md"))
	mustBuild(t, BuildOptions{Src: dir})
	for _, gone := range []string{"briefings/b/index.html", "countries/jp/index.html", "countries/jp/feed.xml"} {
		if _, err := os.Stat(filepath.Join(out, gone)); err == nil {
			t.Errorf("%s survived", gone)
		}
	}
}

func TestOutputFoldersThatMustBeRefused(t *testing.T) {
	dir := sitetest.WriteSite(t, fixture(testConfig, map[string]string{
		"content/briefings/a.md": briefingFile("A", "2024-01-01", []string{"Italy"}, ""),
		"notes/keep.txt":         "precious",
	}))
	for _, out := range []string{"/", dir, filepath.Dir(dir), filepath.Join(dir, "content"), filepath.Join(dir, "content/x"), filepath.Join(dir, "notes"), filepath.Join(dir, "notes/keep.txt")} {
		_, err := Build(BuildOptions{Src: dir, Out: out, Now: buildNow})
		if err == nil {
			t.Errorf("-out %s was accepted", out)
		}
	}
	if data, err := os.ReadFile(filepath.Join(dir, "notes/keep.txt")); string(data) != "precious\n" {
		t.Log(err)
		t.Error("a file brief did not create was touched")
	}
}
