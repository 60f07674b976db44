package generator

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"brief/internal/sitetest"
)

var update = flag.Bool("update", false, "rewrite golden files with the current output")

// TestExampleSite builds the repository's example site, as the README's
// `go run . build` does, and compares one briefing with its golden copy.
func TestExampleSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res := mustBuild(t, BuildOptions{Src: "..", Out: out})
	if res.Problems.Errors() != 0 {
		t.Fatal(res.Problems)
	}
	for _, p := range res.Problems {
		// The example shows warnings only where they are meant: two
		// briefings leave their summary out on purpose.
		if !strings.Contains(p.Message, "no summary") {
			t.Errorf("unexpected warning: %s", p)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(out, "briefings"))
	if len(entries) < 12 {
		t.Errorf("example site has %d briefings, want at least 12", len(entries))
	}
	countries := 0
	for _, e := range mustReadDir(t, filepath.Join(out, "countries")) {
		if e.IsDir() {
			countries++
		}
	}
	if countries < 10 {
		t.Errorf("example site covers %d countries, want at least 10", countries)
	}

	const page = "briefings/italy-ukraine-agreement/index.html"
	got, err := os.ReadFile(filepath.Join(out, page))
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "golden", "italy-ukraine-agreement.html")
	if *update {
		os.MkdirAll(filepath.Dir(golden), 0o755)
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./generator -run TestExampleSite -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s; if the change is intended, rerun with -update\n%s", page, golden, firstDiff(got, want))
	}

	// The example exercises highlighting and cross-links.
	doc := sitetest.ReadHTML(t, filepath.Join(out, "briefings/security-agreements-timeline/index.html"))
	if sitetest.Find(doc, sitetest.TagAttr("pre", "class", "chroma")) == nil {
		t.Error("the timeline's code block is not highlighted")
	}
	doc = sitetest.ReadHTML(t, filepath.Join(out, page))
	if sitetest.Find(doc, sitetest.TagAttr("a", "href", "/briefings/italy-ukraine-talks-begin/")) == nil {
		t.Error("the link to another briefing's file was not resolved")
	}
}

func mustReadDir(t *testing.T, dir string) []os.DirEntry {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// firstDiff shows the first differing line of two texts.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}

func itoa(i int) string { return strconv.Itoa(i) }
