package markdown

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// addresses returns the href of every link and the src of every image of
// a converted body, in order.
func addresses(t *testing.T, body string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			if n.Data == "a" && a.Key == "href" || n.Data == "img" && a.Key == "src" {
				out = append(out, a.Val)
			}
		}
	}
	return out
}

func TestSiteAddressesGetTheBasePath(t *testing.T) {
	c := New(Options{})
	links := &Links{
		Resolve:  func(target string) (string, bool) { return "/briefs/briefings/talks/", target == "talks.md" },
		Page:     "/briefings/apulia/",
		BasePath: "/briefs",
	}
	tests := []struct {
		src  string
		want string // the address on the page
		ref  string // the site path listed in Refs, "" for none
	}{
		{"![map](/img/map.png)", "/briefs/img/map.png", "/img/map.png"},
		{"[about](/about/)", "/briefs/about/", "/about/"},
		{"[about](/about)", "/briefs/about", "/about"},
		{"![map](map.png)", "/briefs/briefings/apulia/map.png", "/briefings/apulia/map.png"},
		{"![map](./img/map.png)", "/briefs/briefings/apulia/img/map.png", "/briefings/apulia/img/map.png"},
		{"[all](../)", "/briefs/briefings/", "/briefings/"},
		{"[home](../..)", "/briefs/", "/"},
		{"[up](../../../../etc/x)", "/briefs/etc/x", "/etc/x"},
		{"[q](/search/?q=nato#top)", "/briefs/search/?q=nato#top", "/search/"},
		{"![sp](<map of italy.png>)", "/briefs/briefings/apulia/map%20of%20italy.png", "/briefings/apulia/map of italy.png"},
		{"![sp](/img/a%20b.png)", "/briefs/img/a%20b.png", "/img/a b.png"},
		{"[talks](talks.md#x)", "/briefs/briefings/talks/#x", ""},
		{"[ext](https://example.org/a.png)", "https://example.org/a.png", ""},
		{"[host](//example.org/a)", "//example.org/a", ""},
		{"[mail](mailto:desk@example.org)", "mailto:desk@example.org", ""},
		{"[fn](#fn:1)", "#fn:1", ""},
	}
	for _, tt := range tests {
		res, err := c.Convert([]byte(tt.src), 1, links)
		if err != nil {
			t.Fatal(err)
		}
		got := addresses(t, res.HTML)
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("Convert(%q): addresses %q, want [%q]", tt.src, got, tt.want)
		}
		var refs []string
		for _, r := range res.Refs {
			refs = append(refs, r.Path)
		}
		var want []string
		if tt.ref != "" {
			want = []string{tt.ref}
		}
		if !reflect.DeepEqual(refs, want) {
			t.Errorf("Convert(%q): refs %q, want %q", tt.src, refs, want)
		}
	}
}

func TestRefsHavePositions(t *testing.T) {
	src := "Intro.\n\nSee ![the map](/img/map.png) and\n[the notes](notes.pdf), ![](x.png).\n"
	res, err := New(Options{}).Convert([]byte(src), 10, &Links{Page: "/briefings/a/"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Ref{
		{Path: "/img/map.png", Written: "/img/map.png", Image: true, Line: 12, Col: 5},
		{Path: "/briefings/a/notes.pdf", Written: "notes.pdf", Line: 13, Col: 1},
		{Path: "/briefings/a/x.png", Written: "x.png", Image: true, Line: 13, Col: 25},
	}
	if !reflect.DeepEqual(res.Refs, want) {
		t.Errorf("refs:\n got %+v\nwant %+v", res.Refs, want)
	}
}

func TestWithoutPageRelativeAddressesStay(t *testing.T) {
	res, err := New(Options{}).Convert([]byte("![m](map.png) ![r](/img/r.png)"), 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := addresses(t, res.HTML); !reflect.DeepEqual(got, []string{"map.png", "/img/r.png"}) {
		t.Errorf("addresses %q", got)
	}
	if len(res.Refs) != 1 || res.Refs[0].Path != "/img/r.png" {
		t.Errorf("refs %+v, want /img/r.png alone", res.Refs)
	}
}
