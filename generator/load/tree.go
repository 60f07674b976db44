package load

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/pelletier/go-toml/v2/unstable"
)

// kind is the type of a front matter value, the same for YAML and TOML.
type kind int

const (
	kindNull kind = iota
	kindString
	kindInt
	kindFloat
	kindBool
	kindDate // a TOML date or date-time literal
	kindList
	kindMap
)

func (k kind) String() string {
	return [...]string{"nothing", "text", "a number", "a number", "true/false", "a date", "a list", "a set of fields"}[k]
}

// value is a front matter value with the place it was written, so that every
// problem found while decoding can point at it. Lines are counted in the
// whole file, columns from 1.
type value struct {
	kind      kind
	text      string // scalars: the value as text (strings unescaped)
	line, col int
	items     []*value       // kindList
	fields    []field        // kindMap, in the order written; add them with add
	index     map[string]int // kindMap: position in fields by key, once they are many
}

type field struct {
	key       string
	line, col int // where the key is written
	val       *value
}

// get returns the field named key, or nil.
func (v *value) get(key string) *field {
	if v.index != nil {
		if i, ok := v.index[key]; ok {
			return &v.fields[i]
		}
		return nil
	}
	for i := range v.fields {
		if v.fields[i].key == key {
			return &v.fields[i]
		}
	}
	return nil
}

// add appends a field, which must not be there yet. Past a few fields, get
// looks them up through an index: each new field is checked against those
// before it, and a search through all of them each time would take time
// with the square of their number.
func (v *value) add(f field) {
	v.fields = append(v.fields, f)
	switch {
	case v.index != nil:
		v.index[f.key] = len(v.fields) - 1
	case len(v.fields) > 16:
		v.index = make(map[string]int, 2*len(v.fields))
		for i := range v.fields {
			if _, dup := v.index[v.fields[i].key]; !dup {
				v.index[v.fields[i].key] = i
			}
		}
	}
}

// syntaxError is a front matter that does not parse, at a place in the file.
type syntaxError struct {
	line, col int
	msg       string
	hint      string
}

// syntaxHints turn a parser's words into the fix an author needs, for the
// mistakes people make most.
var syntaxHints = []struct{ contains, hint string }{
	{"'\\t'", "indent with spaces; YAML does not allow tabs"},
	{"double-quoted text", `close the quote with " before the end of the value`},
	{"single-quoted text", "close the quote with ' before the end of the value"},
	{"basic strings cannot have new lines", `close the quote with " on the same line`},
	{"at start of value", `give the key a value, e.g. title = "…"`},
	{"mapping value is not allowed", "put a value that contains a colon in quotes"},
	{"sequence end token ']' not found", "close the list with ]"},
	{"mapping end token '}' not found", "close the set of fields with }"},
}

// newSyntaxError builds a parser error with a hint when one fits. Tabs in
// the parser's words are shown as \t: a raw tab reads as blank space.
func newSyntaxError(line, col int, msg string) *syntaxError {
	msg = strings.ReplaceAll(msg, "\t", `\t`)
	e := &syntaxError{line: line, col: col, msg: msg}
	for _, h := range syntaxHints {
		if strings.Contains(msg, h.contains) {
			e.hint = h.hint
			break
		}
	}
	return e
}

func (e *syntaxError) Error() string { return e.msg }

// maxDepth bounds the depth of the value tree so that converting it cannot
// exhaust the stack. checkShape has refused anything deeper than
// maxNesting before the parser ran; tags, anchors and dotted keys add
// levels it does not count, so this bound is a margin above it.
const maxDepth = 3 * maxNesting

// parseYAML turns YAML front matter into a value tree. firstLine is the line
// of the file on which src starts.
func parseYAML(src []byte, firstLine int) (*value, error) {
	if se := checkShape(src, false, firstLine); se != nil {
		return nil, se
	}
	file, err := parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil {
			pos := ye.GetToken().Position
			return nil, newSyntaxError(pos.Line+firstLine-1, pos.Column, "invalid YAML: "+ye.GetMessage())
		}
		return nil, newSyntaxError(firstLine, 1, "invalid YAML: "+err.Error())
	}
	root := &value{kind: kindMap, line: firstLine - 1, col: 1}
	if len(file.Docs) == 0 || file.Docs[0].Body == nil {
		return root, nil
	}
	if len(file.Docs) > 1 {
		tk := file.Docs[1].GetToken()
		return nil, &syntaxError{line: tk.Position.Line + firstLine - 1, col: tk.Position.Column, msg: "front matter holds more than one YAML document"}
	}
	c := yamlConverter{offset: firstLine - 1}
	v, err := c.convert(file.Docs[0].Body, 0)
	if err != nil {
		return nil, err
	}
	if v.kind == kindNull {
		return root, nil
	}
	if v.kind != kindMap {
		return nil, &syntaxError{line: v.line, col: v.col, msg: "front matter must be a set of fields (key: value), not " + v.kind.String()}
	}
	return v, nil
}

type yamlConverter struct{ offset int }

func (c yamlConverter) at(n ast.Node) (int, int) {
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return c.offset + 1, 1
	}
	return tk.Position.Line + c.offset, tk.Position.Column
}

func (c yamlConverter) convert(n ast.Node, depth int) (*value, error) {
	line, col := c.at(n)
	if depth > maxDepth {
		return nil, &syntaxError{line: line, col: col, msg: fmt.Sprintf("front matter nests deeper than %d levels", maxDepth)}
	}
	scalar := func(k kind, text string) (*value, error) {
		return &value{kind: k, text: text, line: line, col: col}, nil
	}
	switch n := n.(type) {
	case *ast.NullNode:
		return scalar(kindNull, "")
	case *ast.StringNode:
		return scalar(kindString, n.Value)
	case *ast.LiteralNode:
		return scalar(kindString, n.Value.Value)
	case *ast.IntegerNode:
		return scalar(kindInt, n.GetToken().Value)
	case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return scalar(kindFloat, n.GetToken().Value)
	case *ast.BoolNode:
		return scalar(kindBool, fmt.Sprint(n.Value))
	case *ast.TagNode:
		return c.convert(n.Value, depth+1)
	case *ast.AnchorNode:
		return c.convert(n.Value, depth+1)
	case *ast.AliasNode:
		return nil, &syntaxError{line: line, col: col, msg: "YAML aliases (*name) are not supported in front matter; write the value out"}
	case *ast.SequenceNode:
		v := &value{kind: kindList, line: line, col: col}
		for _, item := range n.Values {
			iv, err := c.convert(item, depth+1)
			if err != nil {
				return nil, err
			}
			v.items = append(v.items, iv)
		}
		return v, nil
	case *ast.MappingValueNode:
		return c.mapping([]*ast.MappingValueNode{n}, line, col, depth)
	case *ast.MappingNode:
		return c.mapping(n.Values, line, col, depth)
	}
	return nil, &syntaxError{line: line, col: col, msg: fmt.Sprintf("unsupported YAML construct (%s)", n.Type())}
}

func (c yamlConverter) mapping(pairs []*ast.MappingValueNode, line, col, depth int) (*value, error) {
	v := &value{kind: kindMap, line: line, col: col}
	if len(pairs) > 0 {
		// A block mapping's own token is its first key's ':'; point at the key.
		v.line, v.col = c.at(pairs[0].Key)
	}
	for _, p := range pairs {
		kl, kc := c.at(p.Key)
		key, ok := p.Key.(ast.ScalarNode)
		if !ok || p.Key.Type() == ast.MergeKeyType {
			return nil, &syntaxError{line: kl, col: kc, msg: "a field name must be plain text"}
		}
		name := fmt.Sprint(key.GetValue())
		if prev := v.get(name); prev != nil {
			return nil, &syntaxError{line: kl, col: kc, msg: fmt.Sprintf("field %q is set twice (first on line %d)", name, prev.line)}
		}
		val, err := c.convert(p.Value, depth+1)
		if err != nil {
			return nil, err
		}
		v.add(field{key: name, line: kl, col: kc, val: val})
	}
	return v, nil
}

// parseTOML turns TOML front matter into a value tree. firstLine is the line
// of the file on which src starts.
func parseTOML(src []byte, firstLine int) (root *value, err error) {
	if se := checkShape(src, true, firstLine); se != nil {
		return nil, se
	}
	return newTOMLReader(src, firstLine).read()
}

func newTOMLReader(src []byte, firstLine int) *tomlReader {
	t := &tomlReader{src: src, lines: newLineIndex(src, firstLine), firstLine: firstLine}
	t.p.Reset(src)
	return t
}

// read converts the whole text, which checkShape has let through.
func (t *tomlReader) read() (root *value, err error) {
	firstLine := t.firstLine
	root = &value{kind: kindMap, line: firstLine - 1, col: 1}
	current := root
	for t.p.NextExpression() {
		e := t.p.Expression()
		switch e.Kind {
		case unstable.KeyValue:
			if _, err := t.assign(current, e); err != nil {
				return nil, err
			}
		case unstable.Table, unstable.ArrayTable:
			keys, places, _, err := t.key(e.Key())
			if err != nil {
				return nil, err
			}
			parent := root
			for i, k := range keys[:len(keys)-1] {
				if parent, err = tomlChild(parent, k, places[i]); err != nil {
					return nil, err
				}
			}
			last, place := keys[len(keys)-1], places[len(keys)-1]
			f := parent.get(last)
			if e.Kind == unstable.Table {
				if f != nil {
					return nil, &syntaxError{line: place[0], col: place[1], msg: fmt.Sprintf("table [%s] is defined twice (first on line %d)", strings.Join(keys, "."), f.line)}
				}
				current = &value{kind: kindMap, line: place[0], col: place[1]}
				parent.add(field{key: last, line: place[0], col: place[1], val: current})
				continue
			}
			if f == nil {
				parent.add(field{key: last, line: place[0], col: place[1], val: &value{kind: kindList, line: place[0], col: place[1]}})
				f = &parent.fields[len(parent.fields)-1]
			} else if f.val.kind != kindList {
				return nil, &syntaxError{line: place[0], col: place[1], msg: fmt.Sprintf("%q is already set on line %d", last, f.line)}
			}
			current = &value{kind: kindMap, line: place[0], col: place[1]}
			f.val.items = append(f.val.items, current)
		}
	}
	if err := t.p.Error(); err != nil {
		line, col := firstLine, 1
		var pe *unstable.ParserError
		if errors.As(err, &pe) && pe.Highlight != nil {
			line, col = t.lines.at(int(t.p.Range(pe.Highlight).Offset))
		}
		return nil, newSyntaxError(line, col, "invalid TOML: "+err.Error())
	}
	return root, nil
}

type place [2]int

// tomlReader turns the nodes of go-toml's parser into values with their
// places in the file. The parser gives each node its bytes, from which the
// line index finds the line and column; arrays come without bytes, so
// their places are found by following the text from the value before.
type tomlReader struct {
	p         unstable.Parser
	src       []byte
	firstLine int
	lines     *lineIndex
}

func (t *tomlReader) at(off int) place {
	l, c := t.lines.at(off)
	return place{l, c}
}

// key reads a (possibly dotted) key with the place of each part, and the
// offset just after it.
func (t *tomlReader) key(it unstable.Iterator) (keys []string, places []place, end int, err error) {
	for it.Next() {
		n := it.Node()
		at := t.at(int(n.Raw.Offset))
		if len(keys) == maxNesting {
			// Each part of a dotted key opens a table inside the last.
			return nil, nil, 0, &syntaxError{line: at[0], col: at[1], msg: fmt.Sprintf("a dotted key has more than %d parts", maxNesting),
				hint: "front matter needs three levels at most"}
		}
		keys = append(keys, string(n.Data))
		places = append(places, at)
		end = int(n.Raw.Offset + n.Raw.Length)
	}
	return keys, places, end, nil
}

// tomlChild returns the table named key inside parent, creating it when
// absent; through an array of tables it reaches the last element, as TOML
// specifies.
func tomlChild(parent *value, key string, at place) (*value, error) {
	f := parent.get(key)
	if f == nil {
		v := &value{kind: kindMap, line: at[0], col: at[1]}
		parent.add(field{key: key, line: at[0], col: at[1], val: v})
		return v, nil
	}
	switch {
	case f.val.kind == kindMap:
		return f.val, nil
	case f.val.kind == kindList && len(f.val.items) > 0 && f.val.items[len(f.val.items)-1].kind == kindMap:
		return f.val.items[len(f.val.items)-1], nil
	}
	return nil, &syntaxError{line: at[0], col: at[1], msg: fmt.Sprintf("%q is already set on line %d and is not a table", key, f.line)}
}

// assign sets the field of a key = value line (or of an inline table) in
// table, and returns the offset just after the value.
func (t *tomlReader) assign(table *value, kv *unstable.Node) (int, error) {
	keys, places, keyEnd, err := t.key(kv.Key())
	if err != nil {
		return 0, err
	}
	for i, k := range keys[:len(keys)-1] {
		if table, err = tomlChild(table, k, places[i]); err != nil {
			return 0, err
		}
	}
	last, at := keys[len(keys)-1], places[len(keys)-1]
	if f := table.get(last); f != nil {
		return 0, &syntaxError{line: at[0], col: at[1], msg: fmt.Sprintf("field %q is set twice (first on line %d)", last, f.line)}
	}
	// The value starts after the "=" that follows the key.
	start := skipBlank(t.src, keyEnd)
	if start < len(t.src) && t.src[start] == '=' {
		start = skipBlank(t.src, start+1)
	}
	v, end, err := t.value(kv.Value(), start, 0)
	if err != nil {
		return 0, err
	}
	table.add(field{key: last, line: at[0], col: at[1], val: v})
	return end, nil
}

// value converts the value node n, which starts at offset start, and
// returns the offset just after it.
func (t *tomlReader) value(n *unstable.Node, start, depth int) (*value, int, error) {
	if n.Raw.Length > 0 {
		start = int(n.Raw.Offset)
	}
	end := start + int(n.Raw.Length)
	at := t.at(start)
	if depth > maxDepth {
		return nil, 0, &syntaxError{line: at[0], col: at[1], msg: fmt.Sprintf("front matter nests deeper than %d levels", maxDepth)}
	}
	v := &value{line: at[0], col: at[1], text: string(n.Data)}
	switch n.Kind {
	case unstable.String:
		v.kind = kindString
	case unstable.Integer:
		v.kind = kindInt
	case unstable.Float:
		v.kind = kindFloat
	case unstable.Bool:
		v.kind = kindBool
	case unstable.LocalDate, unstable.LocalDateTime, unstable.DateTime, unstable.LocalTime:
		v.kind = kindDate
	case unstable.Array:
		v.kind = kindList
		v.text = ""
		end = start + 1 // after the [
		for it := n.Children(); it.Next(); {
			if it.Node().Kind == unstable.Comment {
				continue
			}
			item, itemEnd, err := t.value(it.Node(), skipFiller(t.src, end), depth+1)
			if err != nil {
				return nil, 0, err
			}
			v.items = append(v.items, item)
			end = itemEnd
		}
		end = skipFiller(t.src, end) + 1 // after the ]
	case unstable.InlineTable:
		v.kind = kindMap
		v.text = ""
		for it := n.Children(); it.Next(); {
			kvEnd, err := t.assign(v, it.Node())
			if err != nil {
				return nil, 0, err
			}
			end = kvEnd
		}
		end = skipFiller(t.src, end) + 1 // after the }
	default:
		return nil, 0, &syntaxError{line: at[0], col: at[1], msg: fmt.Sprintf("unsupported TOML value (%s)", n.Kind)}
	}
	return v, min(end, len(t.src)), nil
}

// skipBlank returns the offset of the first byte at or after i that is not
// a space or a tab.
func skipBlank(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return i
}

// skipFiller returns the offset of the first byte at or after i that is
// not what TOML allows between the items of an array or an inline table:
// blanks, line breaks, commas and comments.
func skipFiller(src []byte, i int) int {
	for i < len(src) {
		switch src[i] {
		case ' ', '\t', '\n', '\r', ',':
			i++
		case '#':
			i = endOfLine(src, i)
		default:
			return i
		}
	}
	return i
}

// lineIndex finds the line and column of an offset in a text: the offsets
// at which lines start are found once, and a position is a binary search
// among them. go-toml's own positions count lines from the start of the
// text each time, so that a front matter with thousands of values took
// time with the square of its size. Columns count runes, as everywhere in
// load, from the last position found when it is on the same line and
// before: values are visited in the order they are written, so that a
// long line is walked once, not once per value on it.
type lineIndex struct {
	src    []byte
	starts []int // offsets at which lines start, the first 0
	first  int   // number of the first line
	// The last position found.
	lastOff, lastLine, lastCol int
	// walked counts the bytes read to count columns, which must stay
	// within a few times the text's length.
	walked int
}

func newLineIndex(src []byte, firstLine int) *lineIndex {
	starts := make([]int, 1, bytes.Count(src, []byte("\n"))+1)
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{src: src, starts: starts, first: firstLine, lastOff: -1}
}

// at returns the 1-based line (counted in the file, from first) and column
// (in runes) of the byte at offset off.
func (ix *lineIndex) at(off int) (line, col int) {
	off = max(0, min(off, len(ix.src)))
	i := sort.Search(len(ix.starts), func(i int) bool { return ix.starts[i] > off }) - 1
	line = ix.first + i
	from := ix.starts[i]
	if line == ix.lastLine && off >= ix.lastOff {
		from = ix.lastOff
		col = ix.lastCol + utf8.RuneCount(ix.src[from:off])
	} else {
		col = utf8.RuneCount(ix.src[from:off]) + 1
	}
	ix.walked += off - from
	ix.lastOff, ix.lastLine, ix.lastCol = off, line, col
	return line, col
}
