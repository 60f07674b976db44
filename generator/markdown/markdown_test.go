package markdown

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/alecthomas/chroma/v2/styles"
)

func convert(t *testing.T, c *Converter, src string) Result {
	t.Helper()
	res, err := c.Convert([]byte(src), 1, &Links{Resolve: func(target string) (string, bool) {
		if target == "2023-08-02-italy-talks.md" || target == "../pages/about.md" {
			return "/briefings/italy-talks/", true
		}
		return "", false
	}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestConvertFeatures(t *testing.T) {
	c := New(Options{})
	tests := []struct {
		name, src string
		contains  []string
		excludes  []string
	}{
		{"raw HTML is omitted", "Hi <script>alert(1)</script> <b>x</b>\n\n<div onclick=\"x()\">block</div>\n",
			[]string{"<!-- raw HTML omitted -->"}, []string{"<script", "<b>", "<div", "onclick"}},
		{"dangerous link scheme dropped", "[x](javascript:alert(1))", []string{`<a href="">x</a>`}, []string{"javascript:"}},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |\n", []string{`<table tabindex="0">`, "<td>1</td>"}, nil},
		{"strikethrough", "~~old~~", []string{"<del>old</del>"}, nil},
		{"linkify", "see https://www.nato.int/ now", []string{`<a href="https://www.nato.int/">https://www.nato.int/</a>`}, nil},
		{"task list", "- [x] done\n- [ ] open\n", []string{`type="checkbox"`, "checked"}, nil},
		{"footnote", "Claim.[^1]\n\n[^1]: Source.\n", []string{`id="fn:1"`, `href="#fn:1"`}, nil},
		{"definition list", "Term\n: Definition\n", []string{"<dl>", "<dt>Term</dt>", "<dd>Definition</dd>"}, nil},
		{"typographer", `"Quoted" -- dash...`, []string{"&ldquo;Quoted&rdquo;", "&ndash;", "&hellip;"}, nil},
		{"heading ids", "## What the deal covers\n\n## What the deal covers\n", []string{`<h2 id="what-the-deal-covers">`, `<h2 id="what-the-deal-covers-1">`}, nil},
		{"highlighted code uses classes", "```json\n{\"a\": 1}\n```\n", []string{`<pre class="chroma">`, `<span class="nt">&#34;a&#34;</span>`}, []string{"style="}},
		{"unknown language is plain", "```nosuchlang\n<tag> & x\n```\n", []string{`<pre><code class="language-nosuchlang">&lt;tag&gt; &amp; x`}, []string{"chroma"}},
		{"no language is plain", "```\nplain\n```\n", []string{"<pre><code>plain"}, nil},
		{"link to a briefing file", "[talks](2023-08-02-italy-talks.md#background)", []string{`href="/briefings/italy-talks/#background"`}, nil},
		{"other links untouched", "[a](https://example.org/x.md) [b](/x.md) [c](#x)", []string{`href="https://example.org/x.md"`, `href="/x.md"`, `href="#x"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html := string(convert(t, c, tt.src).HTML)
			for _, want := range tt.contains {
				if !strings.Contains(html, want) {
					t.Errorf("output lacks %q:\n%s", want, html)
				}
			}
			for _, bad := range tt.excludes {
				if strings.Contains(html, bad) {
					t.Errorf("output contains %q:\n%s", bad, html)
				}
			}
		})
	}
}

func TestUnsafeHTMLWhenAsked(t *testing.T) {
	html := string(convert(t, New(Options{UnsafeHTML: true}), "Hi <b>x</b>\n").HTML)
	if !strings.Contains(html, "<b>x</b>") {
		t.Errorf("unsafe mode dropped raw HTML: %s", html)
	}
}

func TestBrokenLinksHavePositions(t *testing.T) {
	c := New(Options{})
	res, err := c.Convert([]byte("First line.\n\nSee [the talks](missing.md) and\n[again](sub/gone.md#x).\n"), 20, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []BrokenLink{{Target: "missing.md", Line: 22, Col: 5}, {Target: "sub/gone.md", Line: 23, Col: 1}}
	if len(res.BrokenLinks) != len(want) {
		t.Fatalf("broken links = %+v, want %+v", res.BrokenLinks, want)
	}
	for i := range want {
		if res.BrokenLinks[i] != want[i] {
			t.Errorf("broken link %d = %+v, want %+v", i, res.BrokenLinks[i], want[i])
		}
	}
}

func TestDerivedSummary(t *testing.T) {
	c := New(Options{})
	tests := []struct{ src, want string }{
		{"## Heading\n\nFirst *para*graph with a [link](https://x.org) and `code`.[^1]\n\nSecond.\n\n[^1]: Note.\n", "First paragraph with a link and code."},
		{"\"Quoted\" words -- here.", "“Quoted” words – here."},
		{strings.Repeat("word ", 60), strings.TrimSpace(strings.Repeat("word ", 40)) + "…"},
		{"One\nline break.", "One line break."},
		{"```\ncode only\n```\n", ""},
	}
	for _, tt := range tests {
		if got := convert(t, c, tt.src).Summary; got != tt.want {
			t.Errorf("summary of %q = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// TestTextIsWhatReadersSee checks Result.Text, which the search index
// takes its words from: the words of text and code, whole across inline
// markup, and neither link addresses nor raw HTML.
func TestTextIsWhatReadersSee(t *testing.T) {
	src := "# Head\n\nSome **bo**ld [link text](2024-03-01-x.md) and `code span`.\n\n```go\nfunc main() {}\n```\n\n<div>raw html</div>\n\n- item one\n- item two\n\n![a map](map.png)\n"
	got := strings.Fields(convert(t, New(Options{}), src).Text)
	want := strings.Fields("Head Some bold link text and code span. func main() {} item one item two a map")
	if !slices.Equal(got, want) {
		t.Errorf("Text reads %q, want %q", got, want)
	}
}

func TestWordCount(t *testing.T) {
	if got := convert(t, New(Options{}), "Three *little* words.\n\n- and two\n").Words; got != 5 {
		t.Errorf("Words = %d, want 5", got)
	}
	for src, want := range map[string]int{
		"":                                 0,
		"Zürich, naïve café — 2024!":       4,
		"Київ і Львів":                     3,
		"東京 and 北京":                        3,
		"bad \xff\xfe bytes split\xffhere": 4,
		"e-mail user@example.org":          5,
	} {
		if got := countWords([]byte(src)); got != want {
			t.Errorf("countWords(%q) = %d, want %d", src, got, want)
		}
	}
}

// TestConcurrentUse converts on many goroutines with one converter; run
// with -race it shows the converter holds no shared mutable state.
func TestConcurrentUse(t *testing.T) {
	c := New(Options{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := strings.Repeat("Para [x](missing.md) with ```go\nfunc(){}\n```\n\n", i+1)
			res, err := c.Convert([]byte(src), 1, nil)
			if err != nil || len(res.BrokenLinks) == 0 {
				t.Errorf("concurrent convert: %v %v", err, res.BrokenLinks)
			}
		}()
	}
	wg.Wait()
}

func TestHighlightCSSKeepsStylesApart(t *testing.T) {
	css, err := HighlightCSS()
	if err != nil {
		t.Fatal(err)
	}
	s := string(css)
	light := strings.Index(s, "@media not all and (prefers-color-scheme: dark)")
	dark := strings.Index(s, "@media (prefers-color-scheme: dark)")
	if light < 0 || dark < light || !strings.Contains(s[light:dark], ".chroma") || !strings.Contains(s[dark:], ".chroma") {
		t.Errorf("chroma.css does not hold a light and a dark block:\n%.400s", s)
	}
	if strings.Count(s, "{")-strings.Count(s, "}") != 0 {
		t.Error("unbalanced braces")
	}
}

// TestHighlightingIgnoresTheStyle backs the empty style the converter hands
// the highlighter: with class names, a full style must give the same HTML,
// in every language an author is likely to use.
func TestHighlightingIgnoresTheStyle(t *testing.T) {
	full := newConverter(Options{}, styles.Get(LightStyle), defaultLimits)
	if styles.Get(LightStyle) == styles.Fallback {
		t.Fatalf("style %s not found", LightStyle)
	}
	blocks := map[string]string{
		"json":   `{"a": [1, 2.5, true, null], "b": "x\u00e9"}`,
		"yaml":   "a: 1\nb: [x, 'y']\n# note\nc: |\n  text",
		"go":     "package main\n\nfunc main() { println(\"hi\", 1<<3) } // done",
		"python": "def f(x):\n    return x ** 2  # square\n",
		"bash":   "for f in *.md; do echo \"$f\" | wc -l; done",
		"html":   "<p class=\"x\">a &amp; b</p><script>var x = 1;</script>",
		"sql":    "SELECT name FROM t WHERE id = 3 -- one",
		"diff":   "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y",
		"toml":   "[site]\ntitle = \"x\"\nn = 3",
	}
	for lang, code := range blocks {
		src := "Text.\n\n```" + lang + "\n" + code + "\n```\n"
		got, want := convert(t, New(Options{}), src).HTML, convert(t, full, src).HTML
		if !strings.Contains(want, `class="chroma"`) || strings.Count(want, "<span") < 3 {
			t.Fatalf("%s: the block was not highlighted:\n%s", lang, want)
		}
		if got != want {
			t.Errorf("%s: the empty style changed the HTML:\n got %s\nwant %s", lang, got, want)
		}
	}
}
