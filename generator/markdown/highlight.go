package markdown

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Limits on highlighting. Chroma's time is not linear in what it reads: a
// lexer rule that backtracks (the makefile and hcl lexers have them) costs
// the square of a line's length, and even linear lexers spend microseconds
// a byte, more on text that matches none of their rules. A code block beyond a limit is shown as
// plain, escaped text, as one in an unknown language is, with a warning:
// the page is still right, only not coloured.
//
// The size limits are the main defence, and they are deterministic: a body
// is highlighted the same way on every machine. Real code blocks are a few
// kilobytes with lines under 120 bytes.
const (
	MaxHighlightBlock = 16 << 10 // bytes in one code block
	MaxHighlightLine  = 1000     // bytes in one line of a code block
	MaxHighlightFile  = 64 << 10 // bytes of highlighted code in one file
	// MaxLanguages bounds the distinct languages named in one file. Chroma
	// looks a name it does not know up against every lexer's file name
	// patterns, at a cost that grows with the name's length; results are
	// cached, but a file naming thousands of different languages would
	// still cost minutes.
	MaxLanguages = 16
	// maxLanguageName is longer than every name and alias chroma knows
	// (the longest is 27 bytes); a longer one is an unknown language.
	maxLanguageName = 32
)

// The time budgets are a backstop for what the size limits let through,
// chiefly the backtracking rules on lines just under MaxHighlightLine. They
// make the output depend on the machine's speed, so they are several times
// what the largest blocks the size limits allow take on a slow machine
// (see bench/NOTES.md): a block whose highlighting is abandoned would take
// that long almost anywhere.
const (
	BlockBudget = time.Second     // to highlight one code block
	FileBudget  = 2 * time.Second // to highlight all of one file
)

// Warning is a problem with a body that does not stop it from being
// converted.
type Warning struct {
	Line, Col int // in the file, given the line the body starts on
	Message   string
	Hint      string
}

// highlighter colours fenced code blocks whose language chroma knows. It
// tokenises each block while the tree is transformed, where it can give up
// on a block and leave it to goldmark's plain rendering, and replaces the
// block with a highlightedCode node that it renders.
//
// It does the job of goldmark-highlighting, which cannot be bounded: that
// renderer tokenises with no way to stop, looks lexers up unbounded and
// gives no place for a warning.
type highlighter struct {
	formatter  *chromahtml.Formatter
	style      *chroma.Style
	block      time.Duration // BlockBudget, smaller in tests
	file       time.Duration // FileBudget, likewise
	mu         sync.RWMutex
	lexerCache map[string]chroma.Lexer // by name as written; nil: no such lexer
}

func newHighlighter(style *chroma.Style) *highlighter {
	return &highlighter{
		formatter:  chromahtml.New(chromahtml.WithClasses(true)),
		style:      style,
		block:      BlockBudget,
		file:       FileBudget,
		lexerCache: map[string]chroma.Lexer{},
	}
}

// highlightedCode is a fenced code block with its tokens.
type highlightedCode struct {
	ast.BaseBlock
	tokens []chroma.Token
}

var kindHighlightedCode = ast.NewNodeKind("HighlightedCode")

func (n *highlightedCode) Kind() ast.NodeKind { return kindHighlightedCode }
func (n *highlightedCode) IsRaw() bool        { return true }
func (n *highlightedCode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, nil, nil)
}

func (h *highlighter) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindHighlightedCode, h.render)
}

func (h *highlighter) render(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if err := h.formatter.Format(w, h.style, chroma.Literator(n.(*highlightedCode).tokens...)); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkContinue, nil
}

// Transform highlights the fenced code blocks of a document, footnotes
// included. It runs after goldmark's own transformers, on the tree as it
// will be rendered.
func (h *highlighter) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	d := docOf(pc)
	if d == nil || d.limit != nil {
		return
	}
	var blocks []*ast.FencedCodeBlock
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b, ok := n.(*ast.FencedCodeBlock); ok && entering {
			blocks = append(blocks, b)
		}
		return ast.WalkContinue, nil
	})
	for _, b := range blocks {
		if tokens := h.highlight(d, b); tokens != nil {
			hc := &highlightedCode{tokens: tokens}
			b.Parent().ReplaceChild(b.Parent(), b, hc)
		}
	}
}

// highlight tokenises one block, or returns nil to leave it plain.
func (h *highlighter) highlight(d *doc, b *ast.FencedCodeBlock) []chroma.Token {
	lang := b.Language(d.source)
	if len(lang) == 0 || len(lang) > maxLanguageName {
		return nil
	}
	if !d.languages[string(lang)] {
		if len(d.languages) >= MaxLanguages {
			d.warn(b, fmt.Sprintf("code block not highlighted: the file names more than %d languages", MaxLanguages),
				fmt.Sprintf("name fewer languages; blocks in the first %d are highlighted", MaxLanguages))
			return nil
		}
		if d.languages == nil {
			d.languages = map[string]bool{}
		}
		d.languages[string(lang)] = true
	}
	lexer := h.lexer(string(lang))
	if lexer == nil {
		return nil // unknown language: plain, as always
	}
	var code strings.Builder
	longest := 0
	lines := b.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		line := seg.Value(d.source)
		longest = max(longest, len(line))
		code.Write(line)
	}
	switch {
	case longest > MaxHighlightLine:
		d.warn(b, fmt.Sprintf("code block not highlighted: it has a line of more than %d bytes", MaxHighlightLine),
			"wrap its long lines")
		return nil
	case code.Len() > MaxHighlightBlock:
		d.warn(b, fmt.Sprintf("code block not highlighted: it is more than %d KB", MaxHighlightBlock>>10),
			"split it into smaller blocks")
		return nil
	case d.highlighted+code.Len() > MaxHighlightFile:
		d.warn(b, fmt.Sprintf("code block not highlighted: the file has more than %d KB of code to highlight", MaxHighlightFile>>10),
			"move long listings to a file of their own")
		return nil
	case d.spent >= h.file:
		d.warn(b, "code block not highlighted: highlighting this file took more than "+h.file.String(),
			"shorten the file's code blocks or their longest lines")
		return nil
	}
	budget := min(h.block, h.file-d.spent)
	start := time.Now()
	tokens, ok := tokenise(lexer, code.String(), start.Add(budget))
	d.spent += time.Since(start)
	if !ok {
		// The message names the budget that ran out, rounded: the time left
		// of the file's budget is a figure of this run, not of the site.
		what := "highlighting it took more than " + h.block.String()
		if budget < h.block {
			what = "highlighting this file took more than " + h.file.String()
		}
		d.warn(b, "code block not highlighted: "+what,
			"shorten the block or its longest lines; chroma is slow on some text in some languages")
		return nil
	}
	d.highlighted += code.Len()
	return tokens
}

// lexer finds chroma's lexer for a language name, or nil. Lookups are
// cached: one of an unknown name takes milliseconds. The cache holds a few
// hundred names at most, which real sites never reach.
func (h *highlighter) lexer(name string) chroma.Lexer {
	h.mu.RLock()
	l, ok := h.lexerCache[name]
	h.mu.RUnlock()
	if ok {
		return l
	}
	l = lexers.Get(name)
	h.mu.Lock()
	if len(h.lexerCache) < 512 {
		h.lexerCache[name] = l
	}
	h.mu.Unlock()
	return l
}

// tokenise runs the lexer until deadline and coalesces the tokens, as
// goldmark-highlighting does with chroma.Coalesce (same rule, same
// output), but in linear time: Coalesce concatenates strings one token at
// a time, up to 8 KB a run. ok is false when the deadline passed.
//
// Chroma's Tokenise takes no context; it returns an iterator, so the clock
// is read between tokens (every 16: a token takes a microsecond or more,
// reading the clock far less). A token takes microseconds even on hostile
// text, and chroma gives up on any one regular expression after a fraction
// of a second, so a block overruns its budget by little. The jungle and
// jsonata lexers yield tokens forever on some text; the budget ends them.
// A lexer that looped inside one call, yielding nothing, could not be
// stopped from here.
func tokenise(lexer chroma.Lexer, code string, deadline time.Time) (tokens []chroma.Token, ok bool) {
	it, err := lexer.Tokenise(nil, code)
	if err != nil {
		return nil, false
	}
	var run strings.Builder // the value of the token being coalesced
	var typ chroma.TokenType
	flush := func() {
		if run.Len() > 0 {
			tokens = append(tokens, chroma.Token{Type: typ, Value: run.String()})
			run.Reset()
		}
	}
	for n := 0; ; n++ {
		if n%16 == 0 && time.Now().After(deadline) {
			return nil, false
		}
		t := it()
		if t == chroma.EOF {
			break
		}
		if t.Value == "" {
			continue
		}
		if run.Len() == 0 || t.Type != typ || run.Len() >= 8192 {
			flush()
			typ = t.Type
		}
		run.WriteString(t.Value)
	}
	flush()
	return tokens, true
}

// warn records a warning at the fence that opens a code block.
func (d *doc) warn(b *ast.FencedCodeBlock, message, hint string) {
	line, col := d.lineCol(fenceStart(d.source, b))
	d.warnings = append(d.warnings, Warning{Line: line, Col: col, Message: message, Hint: hint})
}

// fenceStart finds the offset of the ``` or ~~~ that opens a block, from
// its info string, which only a block with a language has.
func fenceStart(src []byte, b *ast.FencedCodeBlock) int {
	if b.Info == nil {
		if b.Lines().Len() > 0 {
			return b.Lines().At(0).Start
		}
		return 0
	}
	i := b.Info.Segment.Start
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	for i > 0 && (src[i-1] == '`' || src[i-1] == '~') {
		i--
	}
	return i
}
