package markdown

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Limits on what one body may hold. Each guards a goldmark code path whose
// cost grows faster than the input, and each is far above anything a
// briefing needs; a body beyond one is refused with a *LimitError. The
// checks run inside the parser, before the expensive step: a paragraph is
// measured before goldmark extracts link definitions from it or builds a
// table out of it, a footnote is counted when it opens.
const (
	// MaxTableColumns bounds a table's header. Goldmark pads every row to
	// the header's width, so a wide header over many one-cell rows makes
	// gigabytes of cells out of kilobytes of text. A table wider
	// than a few dozen columns cannot be read on any screen.
	MaxTableColumns = 64
	// MaxTableCells bounds columns × rows, the cells goldmark allocates
	// after padding: 20,000 is 64 columns by 312 rows, or 4 by 5,000.
	MaxTableCells = 20000
	// MaxParagraphLines bounds a paragraph (tables aside). Goldmark finds
	// the line of a position by scanning back from a paragraph's last line,
	// once for every reference link, footnote reference and link definition
	// in it, so time grew with the square of a paragraph's length; a
	// thousand-line paragraph is already several pages of unbroken text.
	MaxParagraphLines = 1000
	// MaxEscapedPipes bounds "\|" in table cells that hold code, in a
	// file. Goldmark splits code at each of them afterwards by comparing
	// every such cell with every such pipe of the file, a square again.
	MaxEscapedPipes = 1000
	// MaxFootnotes bounds footnote definitions in a file: goldmark looks
	// each reference up by walking the list of definitions, and sorts them
	// by insertion: time grows with the square of their number.
	MaxFootnotes = 1000
	// MaxFootnoteRefs bounds references to footnotes, each of which walks
	// that list.
	MaxFootnoteRefs = 5000
	// MaxLinkDefinitions bounds link reference definitions ("[x]: url") in
	// a file: goldmark copies the rest of a paragraph after taking each
	// one out of it, a square again.
	MaxLinkDefinitions = 1000
	// MaxBracketDepth bounds "[" left open in one paragraph: at every "]"
	// goldmark walks everything written since the matching "[", a square
	// in the depth. Real text nests two at most, an
	// image inside a link.
	MaxBracketDepth = 32
)

// limits holds the values a converter enforces: the constants above,
// except in tests that need small ones.
type limits struct {
	tableColumns, tableCells, paragraphLines int
	escapedPipes                             int
	footnotes, footnoteRefs, definitions     int
	bracketDepth                             int
}

var defaultLimits = limits{
	tableColumns:   MaxTableColumns,
	tableCells:     MaxTableCells,
	paragraphLines: MaxParagraphLines,
	escapedPipes:   MaxEscapedPipes,
	footnotes:      MaxFootnotes,
	footnoteRefs:   MaxFootnoteRefs,
	definitions:    MaxLinkDefinitions,
	bracketDepth:   MaxBracketDepth,
}

// MaxHTML bounds the HTML one body makes. A page, its feeds and the search
// index carry it again and again; markup nested a hundred deep repeats on
// every line, so 1 MB of Markdown can make tens of megabytes. Real bodies
// make a little more HTML than Markdown.
const MaxHTML = 4 << 20

// LimitError reports a body beyond one of the limits above, at the place
// that crossed it.
type LimitError struct {
	Line, Col int // in the file, given the line the body starts on
	Msg       string
	Hint      string // how to fix it
}

func (e *LimitError) Error() string { return e.Msg }

// fail records that the body crossed a limit at offset; the crossing
// earliest in the file is the one reported. Once one is recorded the
// parser hooks below skip the work they guard, so a refused body costs
// little more than reading it.
func (d *doc) fail(offset int, hint, format string, args ...any) {
	if d.limit != nil && d.limitAt <= offset {
		return
	}
	d.limit, d.limitAt = &LimitError{Msg: fmt.Sprintf(format, args...), Hint: hint}, offset
}

// limitError returns the recorded limit error with its position, or nil.
func (d *doc) limitError() error {
	if d.limit == nil {
		return nil
	}
	d.limit.Line, d.limit.Col = d.lineCol(d.limitAt)
	return d.limit
}

// lineCol turns a byte offset in the body into a line of the file and a
// column counted in bytes from 1. The line starts are found once per body,
// so placing many links or warnings stays linear.
func (d *doc) lineCol(offset int) (int, int) {
	if d.lineStarts == nil {
		d.lineStarts = []int{0}
		for i, c := range d.source {
			if c == '\n' {
				d.lineStarts = append(d.lineStarts, i+1)
			}
		}
	}
	offset = max(0, min(offset, len(d.source)))
	line := sort.SearchInts(d.lineStarts, offset+1) - 1
	return d.firstLine + line, offset - d.lineStarts[line] + 1
}

// textStart is the offset of the first character of a line that is not
// white space: the line's segment may start with its indentation.
func textStart(seg text.Segment, src []byte) int {
	i := seg.Start
	for i < seg.Stop && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return i
}

// lineAt is the text of a block's line i.
func lineAt(lines *text.Segments, i int, src []byte) []byte {
	seg := lines.At(i)
	return seg.Value(src)
}

func docOf(pc parser.Context) *doc {
	d, _ := pc.Get(docKey).(*doc)
	return d
}

// drop empties a paragraph and takes it out of the tree, as goldmark does
// with one made only of link definitions: no later step works on it.
func drop(p *ast.Paragraph) {
	p.Lines().Clear()
	if parent := p.Parent(); parent != nil {
		parent.RemoveChild(parent, p)
	}
}

// paragraphLimits runs on every paragraph before goldmark takes link
// definitions out of it (priority 100): it counts the definitions and
// refuses a long paragraph, unless it is a table, which has its own limit.
type paragraphLimits struct{ l *limits }

func (t paragraphLimits) Transform(p *ast.Paragraph, reader text.Reader, pc parser.Context) {
	d := docOf(pc)
	if d == nil {
		return
	}
	if d.limit != nil {
		drop(p) // the body is refused: spare the work on the rest
		return
	}
	lines, src := p.Lines(), reader.Source()
	// Definitions can only open a paragraph; one that does not start with
	// one has none. Every line that looks like one is counted, so a
	// definition written over several lines cannot slip through.
	if lines.Len() > 0 && isDefinition(lineAt(lines, 0, src)) {
		for i := range lines.Len() {
			if isDefinition(lineAt(lines, i, src)) {
				if d.definitions++; d.definitions > t.l.definitions {
					d.fail(textStart(lines.At(i), src), "write links inline, [text](https://…), or split the file",
						"more than %d link reference definitions in one file", t.l.definitions)
					drop(p)
					return
				}
			}
		}
	}
	if lines.Len() > t.l.paragraphLines {
		if at, _ := tableAt(lines, src); at < 0 {
			tooLong(d, p, t.l, src)
		}
	}
}

// paragraphLength runs after goldmark has built tables (at priority 200): a
// paragraph still longer than the limit is refused. paragraphLimits lets
// through anything that looks like a table; this catches what goldmark
// then did not take for one.
type paragraphLength struct{ l *limits }

func (t paragraphLength) Transform(p *ast.Paragraph, reader text.Reader, pc parser.Context) {
	if d := docOf(pc); d != nil && p.Lines().Len() > t.l.paragraphLines {
		tooLong(d, p, t.l, reader.Source())
	}
}

func tooLong(d *doc, p *ast.Paragraph, l *limits, src []byte) {
	d.fail(textStart(p.Lines().At(l.paragraphLines), src), "separate paragraphs with a blank line",
		"paragraph is more than %d lines long", l.paragraphLines)
	drop(p)
}

// isDefinition tells a line that may be a link reference definition,
// "[label]: …", from any other; footnotes ("[^1]: …") are counted apart.
func isDefinition(line []byte) bool {
	line = util.TrimLeftSpace(line)
	return len(line) > 1 && line[0] == '[' && line[1] != '^' && bytes.Contains(line, []byte("]:"))
}

// tableLimits runs on every paragraph after link definitions are out of it
// and before goldmark builds a table from it (priority 200), on the same
// lines goldmark will look at.
type tableLimits struct{ l *limits }

func (t tableLimits) Transform(p *ast.Paragraph, reader text.Reader, pc parser.Context) {
	d := docOf(pc)
	if d == nil || d.limit != nil {
		return
	}
	lines := p.Lines()
	at, columns := tableAt(lines, reader.Source())
	if at < 0 {
		return
	}
	header := textStart(lines.At(at-1), reader.Source())
	if columns > t.l.tableColumns {
		d.fail(header, "split the table; no screen shows that many columns",
			"table has %d columns, more than %d", columns, t.l.tableColumns)
		drop(p)
		return
	}
	// Every row is padded to the header's width: the header and each line
	// after the delimiter row are rows.
	if rows := lines.Len() - at; columns*rows > t.l.tableCells {
		d.fail(header, "split the table into smaller ones",
			"table has %d cells (%d columns by %d rows), more than %d", columns*rows, columns, rows, t.l.tableCells)
		drop(p)
		return
	}
	// Goldmark notes a "\|" in a cell after a backtick; a row without a
	// backtick has none to note.
	src := reader.Source()
	for i := at - 1; i < lines.Len(); i++ {
		if i == at {
			continue // the delimiter row
		}
		row := lineAt(lines, i, src)
		if bytes.IndexByte(row, '`') < 0 {
			continue
		}
		if d.escapedPipes += bytes.Count(row, []byte(`\|`)); d.escapedPipes > t.l.escapedPipes {
			d.fail(textStart(lines.At(i), src), "write the pipe as &#124; or move the code out of the table",
				`more than %d escaped pipes (\|) in table cells with code in one file`, t.l.escapedPipes)
			drop(p)
			return
		}
	}
}

// tableAt finds where goldmark will see a table in a paragraph's lines:
// the index of the first delimiter row ("|---|:-:|") that follows a header
// with as many cells, and the number of columns. It returns -1 when
// goldmark will build no table. It reads each line once.
func tableAt(lines *text.Segments, src []byte) (int, int) {
	for i := 1; i < lines.Len(); i++ {
		columns := delimiterColumns(lineAt(lines, i, src))
		if columns < 0 {
			continue
		}
		// Goldmark gives up on the paragraph at the first delimiter row
		// whose header does not match it.
		if headerCells(lineAt(lines, i-1, src)) != columns {
			return -1, 0
		}
		return i, columns
	}
	return -1, 0
}

// delimiterColumns counts the columns of a table's delimiter row, or
// returns -1 for any other line, as goldmark's table extension decides.
func delimiterColumns(line []byte) int {
	if w, _ := util.IndentWidth(line, 0); w > 3 {
		return -1
	}
	dashesOnly := true
	for _, c := range line {
		if c != '-' {
			dashesOnly = false
		}
		if !util.IsSpace(c) && c != '-' && c != '|' && c != ':' {
			return -1
		}
	}
	if dashesOnly {
		return -1
	}
	// Split at the pipes; a blank field may only come first or last.
	columns, i, blank := 0, 0, false
	for field := range bytes.SplitSeq(line, []byte{'|'}) {
		if blank {
			return -1
		}
		f := util.TrimRightSpace(util.TrimLeftSpace(field))
		if len(f) == 0 {
			blank = i > 0
			i++
			continue
		}
		i++
		// Each column is -+ with an optional colon at either end.
		f = bytes.TrimPrefix(bytes.TrimSuffix(f, []byte{':'}), []byte{':'})
		if len(f) == 0 || len(bytes.Trim(f, "-")) != 0 {
			return -1
		}
		columns++
	}
	if columns == 0 {
		return -1
	}
	return columns
}

// headerCells counts the cells goldmark reads from a header row: fields
// between unescaped pipes, leaving out a pipe at either end.
func headerCells(line []byte) int {
	line = util.TrimRightSpace(util.TrimLeftSpace(line))
	if len(line) > 0 && line[0] == '|' {
		line = line[1:]
	}
	if len(line) > 0 && line[len(line)-1] == '|' {
		line = line[:len(line)-1]
	}
	if len(line) == 0 {
		return 0
	}
	cells := 1
	for i, c := range line {
		if c == '|' && (i == 0 || line[i-1] != '\\') {
			cells++
		}
	}
	return cells
}

// footnotes is goldmark's footnote extension with its two parsers wrapped
// to count: the same parts at the same priorities.
type footnotes struct{ l *limits }

func (f footnotes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(footnoteDefinitions{extension.NewFootnoteBlockParser(), f.l}, 999)),
		parser.WithInlineParsers(util.Prioritized(footnoteReferences{extension.NewFootnoteParser(), f.l}, 101)),
		parser.WithASTTransformers(util.Prioritized(extension.NewFootnoteASTTransformer(), 999)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(extension.NewFootnoteHTMLRenderer(), 500)))
}

// footnoteDefinitions counts the footnotes goldmark's parser opens and,
// past the limit, lets it open no more: the rest stay plain text.
type footnoteDefinitions struct {
	parser.BlockParser
	l *limits
}

func (p footnoteDefinitions) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	d := docOf(pc)
	if d != nil && d.limit != nil {
		return nil, parser.NoChildren
	}
	_, seg := reader.PeekLine()
	start := seg.Start + max(0, pc.BlockOffset())
	n, state := p.BlockParser.Open(parent, reader, pc)
	if n != nil && d != nil {
		if d.footnotes++; d.footnotes > p.l.footnotes {
			d.fail(start, "cite fewer footnotes, or split the file", "more than %d footnotes in one file", p.l.footnotes)
		}
	}
	return n, state
}

// footnoteReferences counts references to footnotes ("[^1]") and, past
// the limit, passes them on to no lookup.
type footnoteReferences struct {
	parser.InlineParser
	l *limits
}

func (p footnoteReferences) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	// Definitions are all known before inline parsing starts; without any,
	// goldmark looks nothing up and a reference costs nothing to count.
	if d := docOf(pc); d != nil && d.footnotes > 0 {
		line, seg := block.PeekLine()
		at := 0
		if len(line) > 0 && line[0] == '!' {
			at = 1
		}
		if at+1 < len(line) && line[at] == '[' && line[at+1] == '^' {
			if d.footnoteRefs++; d.footnoteRefs > p.l.footnoteRefs {
				d.fail(seg.Start+at, "cite fewer footnotes, or split the file",
					"more than %d footnote references in one file", p.l.footnoteRefs)
			}
			if d.limit != nil {
				return nil // refused: no lookups
			}
		}
	}
	return p.InlineParser.Parse(parent, block, pc)
}

// bracketDepth runs just before goldmark's link parser (priority 200) on
// the same characters and counts the "[" it leaves open: the link parser
// opens one at every "[" or "![" and closes the last at every "]", and
// forgets them all at the end of a paragraph. Past the limit a "[" is
// given to the paragraph as text, so the link parser never sees it.
type bracketDepth struct{ l *limits }

func (bracketDepth) Trigger() []byte { return []byte{'!', '[', ']'} }

func (b bracketDepth) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	d := docOf(pc)
	if d == nil {
		return nil
	}
	line, seg := block.PeekLine()
	width := 1
	switch {
	case line[0] == ']':
		d.brackets = max(0, d.brackets-1)
		return nil
	case line[0] == '!':
		if len(line) < 2 || line[1] != '[' {
			return nil // not an image
		}
		width = 2
	}
	if d.brackets >= b.l.bracketDepth {
		d.fail(seg.Start, `close each [ with ], or write \[ for a bracket that opens nothing`,
			"brackets [ nest more than %d deep", b.l.bracketDepth)
	} else if d.brackets++; d.limit == nil {
		return nil
	}
	// Once the body is refused the brackets are still counted, to find
	// the first place it goes too deep, but the link parser is spared.
	block.Advance(width)
	return ast.NewTextSegment(seg.WithStop(seg.Start + width))
}

// CloseBlock forgets the open brackets with the link parser, at the end of
// every paragraph.
func (bracketDepth) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if d := docOf(pc); d != nil {
		d.brackets = 0
	}
}
