package render

import (
	"fmt"
	"strings"
	"testing"

	"brief/generator/markdown"
	"brief/templates"
)

func TestNearestAddress(t *testing.T) {
	idx := indexAddresses([]string{"/", "/about/", "/briefings/apulia/", "/briefings/apulia/map.png", "/briefings/talks/",
		"/css/site.css", "/img/logo.png", "/img/map.png", "/methods/"})
	tests := []struct{ target, want string }{
		{"/img/mpa.png", "/img/map.png"},                          // a slip in the same folder
		{"/briefings/talks/map.png", "/briefings/apulia/map.png"}, // the same file elsewhere: the first, in order
		{"/abuot/", "/about/"},
		{"/metods/", "/methods/"},
		{"/briefings/tlaks/", "/briefings/talks/"},
		{"/img/photo.jpg", ""}, // nothing close
		{"/nowhere/x.png", ""},
	}
	for _, tt := range tests {
		if got := idx.nearest(tt.target); got != tt.want {
			t.Errorf("nearest(%q) = %q, want %q", tt.target, got, tt.want)
		}
	}
}

// TestManyBrokenAddresses renders a page full of distinct broken
// addresses: each is reported at its place, without the search for what
// it meant, which would cost a search of the site each.
func TestManyBrokenAddresses(t *testing.T) {
	s := testSite(3)
	var body strings.Builder
	const n = maxSuggested + 5
	for i := range n {
		fmt.Fprintf(&body, "![x](/img/b%d.png)\n\n", i)
	}
	s.Briefings[0].Body = []byte(body.String())
	s.Briefings[0].BodyLine = 8
	w := &memWriter{files: map[string][]byte{}}
	_, probs := Render(s, Options{Templates: templates.FS, Markdown: markdown.New(markdown.Options{}), Out: w, Files: []string{"img/b0.pn"}})
	if len(probs) != n {
		t.Fatalf("%d problems, want %d: %v", len(probs), n, probs)
	}
	for i, p := range probs {
		if p.Line != 8+2*i || p.Col != 1 || strings.Contains(p.Hint, "did you mean") {
			t.Errorf("problem %d: %v", i, p)
		}
	}

	// Few of them get a suggestion.
	s.Briefings[0].Body = []byte("![x](/img/b0.png)\n")
	_, probs = Render(s, Options{Templates: templates.FS, Markdown: markdown.New(markdown.Options{}), Out: &memWriter{files: map[string][]byte{}}, Files: []string{"img/b0.pn"}})
	if len(probs) != 1 || probs[0].Hint != `did you mean "/img/b0.pn"?` {
		t.Errorf("one broken address: %v", probs)
	}
}
