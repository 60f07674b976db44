package markdown

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// table makes a GFM table: a header of columns cells, then rows rows of
// cells cells each.
func table(columns, rows, cells int) string {
	var b strings.Builder
	b.WriteString(strings.Repeat("| h ", columns) + "|\n" + strings.Repeat("|---", columns) + "|\n")
	for range rows {
		b.WriteString(strings.Repeat("| x ", cells) + "|\n")
	}
	return b.String()
}

// footnoted makes n references to n footnotes, then their definitions.
func footnoted(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Claim.[^%d]\n\n", i)
	}
	for i := range n {
		fmt.Fprintf(&b, "\n[^%d]: Source %d.\n", i, i)
	}
	return b.String()
}

// definitions makes n link reference definitions in one paragraph.
func definitions(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[r%d]: https://example.org/%d\n", i, i)
	}
	return b.String()
}

func TestLimitsRefuse(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		line, col int // in a body that starts on line 10
		msg       string
	}{
		{"wide table", "Intro.\n\n" + table(MaxTableColumns+1, 1, 1),
			12, 1, "table has 65 columns, more than 64"},
		{"the 2,000 × 2,000 table", table(2000, 2000, 1),
			10, 1, "table has 2000 columns, more than 64"},
		{"too many cells", table(10, MaxTableCells/10, 10),
			10, 1, "table has 20010 cells (10 columns by 2001 rows), more than 20000"},
		{"table after text in one paragraph", "Text\n" + table(MaxTableColumns+1, 1, 1),
			11, 1, "table has 65 columns, more than 64"},
		{"footnotes", footnoted(MaxFootnotes + 1),
			9 + 4*(MaxFootnotes+1), 1, "more than 1000 footnotes in one file"},
		{"footnote references", strings.Repeat("See[^1] ", MaxFootnoteRefs) + "again[^1].\n\n[^1]: Source.\n",
			10, 8*MaxFootnoteRefs + 6, "more than 5000 footnote references in one file"},
		{"link definitions in one paragraph", definitions(MaxLinkDefinitions + 1),
			10 + MaxLinkDefinitions, 1, "more than 1000 link reference definitions in one file"},
		{"link definitions apart", strings.Repeat("[a]: /x\n\n", MaxLinkDefinitions) + "  [b]: /y\n",
			10 + 2*MaxLinkDefinitions, 3, "more than 1000 link reference definitions in one file"},
		{"long paragraph", strings.Repeat("[a]\n", MaxParagraphLines+1),
			10 + MaxParagraphLines, 1, "paragraph is more than 1000 lines long"},
		{"long paragraph in a list", "- " + strings.Repeat("x [^1]\n  ", MaxParagraphLines+1) + "\n\n[^1]: n\n",
			10 + MaxParagraphLines, 3, "paragraph is more than 1000 lines long"},
		{"long setext heading", strings.Repeat("[a]\n", MaxParagraphLines+1) + "===\n",
			10 + MaxParagraphLines, 1, "paragraph is more than 1000 lines long"},
		{"a header that does not match is no table", "| a |\n|---|---|\n" + strings.Repeat("x\n", MaxParagraphLines),
			10 + MaxParagraphLines, 1, "paragraph is more than 1000 lines long"},
		{"escaped pipes in code in tables", strings.Repeat("| a |\n|---|\n| `x\\|y` |\n\n", MaxEscapedPipes+1),
			10 + 4*MaxEscapedPipes + 2, 1, `more than 1000 escaped pipes (\|) in table cells with code in one file`},
		{"nested brackets", "Text " + strings.Repeat("[a", 5000) + strings.Repeat("]", 5000),
			10, 6 + 2*MaxBracketDepth, "brackets [ nest more than 32 deep"},
		{"nested images", strings.Repeat("![", 100),
			10, 1 + 2*MaxBracketDepth, "brackets [ nest more than 32 deep"},
		{"the earliest problem is reported", strings.Repeat("[x", 40) + "\n\n" + table(100, 1, 1),
			10, 1 + 2*MaxBracketDepth, "brackets [ nest more than 32 deep"},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Convert([]byte(tt.src), 10, nil)
			var le *LimitError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want a LimitError", err)
			}
			if le.Line != tt.line || le.Col != tt.col || le.Msg != tt.msg || le.Hint == "" {
				t.Errorf("got %d:%d: %s (%s), want %d:%d: %s", le.Line, le.Col, le.Msg, le.Hint, tt.line, tt.col, tt.msg)
			}
		})
	}
}

func TestLimitsLetRealBodiesThrough(t *testing.T) {
	tests := []struct{ name, src string }{
		{"table at the limits", table(MaxTableColumns, MaxTableCells/MaxTableColumns-1, MaxTableColumns)},
		{"long narrow table", table(2, MaxTableCells/2-1, 2)},
		{"table rows are not paragraph lines", table(1, MaxParagraphLines+5, 1)},
		{"footnotes", footnoted(MaxFootnotes)},
		{"footnote markers without footnotes", strings.Repeat("[^x] ", MaxFootnoteRefs+1)},
		{"definitions", definitions(MaxLinkDefinitions)},
		{"long paragraph", strings.Repeat("line [a](b)\n", MaxParagraphLines)},
		{"nested brackets", strings.Repeat("[", MaxBracketDepth) + "x" + strings.Repeat("]", MaxBracketDepth)},
		{"brackets close in each paragraph", strings.Repeat(strings.Repeat("[a", 20)+"\n\n", 10)},
		{"many closed brackets", strings.Repeat("[a] [b](c) ![d](e) ", 1000)},
		{"regular expressions in code", "`[^a-z]` " + strings.Repeat("`[[[[`", 100)},
	}
	c := New(Options{})
	for _, tt := range tests {
		if _, err := c.Convert([]byte(tt.src), 1, nil); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

// TestLimitsKeepOutput checks that bodies within the limits convert as
// goldmark alone converts them: the hooks count, they change nothing.
func TestLimitsKeepOutput(t *testing.T) {
	tests := []struct{ src, want string }{
		{"[a [b [c](d) e] f]", `<p>[a [b <a href="d">c</a> e] f]</p>` + "\n"},
		{"![a [b](c)](d)", `<p><img src="d" alt="a b"></p>` + "\n"},
		{"See[^1] and ![^1].\n\n[^1]: Note.\n", "fn:1"},
		{"| a | b |\n|---|:-:|\n| 1 |\n", "<td>1</td>\n<td></td>"},
		{"[x]: /u\n[y]:\n  /v\n[x] [y]", `<a href="/u">x</a> <a href="/v">y</a>`},
	}
	c := New(Options{})
	for _, tt := range tests {
		if html := convert(t, c, tt.src).HTML; !strings.Contains(html, tt.want) {
			t.Errorf("Convert(%q) = %q, want %q in it", tt.src, html, tt.want)
		}
	}
}

// TestSmallLimits runs every check with limits of two or three, where the
// paths that drop paragraphs and stop parsers are easy to reach.
func TestSmallLimits(t *testing.T) {
	small := limits{tableColumns: 2, tableCells: 6, paragraphLines: 3, escapedPipes: 2, footnotes: 2, footnoteRefs: 3, definitions: 2, bracketDepth: 2}
	c := newConverter(Options{}, classesOnly, small)
	tests := []struct {
		src  string
		want string // "" for no error
	}{
		{"|a|b|\n|-|-|\n|1|2|\n|3|4|\n", ""},
		{"|a|b|\n|-|-|\n|1|2|\n|3|4|\n|5|\n", "table has 8 cells (2 columns by 4 rows), more than 6"},
		{"|a|b|c|\n|-|-|-|\n", "table has 3 columns, more than 2"},
		{"|a|b|\n|-|-|\n|`\\|`|`\\|`|\n|a\\|b|\n", ""},
		{"|a|b|\n|-|-|\n|`\\|`|`\\|`|\n\n|x|\n|-|\n|`\\|`|\n", `more than 2 escaped pipes (\|) in table cells with code in one file`},
		{"a\nb\nc\n", ""},
		{"a\nb\nc\nd\n", "paragraph is more than 3 lines long"},
		{"a\nb\nc\nd\n===\n", "paragraph is more than 3 lines long"},
		{"> a\n> b\n> c\n> d\n", "paragraph is more than 3 lines long"},
		{"a\n: b\nc\nd\ne\n", "paragraph is more than 3 lines long"},
		{"[a]: /x\n[b]: /y\n\n[a] [b]", ""},
		{"[a]: /x\n[b]: /y\n[c]: /z\n", "more than 2 link reference definitions in one file"},
		{"[a]: /x\n: desc\n\n[b]: /y\n\n[c]: /z\n", "more than 2 link reference definitions in one file"},
		{"x[^1][^2]\n\n[^1]: a\n[^2]: b\n", ""},
		{"x[^1]\n\n[^1]: a\n[^2]: b\n[^3]: c\n", "more than 2 footnotes in one file"},
		{"x[^1][^1][^1][^1]\n\n[^1]: a\n", "more than 3 footnote references in one file"},
		{"[[x]]", ""},
		{"[[[x]]]", "brackets [ nest more than 2 deep"},
		{"[[x]] [[y]]\n\n[[z]]", ""},
		{"a\nb\nc\nd\n\n[[[x]]]\n\n|a|b|c|\n|-|-|-|\n", "paragraph is more than 3 lines long"},
	}
	for _, tt := range tests {
		_, err := c.Convert([]byte(tt.src), 1, nil)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("Convert(%q): %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestDelimiterColumns(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"|---|", 1}, {"---|---", 2}, {"| :-- | --: | :-: |\n", 3}, {"|-|-|-|", 3},
		{"---", -1}, {"| a |", -1}, {"|   |", -1}, {"|-||-|", -1}, {"    |-|", -1}, {"|-:-|", -1}, {"", -1}, {"|", -1}, {"||", -1}, {"|-|\n", 1},
	}
	for _, tt := range tests {
		if got := delimiterColumns([]byte(tt.line)); got != tt.want {
			t.Errorf("delimiterColumns(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

func TestHeaderCells(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"| a | b |", 2}, {"a | b", 2}, {"a", 1}, {"|", 0}, {"| a \\| b |", 1}, {"||", 0}, {"| | |", 2},
	}
	for _, tt := range tests {
		if got := headerCells([]byte(tt.line)); got != tt.want {
			t.Errorf("headerCells(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

func TestHTMLSizeLimit(t *testing.T) {
	// 90 quotes deep on every line: each line repeats the nesting's markup.
	line := strings.Repeat(">", 90) + " x\n\n"
	src := []byte(strings.Repeat(line, (1<<20)/len(line)))
	_, err := New(Options{}).Convert(src, 5, nil)
	var le *LimitError
	if !errors.As(err, &le) || le.Line != 5 || !strings.Contains(le.Msg, "MB of HTML") {
		t.Fatalf("error = %v", err)
	}
}
