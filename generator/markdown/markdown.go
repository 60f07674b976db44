// Package markdown turns briefing bodies into HTML with one goldmark
// instance, built once and shared by every goroutine: GitHub Flavored
// Markdown, footnotes, definition lists, typographic punctuation, heading
// IDs, and code highlighted by chroma with CSS classes.
//
// Raw HTML in Markdown is omitted unless the site opts in. Links to other
// Markdown files ("2023-08-02-italy-talks.md") are resolved to page
// addresses through a callback, and links it cannot resolve are reported
// with their line; links and images to the site's own addresses get the
// site's base path and are listed for the caller to check (links.go).
//
// A conversion costs time and memory in proportion to the body. Where
// goldmark's own cost grows faster (wide tables, many footnotes or link
// definitions, long paragraphs, deep nesting) a body past a limit is
// refused with its line, column and a hint (limits.go, nesting.go); a code
// block too large or too slow to highlight is shown plain, with a Warning
// (highlight.go).
package markdown

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options choose what the converter lets through.
type Options struct {
	// UnsafeHTML passes raw HTML in Markdown through instead of omitting it.
	UnsafeHTML bool
}

// Converter converts Markdown to HTML. It is safe for concurrent use.
type Converter struct {
	md        goldmark.Markdown
	limits    *limits
	highlight *highlighter
}

// New builds a converter. Build one per site and share it.
func New(opts Options) *Converter { return newConverter(opts, classesOnly, defaultLimits) }

// newConverter builds a converter whose highlighter is handed style and
// that enforces lim.
func newConverter(opts Options, style *chroma.Style, lim limits) *Converter {
	c := &Converter{limits: &lim, highlight: newHighlighter(style)}
	htmlOpts := []renderer.Option{renderer.WithNodeRenderers(util.Prioritized(c.highlight, 100))}
	if opts.UnsafeHTML {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	}
	c.md = goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			footnotes{c.limits},
			extension.DefinitionList,
			extension.Typographer,
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			// Around goldmark's link definitions (100) and tables (200).
			parser.WithParagraphTransformers(
				util.Prioritized(paragraphLimits{c.limits}, 50),
				util.Prioritized(tableLimits{c.limits}, 150),
				util.Prioritized(paragraphLength{c.limits}, 300),
			),
			// After footnotes (101), before links (200).
			parser.WithInlineParsers(util.Prioritized(bracketDepth{c.limits}, 199)),
			// Highlighting last, after goldmark's own (footnotes: 999).
			parser.WithASTTransformers(
				util.Prioritized(linkTransformer{}, 100),
				util.Prioritized(c.highlight, 1000),
			),
		),
		goldmark.WithRendererOptions(htmlOpts...),
	)
	return c
}

// classesOnly is the style handed to the highlighter. Code is marked up
// with class names and coloured by /css/chroma.css, so the style's colours
// never reach a page; but the highlighter turns the whole style into CSS
// again for every code block, which for a full style was a tenth of the
// time a block took. With no entries there is nothing to turn.
var classesOnly = chroma.MustNewStyle("brief-classes", chroma.StyleEntries{})

// Result is one converted document.
type Result struct {
	// HTML is the body as HTML; a cache that keeps only the rest leaves it
	// empty.
	HTML string
	// Summary is the plain text of the first paragraph, cut at a word after
	// about SummaryWords words.
	Summary string
	// Words counts the words of the body, for reading time.
	Words int
	// BrokenLinks lists links to Markdown files that do not exist.
	BrokenLinks []BrokenLink
	// Refs lists the links and images that point at addresses of the
	// site itself, for the caller to check that something is there.
	Refs []Ref
	// Warnings lists code blocks shown without highlighting, and why.
	Warnings []Warning
	// Text is the body as a reader sees it, without markup, link
	// addresses or raw HTML, for a search index: the caller takes its
	// words and drops it, as a cache must not keep it.
	Text string
}

// SummaryWords is about how long a derived summary is.
const SummaryWords = 40

var docKey = parser.NewContextKey()

// doc is the per-conversion state the parser hooks and transformers read
// and fill.
type doc struct {
	links      *Links
	source     []byte
	firstLine  int
	lineStarts []int // offsets where lines start, made when first needed
	broken     []BrokenLink
	refs       []Ref
	summary    string
	text       strings.Builder // Result.Text
	warnings   []Warning

	// Limits (limits.go): the earliest one crossed, and the counts.
	limit                                *LimitError
	limitAt                              int // offset in source
	definitions, footnotes, footnoteRefs int
	escapedPipes                         int
	brackets                             int // "[" open in the current paragraph

	// Highlighting (highlight.go).
	languages   map[string]bool // named so far
	highlighted int             // bytes
	spent       time.Duration
}

// Convert renders src, the Markdown body of a file whose first line is line
// firstLine of that file, its links and images resolved as links says
// (links.go). links may be nil: then every address is left as written.
//
// A body that nests too deeply is refused with a *NestingError, one beyond
// another limit (limits.go) with a *LimitError; their lines are already
// lines of the file.
func (c *Converter) Convert(src []byte, firstLine int, links *Links) (Result, error) {
	if err := checkNesting(src); err != nil {
		ne := err.(*NestingError)
		ne.Line += firstLine - 1
		return Result{}, ne
	}
	d := &doc{links: links, source: src, firstLine: firstLine}
	// The visible text is about as long as the source: made to measure
	// once rather than doubled into, which at 100,000 briefings allocated
	// 2.4 GB over a build.
	d.text.Grow(len(src))
	ctx := parser.NewContext()
	ctx.Set(docKey, d)
	root := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	if err := d.limitError(); err != nil {
		return Result{}, err
	}
	buf := scratch.Get().(*bufWriter)
	defer scratch.Put(buf)
	buf.Reset()
	if err := c.md.Renderer().Render(buf, src, root); err != nil {
		return Result{}, err
	}
	if buf.Len() > MaxHTML {
		return Result{}, &LimitError{Line: firstLine, Col: 1,
			Msg:  fmt.Sprintf("the body makes %.1f MB of HTML; at most %d MB are allowed", float64(buf.Len())/(1<<20), MaxHTML>>20),
			Hint: "deeply nested quotes and lists repeat their markup on every line; flatten them"}
	}
	// The scratch buffer is reused; the result is a copy of exactly the
	// right size, as a string, which pages take without copying again.
	return Result{HTML: buf.String(), Summary: d.summary, Words: countWords(src), BrokenLinks: d.broken, Refs: d.refs, Warnings: d.warnings, Text: d.text.String()}, nil
}

// scratch holds rendering buffers for reuse: on a large site, growing a new
// buffer for every body was a quarter of all the memory a build allocated.
var scratch = sync.Pool{New: func() any { return new(bufWriter) }}

// bufWriter is a bytes.Buffer that goldmark accepts as its buffered writer,
// so it does not wrap it in a bufio.Writer of its own for every body.
type bufWriter struct{ bytes.Buffer }

func (*bufWriter) Flush() error     { return nil }
func (*bufWriter) Buffered() int    { return 0 }
func (b *bufWriter) Available() int { return b.Cap() - b.Len() }

// linkTransformer resolves links and images (links.go) and records the
// first paragraph's text while the tree is at hand.
type linkTransformer struct{}

func (linkTransformer) Transform(node *ast.Document, reader text.Reader, pc parser.Context) {
	d, _ := pc.Get(docKey).(*doc)
	if d == nil {
		return
	}
	_ = ast.Walk(node, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		d.gatherText(n)
		switch n := n.(type) {
		case *ast.Paragraph:
			if d.summary == "" {
				d.summary = cutWords(plainText(n, d.source), SummaryWords)
			}
		case *ast.Link:
			n.Destination = d.resolve(n, n.Destination)
		case *ast.Image:
			n.Destination = d.resolve(n, n.Destination)
		case *extast.Table:
			// A wide table scrolls inside its own box on a phone; keyboard
			// users can reach that box only if it takes focus.
			n.SetAttributeString("tabindex", []byte("0"))
		}
		return ast.WalkContinue, nil
	})
}

// gatherText adds what a reader sees of n to the document's text (Result.
// Text): the words of text and code, a line break between blocks and where
// the text breaks its lines, and nothing between inline pieces, so that
// "**bo**ld" stays one word. Link addresses are attributes of their
// nodes, and raw HTML is never passed through, so neither is read.
func (d *doc) gatherText(n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		d.text.Write(n.Segment.Value(d.source))
		if n.SoftLineBreak() || n.HardLineBreak() {
			d.text.WriteByte('\n')
		}
	case *ast.String:
		d.text.WriteString(stdhtml.UnescapeString(string(n.Value)))
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		d.text.WriteByte('\n')
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			d.text.Write(seg.Value(d.source))
		}
	default:
		if n.Type() == ast.TypeBlock {
			d.text.WriteByte('\n')
		}
	}
}

// plainText gathers the text of an inline tree, as a reader would see it.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			// Typographer replacements hold HTML entities (&ldquo;).
			b.WriteString(stdhtml.UnescapeString(string(c.Value)))
		case *extast.FootnoteLink:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// cutWords collapses white space and keeps at most n words, adding an
// ellipsis when it cut.
func cutWords(s string, n int) string {
	words := strings.Fields(s)
	if len(words) <= n {
		return strings.Join(words, " ")
	}
	return strings.TrimRightFunc(strings.Join(words[:n], " "), unicode.IsPunct) + "…"
}

// asciiWord is 1 for the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			t[c] = 1
		}
	}
	return t
}()

// countWords counts runs of letters or digits in Markdown source; markup
// barely changes the figure and counting the source is cheap. ASCII takes
// a table and no branch on word boundaries, which come every few bytes.
func countWords(src []byte) int {
	n := 0
	var prev uint8
	for i := 0; i < len(src); {
		var word uint8
		if c := src[i]; c < utf8.RuneSelf {
			word = asciiWord[c]
			i++
		} else {
			r, size := utf8.DecodeRune(src[i:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				word = 1
			}
			i += size
		}
		n += int(word &^ prev)
		prev = word
	}
	return n
}
