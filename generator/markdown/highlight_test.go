package markdown

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2/lexers"
)

// fence wraps code in a fenced block of a language.
func fence(lang, code string) string { return "```" + lang + "\n" + code + "\n```\n" }

// longLines is n lines of width bytes each, on which the makefile lexer
// backtracks: each costs the square of its length.
func longLines(n, width int) string {
	return strings.TrimSuffix(strings.Repeat(strings.Repeat("a", width)+"\n", n), "\n")
}

func TestHighlightLimits(t *testing.T) {
	json := func(size int) string { return strings.Repeat(`{"a": 1}`+"\n", size/9) }
	tests := []struct {
		name      string
		src       string
		line, col int // of the warning, in a body starting on line 10; 0: none
		message   string
	}{
		{"ordinary block", fence("makefile", "all:\n\tgo build ./..."), 0, 0, ""},
		{"line at the limit", fence("makefile", longLines(1, MaxHighlightLine-1)), 0, 0, ""},
		{"long line", "Intro.\n\n" + fence("makefile", "x = 1\n"+longLines(1, 20000)),
			12, 1, "code block not highlighted: it has a line of more than 1000 bytes"},
		{"long line in a quote", "> Quote.\n>\n>  ~~~hcl\n> " + longLines(1, 5000) + "\n> ~~~\n",
			12, 4, "code block not highlighted: it has a line of more than 1000 bytes"},
		{"large block", fence("json", json(MaxHighlightBlock+100)),
			10, 1, "code block not highlighted: it is more than 16 KB"},
		{"too much code in the file", strings.Repeat(fence("json", json(15000)), 4) + "\n" + fence("json", json(15000)),
			10 + 4*strings.Count(fence("json", json(15000)), "\n") + 1, 1, "code block not highlighted: the file has more than 64 KB of code to highlight"},
		{"too many languages", func() string {
			var b strings.Builder
			for i := range MaxLanguages + 1 {
				b.WriteString(fence(fmt.Sprintf("lang%d", i), "x"))
			}
			return b.String()
		}(), 10 + 3*MaxLanguages, 1, "code block not highlighted: the file names more than 16 languages"},
		{"plain blocks are not counted", strings.Repeat(fence("", "x"), 100), 0, 0, ""},
	}
	c := New(Options{})
	// Only the size limits here, on any machine, with -race too.
	c.highlight.block, c.highlight.file = time.Hour, time.Hour
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := c.Convert([]byte(tt.src), 10, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.line == 0 {
				if len(res.Warnings) > 0 {
					t.Errorf("warnings %+v, want none", res.Warnings)
				}
				return
			}
			if len(res.Warnings) != 1 {
				t.Fatalf("warnings %+v, want one", res.Warnings)
			}
			w := res.Warnings[0]
			if w.Line != tt.line || w.Col != tt.col || w.Message != tt.message || w.Hint == "" {
				t.Errorf("warning %d:%d: %s (%s), want %d:%d: %s", w.Line, w.Col, w.Message, w.Hint, tt.line, tt.col, tt.message)
			}
			if !strings.Contains(res.HTML, `<pre><code class="language-`) {
				t.Errorf("the block is not shown plain:\n%.300s", res.HTML)
			}
		})
	}
}

// TestPlainFallbackIsEscaped checks that a block left plain shows its code
// as text, like one in a language chroma does not know.
func TestPlainFallbackIsEscaped(t *testing.T) {
	code := "<script>alert(1)</script> & " + strings.Repeat("x", MaxHighlightLine)
	res := convert(t, New(Options{}), fence("html", code))
	want := `<pre><code class="language-html">&lt;script&gt;alert(1)&lt;/script&gt; &amp; ` + strings.Repeat("x", MaxHighlightLine) + "\n</code></pre>\n"
	if res.HTML != want {
		t.Errorf("HTML = %.200q, want %.200q", res.HTML, want)
	}
}

// TestHighlightTimeBudget gives the highlighter budgets too small for any
// block: highlighting stops, the block is plain, and a warning says so.
func TestHighlightTimeBudget(t *testing.T) {
	src := fence("makefile", longLines(15, 900)) + "\n" + fence("json", `{"a": 1}`)
	t.Run("block", func(t *testing.T) {
		c := New(Options{})
		c.highlight.block = time.Nanosecond
		// The warnings and the plain block show that the budget stopped
		// the lexer; how long that took is the machine's.
		res := convert(t, c, src)
		if len(res.Warnings) != 2 || res.Warnings[0].Message != "code block not highlighted: highlighting it took more than 1ns" ||
			res.Warnings[1].Line != 19 || res.Warnings[1].Col != 1 {
			t.Errorf("warnings %+v", res.Warnings)
		}
		if strings.Contains(res.HTML, "chroma") {
			t.Errorf("a block was highlighted:\n%.300s", res.HTML)
		}
	})
	t.Run("file", func(t *testing.T) {
		c := New(Options{})
		c.highlight.file = time.Nanosecond
		res := convert(t, c, src)
		if len(res.Warnings) != 2 || res.Warnings[0].Message != "code block not highlighted: highlighting this file took more than 1ns" ||
			res.Warnings[1].Message != "code block not highlighted: highlighting this file took more than 1ns" {
			t.Errorf("warnings %+v", res.Warnings)
		}
	})
}

// TestHighlightEndlessLexer: chroma's jungle and jsonata lexers yield
// tokens forever on ordinary text (goldmark-highlighting hung on them).
// The block budget ends them.
func TestHighlightEndlessLexer(t *testing.T) {
	c := New(Options{})
	c.highlight.block = 50 * time.Millisecond
	for _, lang := range []string{"jungle", "jsonata"} {
		res := convert(t, c, fence(lang, `for f in *.md; do echo "$f" | wc -l; done`))
		if len(res.Warnings) != 1 || res.Warnings[0].Message != "code block not highlighted: highlighting it took more than 50ms" {
			t.Errorf("%s: warnings %+v", lang, res.Warnings)
		}
	}
}

// TestHighlightedCodeInFootnotes checks that code in a footnote is
// highlighted like code anywhere else.
func TestHighlightedCodeInFootnotes(t *testing.T) {
	res := convert(t, New(Options{}), "Text.[^1]\n\n[^1]: Note.\n\n    ```json\n    {\"a\": 1}\n    ```\n")
	if !strings.Contains(res.HTML, `<pre class="chroma">`) {
		t.Errorf("code in a footnote not highlighted:\n%s", res.HTML)
	}
}

// TestTokeniseCoalesces checks the tokens hold the code, and that runs of
// one type are merged as chroma.Coalesce merges them.
func TestTokeniseCoalesces(t *testing.T) {
	for _, code := range []string{"a b c", strings.Repeat("é", 10000), "x := 1 // c\n\ty := \"s\"\n"} {
		tokens, ok := tokenise(lexers.Get("go"), code, time.Now().Add(time.Minute))
		if !ok {
			t.Fatal("timed out")
		}
		var b strings.Builder
		for i, tok := range tokens {
			b.WriteString(tok.Value)
			if i > 0 && tokens[i-1].Type == tok.Type && len(tokens[i-1].Value) < 8192 {
				t.Errorf("tokens %d and %d of type %v not merged", i-1, i, tok.Type)
			}
		}
		if got := strings.TrimSuffix(b.String(), "\n"); got != strings.TrimSuffix(code, "\n") {
			t.Errorf("tokens hold %.50q, want %.50q", got, code)
		}
	}
}

func TestLineCol(t *testing.T) {
	d := &doc{source: []byte("ab\n\ncd\né"), firstLine: 5}
	tests := []struct{ offset, line, col int }{
		{0, 5, 1}, {1, 5, 2}, {2, 5, 3}, {3, 6, 1}, {4, 7, 1}, {6, 7, 3}, {7, 8, 1}, {9, 8, 3}, {99, 8, 3},
	}
	for _, tt := range tests {
		if line, col := d.lineCol(tt.offset); line != tt.line || col != tt.col {
			t.Errorf("lineCol(%d) = %d:%d, want %d:%d", tt.offset, line, col, tt.line, tt.col)
		}
	}
}
