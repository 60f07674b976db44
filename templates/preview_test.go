package templates_test

import (
	"bytes"
	"html/template"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"brief/generator/markdown"
	"brief/generator/render"
	"brief/templates"
)

const bodyMD = "On 12 July 2023, while NATO leaders were still meeting in Vilnius, the heads of the Group of Seven endorsed a **Joint Declaration of Support for Ukraine**.[^1] See the [official text](https://www.president.gov.ua/en/news/very-long-address-that-goes-on-and-on-without-any-break-at-all-to-test-wrapping).\n\n" +
	"## A framework, not a treaty\n\nThe declaration is political rather than legally binding:\n\n- modern military equipment for land, air and sea forces;\n- training for Ukrainian personnel;\n- help in developing Ukraine's own defence industry.\n\n" +
	"> The signatories would consult quickly with Kyiv on next steps.\n\n" +
	"| Country | Signed | Duration | Amount pledged | Notes on the agreement |\n| --- | --- | --- | --- | --- |\n| United Kingdom | 12 January 2024 | 10 years | £2.5 billion | first of the bilateral agreements signed |\n| Germany | 16 February 2024 | 10 years | €7.1 billion | signed in Berlin |\n\n" +
	"Term\n: A definition of the term, explained in a sentence.\n\n" +
	"```go\nfunc main() {\n\tfmt.Println(\"a very long line of code that should scroll inside its own box rather than the page\")\n}\n```\n\n" +
	"Some `inline code` too.\n\n[^1]: Italy held the G7 presidency in 2024.\n"

func TestPreview(t *testing.T) {
	out := "/tmp/theme-preview"
	os.RemoveAll(out)
	os.MkdirAll(out, 0o755)
	base, err := template.ParseFS(templates.FS, "base.html", "partials/*.html")
	if err != nil {
		t.Fatal(err)
	}
	conv := markdown.New(markdown.Options{})
	res, err := conv.Convert([]byte(bodyMD), 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	css, _ := markdown.HighlightCSS()

	site := &render.SiteView{
		Title: "Security Guarantees Briefings", Description: "Short, sourced briefings on the security agreements between Ukraine and its partners since the 2023 Vilnius summit.",
		Language: "en", HomeURL: "/", BaseURL: "https://briefings.example.org", Publisher: "Security Guarantees Briefings",
		Nav: []render.Link{{URL: "/", Text: "Latest"}, {URL: "/countries/", Text: "Countries"}, {URL: "/tags/", Text: "Topics"}, {URL: "/archive/", Text: "Archive"}, {URL: "/about/", Text: "About"}},
		FeedURL: "/feed.xml", CSS: []string{"css/site.css", "css/chroma.css"},
	}
	head := func(kind, title string, cur int) render.Head {
		s := *site
		s.Nav = append([]render.Link(nil), site.Nav...)
		if cur >= 0 {
			s.Nav[cur].Current = true
		}
		return render.Head{Site: &s, Kind: kind, Title: title, FullTitle: title + " | " + site.Title, Description: "A description of " + title,
			URL: "/x/", Canonical: "https://briefings.example.org/x/", OGType: "website",
			Feeds: []render.FeedLink{{Title: site.Title, URL: "https://briefings.example.org/feed.xml", Type: "application/rss+xml"}}}
	}
	ua := render.CountryLink{Code: "UA", Name: "Ukraine", Flag: "🇺🇦", URL: "/countries/ua/"}
	it := render.CountryLink{Code: "IT", Name: "Italy", Flag: "🇮🇹", URL: "/countries/it/"}
	gb := render.CountryLink{Code: "GB", Name: "United Kingdom", Flag: "🇬🇧", URL: "/countries/gb/"}
	d := render.Date{ISO: "2023-08-02T10:00:00+03:00", Human: "2 August 2023"}
	item := func(title string, cs ...render.CountryLink) render.Item {
		return render.Item{Title: title, URL: "/briefings/x/", Summary: "Kyiv held its first round of consultations with Rome on a security-guarantees agreement under the G7 declaration.", Date: d, Countries: cs}
	}
	items := []render.Item{
		item("Ukraine and Italy open talks on a bilateral security agreement", ua, it),
		item("United Kingdom becomes the first country to sign a security agreement with Ukraine", ua, gb),
		item("Explainer: how the G7 declaration on Ukraine turned into a wider coalition", ua, it, gb, render.CountryLink{Name: "United States", Flag: "🇺🇸", URL: "/countries/us/"}, render.CountryLink{Name: "Japan", Flag: "🇯🇵", URL: "/countries/jp/"}, render.CountryLink{Name: "Canada", Flag: "🇨🇦", URL: "/countries/ca/"}),
	}
	pag := render.Pagination{Current: 1, Total: 3, NextURL: "/page/2/", Pages: []render.PageNumber{{1, "/", true}, {2, "/page/2/", false}, {3, "/page/3/", false}}}
	up := render.Date{ISO: "2023-08-05T00:00:00+03:00", Human: "5 August 2023"}
	bh := head("briefing", "Ukraine and Italy open talks on a bilateral security agreement", -1)
	bh.OGType = "article"
	bh.JSONLD = template.JS(`{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ukraine and Italy </script> talks"}`)
	older, newer := items[1], items[2]
	pages := map[string]any{
		"briefing": render.BriefingPage{Head: bh, Date: d, Updated: &up, Author: "Brief desk", Countries: []render.CountryLink{ua, it},
			Tags: []render.Link{{URL: "/tags/g7/", Text: "G7"}, {URL: "/tags/security-guarantees/", Text: "security guarantees"}},
			Summary: "Kyiv held its first round of consultations with Rome on a security-guarantees agreement under the G7 declaration.",
			Body: template.HTML(res.HTML), ReadingMinutes: 2,
			Sources: []render.SourceView{{Name: "Office of the President of Ukraine", URL: "https://www.president.gov.ua/en/news/a-really-long-url-without-breaks-zelenskyy-italy-consultations-security-guarantees-2023", Title: "Consultations with Italy begin", Date: &d}, {Name: "Rubryka"}, {Name: "Government of Italy", URL: "https://www.governo.it/"}},
			Related: items[1:], Older: &older, Newer: &newer},
		"home": render.ListPage{Head: head("home", "Latest briefings", 0), Items: items, Pagination: pag,
			TopCountries: []render.CountryCount{{ua, 19}, {it, 3}, {gb, 1}}},
		"list": render.ListPage{Head: head("country", "Ukraine", 1), Country: &render.CountryView{CountryLink: ua, Region: "Europe"},
			Intro: "<p>Ukraine is at the centre of every briefing on this portal.</p>", FeedURL: "/countries/ua/feed.xml", Items: items,
			Pagination: render.Pagination{Current: 2, Total: 3, PrevURL: "/", NextURL: "/page/3/", Pages: []render.PageNumber{{1, "/", false}, {2, "/page/2/", true}, {3, "/page/3/", false}}}},
		"tag": render.ListPage{Head: head("tag", "G7", 2), FeedURL: "/tags/g7/feed.xml", Items: items[:1], Pagination: render.Pagination{Current: 1, Total: 1}},
		"countries": render.CountriesPage{Head: head("countries", "Countries", 1), Total: 3, Regions: []render.Region{
			{Name: "Europe", Countries: []render.CountryCount{{it, 3}, {ua, 19}, {gb, 1}}}, {Name: "Americas", Countries: []render.CountryCount{{render.CountryLink{Name: "Canada", Flag: "🇨🇦", URL: "/countries/ca/"}, 2}}}}},
		"tags": render.TagsPage{Head: head("tags", "Topics", 2), Tags: []render.TagCount{{render.Link{URL: "/tags/g7/", Text: "G7"}, 7}, {render.Link{URL: "/tags/nato/", Text: "NATO"}, 1}}},
		"archive": render.ArchivePage{Head: head("archive", "Archive", 3), Total: 3, Years: []render.Year{
			{2024, []render.Month{{"January", "2024-01", items[1:2]}}}, {2023, []render.Month{{"August", "2023-08", items[2:]}, {"July", "2023-07", items[:1]}}}}},
		"page": render.StandalonePage{Head: head("page", "About", 4), Body: "<p>This portal publishes short, neutral briefings.</p><h2 id=\"how\">How</h2><p>Carefully.</p>"},
		"404":  render.StandalonePage{Head: func() render.Head { h := head("404", "Page not found", -1); h.NoIndex = true; return h }()},
	}
	for name, data := range pages {
		file := name + ".html"
		if name == "tag" {
			file = "list.html"
		}
		tm, err := base.Clone()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tm.ParseFS(templates.FS, file); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := tm.ExecuteTemplate(&b, "base", data); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		os.WriteFile(filepath.Join(out, name+".html"), b.Bytes(), 0o644)
	}
	if err := exec.Command("cp", "-r", "../static/css", "../static/favicon.svg", out).Run(); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(out, "css", "chroma.css"), css, 0o644)
}
