package markdown

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// FuzzConvert feeds arbitrary bodies to the converter: no panic, bounded
// time through the nesting limits, no raw HTML let through, and broken
// links placed inside the body.
func FuzzConvert(f *testing.F) {
	for _, seed := range []string{
		"Hello *world* [x](a.md) [^1]\n\n[^1]: note\n",
		"```json\n{\"a\": 1}\n```\n",
		"> > quote\n\n- a\n  - b\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n",
		"<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
		"[x](javascript:alert(1)) <a href=\"javascript:x\">y</a>",
		"Term\n: def\n",
		strings.Repeat("> ", 200) + "deep",
	} {
		f.Add(seed)
	}
	c := New(Options{})
	f.Fuzz(func(t *testing.T, src string) {
		res, err := c.Convert([]byte(src), 5, func(target string) (string, bool) { return "/x/", target == "a.md" })
		if err != nil {
			if _, ok := err.(*NestingError); !ok {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if bad := unsafeMarkup([]byte(res.HTML)); bad != "" {
			t.Fatalf("unsafe markup %s in output:\n%s", bad, res.HTML)
		}
		lines := strings.Count(src, "\n") + 1
		for _, l := range res.BrokenLinks {
			if l.Line < 5 || l.Line > 5+lines || l.Col < 1 {
				t.Fatalf("broken link outside the body: %+v", l)
			}
		}
		if utf8.ValidString(src) && !utf8.ValidString(res.HTML) {
			t.Fatalf("valid UTF-8 in, invalid out")
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
