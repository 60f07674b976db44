package markdown

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// FuzzConvert feeds arbitrary bodies to the converter: no panic, bounded
// time through the limits, no raw HTML let through, and broken links,
// warnings and refusals placed inside the body. A second converter with
// limits of two or three runs each body too, so that fuzzing reaches the
// paths that refuse a body, which the real limits put thousands of lines
// away.
func FuzzConvert(f *testing.F) {
	for _, seed := range []string{
		"Hello *world* [x](a.md) [^1]\n\n[^1]: note\n",
		"```json\n{\"a\": 1}\n```\n",
		"> > quote\n\n- a\n  - b\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n",
		"<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
		"[x](javascript:alert(1)) <a href=\"javascript:x\">y</a>",
		"![map](map.png) [up](../../x/?q=1#f) ![](/img/a%20b.png) [m](mailto:x@y) [h](//host/x)",
		"Term\n: def\n",
		strings.Repeat("> ", 200) + "deep",
		"| a | b |\n|---|---|\n| `x\\|y` | 2 |\n| 3 |\n\nx\ny\nz\nw\n",
		"[a]: /x\n[b]: /y\n[c]: /z\n\n[[[[a]]]] [^1] [^1] [^2] [^1]\n\n[^1]: a\n[^2]: b\n[^3]: c\n",
		"a\n: b\nc\nd\ne\n\nh\ni\nj\nk\n===\n",
		"```makefile\n" + strings.Repeat("a", 1200) + "\n```\n\n~~~jungle\na: 1\n~~~\n",
	} {
		f.Add(seed)
	}
	c := New(Options{})
	small := newConverter(Options{}, classesOnly, limits{tableColumns: 2, tableCells: 6, paragraphLines: 3,
		escapedPipes: 2, footnotes: 2, footnoteRefs: 3, definitions: 2, bracketDepth: 2})
	for _, c := range []*Converter{c, small} {
		// Chroma's jungle and jsonata lexers never end on some input: the
		// block budget stops them, and a short one keeps fuzzing fast.
		c.highlight.block = 20 * time.Millisecond
	}
	f.Fuzz(func(t *testing.T, src string) {
		lines := strings.Count(src, "\n") + 1
		inBody := func(line, col int) bool { return line >= 5 && line <= 5+lines && col >= 1 }
		for _, c := range []*Converter{c, small} {
			res, err := c.Convert([]byte(src), 5, &Links{Resolve: func(target string) (string, bool) { return "/x/", target == "a.md" }, Page: "/briefings/x/", BasePath: "/base"})
			var le *LimitError
			switch {
			case errors.As(err, &le):
				if !inBody(le.Line, le.Col) || le.Hint == "" {
					t.Fatalf("refusal outside the body or without a hint: %+v", le)
				}
				continue
			case err != nil:
				if _, ok := err.(*NestingError); !ok {
					t.Fatalf("unexpected error %v", err)
				}
				continue
			}
			if bad := unsafeMarkup([]byte(res.HTML)); bad != "" {
				t.Fatalf("unsafe markup %s in output:\n%s", bad, res.HTML)
			}
			for _, l := range res.BrokenLinks {
				if !inBody(l.Line, l.Col) {
					t.Fatalf("broken link outside the body: %+v", l)
				}
			}
			for _, r := range res.Refs {
				if !inBody(r.Line, r.Col) || !strings.HasPrefix(r.Path, "/") {
					t.Fatalf("reference outside the body, or not a site path: %+v", r)
				}
			}
			for _, w := range res.Warnings {
				if !inBody(w.Line, w.Col) {
					t.Fatalf("warning outside the body: %+v", w)
				}
			}
			if utf8.ValidString(src) && !utf8.ValidString(res.HTML) {
				t.Fatalf("valid UTF-8 in, invalid out")
			}
		}
	})
}

// unsafeMarkup parses HTML as a browser would and names the first element
// or attribute that could run script: a script, style or iframe element, an
// on* attribute, or a javascript:, vbscript: or data: address.
func unsafeMarkup(out []byte) string {
	z := html.NewTokenizer(bytes.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "style", "iframe", "object", "embed":
				return "<" + tok.Data + ">"
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") ||
					(a.Key == "href" || a.Key == "src") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:")) {
					return a.Key + "=" + a.Val
				}
			}
		}
	}
}
