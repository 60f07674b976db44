package load

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/token"
)

// parseSimpleYAML reads, by hand, the plain shape that nearly every front
// matter has: one field per line, values that are single-line quoted or
// plain text, lists in brackets, and block lists of such values or of small
// sets of fields (a briefing's sources), with comments and blank lines
// between. Parsing that shape with the YAML library was a tenth of a large
// build's time.
//
// It answers only when it is sure: anything outside the shape (multi-line
// text, escapes JSON does not have, anchors, tags, tabs, odd indentation,
// numbers other than plain integers, a field set twice, ...) returns
// ok=false and goes to the YAML library, which also reports every error. What it does answer is
// the tree the library's path would give, positions included; the tests
// compare the two on generated, example and fuzzed front matter.
func parseSimpleYAML(src []byte, firstLine int) (*value, bool) {
	p := simpleYAML{src: src, firstLine: firstLine}
	return p.document()
}

type simpleYAML struct {
	src       []byte
	firstLine int
	pos       int // offset of the next line
	line      int // index of the next line, from 0
}

// next returns the next line that holds more than blanks or a comment,
// without its newline; more is false at the end.
func (p *simpleYAML) next() (text []byte, index int, more bool) {
	for p.pos < len(p.src) {
		rest := p.src[p.pos:]
		end := bytes.IndexByte(rest, '\n')
		if end < 0 {
			end = len(rest)
			p.pos = len(p.src)
		} else {
			p.pos += end + 1
		}
		index = p.line
		p.line++
		text = rest[:end]
		if blank := leadingSpaces(text); blank < len(text) && text[blank] != '#' {
			return text, index, true
		}
	}
	return nil, 0, false
}

// peek returns the next line without consuming it.
func (p *simpleYAML) peek() ([]byte, bool) {
	save, saveLine := p.pos, p.line
	text, _, more := p.next()
	p.pos, p.line = save, saveLine
	return text, more
}

func (p *simpleYAML) fileLine(index int) int { return p.firstLine + index }

func (p *simpleYAML) document() (*value, bool) {
	if !cleanText(p.src) {
		return nil, false
	}
	var root *value
	for {
		text, index, more := p.next()
		if !more {
			break
		}
		if text[0] == ' ' {
			return nil, false
		}
		key, rest, ok := cutKey(text, 0)
		if !ok {
			return nil, false
		}
		if root == nil {
			root = &value{kind: kindMap, line: p.fileLine(index), col: 1}
		}
		if root.get(key) != nil {
			return nil, false
		}
		var v *value
		if len(bytes.TrimLeft(rest, " ")) == 0 {
			if v, ok = p.blockList(); !ok {
				return nil, false
			}
		} else if v, ok = p.inlineValue(text, len(text)-len(rest), index, 0); !ok {
			return nil, false
		}
		root.fields = append(root.fields, field{key: key, line: p.fileLine(index), col: 1, val: v})
	}
	if root == nil {
		return nil, false
	}
	return root, true
}

// blockList reads the "- item" lines that follow a field with no value on
// its own line.
func (p *simpleYAML) blockList() (*value, bool) {
	first, more := p.peek()
	indent := leadingSpaces(first)
	if !more || !isItemLine(first, indent) {
		return nil, false
	}
	var list *value
	for {
		text, more := p.peek()
		if !more {
			break
		}
		if !isItemLine(text, indent) {
			if leadingSpaces(text) == 0 {
				break // the next field
			}
			return nil, false
		}
		_, index, _ := p.next()
		if list == nil {
			list = &value{kind: kindList, line: p.fileLine(index), col: indent + 1}
		}
		start := indent + 1
		for start < len(text) && text[start] == ' ' {
			start++
		}
		if start == len(text) {
			return nil, false
		}
		item, ok := p.listItem(text, start, index)
		if !ok {
			return nil, false
		}
		list.items = append(list.items, item)
	}
	return list, list != nil
}

// isItemLine tells whether text is "- something" at the given indent.
func isItemLine(text []byte, indent int) bool {
	return leadingSpaces(text) == indent && len(text) > indent+1 && text[indent] == '-' && text[indent+1] == ' '
}

// listItem reads one list item starting at byte start of text: a value, or
// fields, the first on this line and the others on the lines below, each
// starting in the same column.
func (p *simpleYAML) listItem(text []byte, start, index int) (*value, bool) {
	key, rest, isMap := cutKey(text, start)
	if !isMap {
		return p.inlineValue(text, start, index, leadingSpaces(text))
	}
	col := runeColumn(text, start)
	m := &value{kind: kindMap, line: p.fileLine(index), col: col}
	for {
		if m.get(key) != nil || len(bytes.TrimLeft(rest, " ")) == 0 {
			return nil, false
		}
		v, ok := p.inlineValue(text, len(text)-len(rest), index, start)
		if !ok {
			return nil, false
		}
		m.fields = append(m.fields, field{key: key, line: p.fileLine(index), col: runeColumn(text, start), val: v})
		next, more := p.peek()
		if !more || leadingSpaces(next) != start {
			return m, true
		}
		if key, rest, ok = cutKey(next, start); !ok {
			return nil, false
		}
		text, index, _ = p.next()
	}
}

// inlineValue reads the value that starts at or after byte from of text and
// runs to the end of the line: quoted text, plain text or a [list]. Plain
// text may go on over the lines below that are indented more than owner,
// the indentation of the key or list item the value belongs to.
func (p *simpleYAML) inlineValue(text []byte, from, index, owner int) (*value, bool) {
	for from < len(text) && text[from] == ' ' {
		from++
	}
	if from < len(text) && (text[from] == '[' || text[from] == '{') {
		return p.flowValue(text, from, index)
	}
	v, end, ok := p.scalar(text, from, index, false)
	if ok && end == len(text) && v.kind == kindString && text[from] != '"' && text[from] != '\'' {
		ok = p.foldLines(v, owner) // plain text may go on below
	}
	if !ok || !onlyComment(text[end:]) {
		return nil, false
	}
	return v, true
}

// foldLines adds to plain text v the lines below it that go on with it:
// those indented more than owner, joined with a space, as YAML folds them.
// Lines that would make the text anything but plain words (a blank line, a
// comment, a colon, blanks at the end, ...) are left to the library.
func (p *simpleYAML) foldLines(v *value, owner int) bool {
	var folded []byte
	for p.pos < len(p.src) {
		rest := p.src[p.pos:]
		end := bytes.IndexByte(rest, '\n')
		if end < 0 {
			end = len(rest)
		}
		line := rest[:end]
		indent := leadingSpaces(line)
		if indent <= owner || indent == len(line) {
			break
		}
		more := line[indent:]
		if more[len(more)-1] == ' ' || bytes.Contains(more, []byte(" #")) || !plainText(more, false) {
			return false
		}
		if folded == nil {
			folded = append([]byte(nil), v.text...)
		}
		folded = append(append(folded, ' '), more...)
		p.pos += min(end+1, len(rest))
		p.line++
	}
	if folded == nil {
		return true
	}
	// After the text, nothing may sit deeper than its owner, even past
	// blank lines or comments: YAML would read it as more of the text.
	if next, ok := p.peek(); ok && leadingSpaces(next) > owner {
		return false
	}
	// Joined lines hold a space, so the text can no longer read as a
	// number, true or null: it stays text.
	v.text = string(folded)
	return true
}

// onlyComment tells whether what follows a value is blanks, then perhaps a
// comment set off by a blank.
func onlyComment(rest []byte) bool {
	blank := leadingSpaces(rest)
	return blank == len(rest) || blank > 0 && rest[blank] == '#'
}

// flowValue reads a [list] or a {map} written on one line, starting at
// byte open, and nothing but a comment after it.
func (p *simpleYAML) flowValue(text []byte, open, index int) (*value, bool) {
	v, end, ok := p.flowItem(text, open, index, 0)
	if !ok || !onlyComment(text[end:]) {
		return nil, false
	}
	return v, true
}

// flowItem reads one value inside brackets, or the bracketed value itself:
// text, a [list] or a {map} of fields, and returns the offset past it.
func (p *simpleYAML) flowItem(text []byte, i, index, depth int) (*value, int, bool) {
	if i >= len(text) || depth > 3 {
		return nil, 0, false
	}
	switch text[i] {
	case '[':
		list := &value{kind: kindList, line: p.fileLine(index), col: runeColumn(text, i)}
		i = skipBlanks(text, i+1)
		if i < len(text) && text[i] == ']' {
			return list, i + 1, true
		}
		for {
			item, end, ok := p.flowItem(text, i, index, depth+1)
			if !ok {
				return nil, 0, false
			}
			list.items = append(list.items, item)
			next, closed, ok := flowSeparator(text, end, ']')
			if !ok || closed {
				return list, next, ok
			}
			i = next
		}
	case '{':
		m := &value{kind: kindMap, line: p.fileLine(index)}
		i = skipBlanks(text, i+1)
		for {
			key, rest, ok := cutKey(text, i)
			if !ok || m.get(key) != nil {
				return nil, 0, false
			}
			col := runeColumn(text, i)
			if len(m.fields) == 0 {
				m.col = col // a map is placed at its first key
			}
			v, end, ok := p.flowItem(text, skipBlanks(text, len(text)-len(rest)), index, depth+1)
			if !ok {
				return nil, 0, false
			}
			m.fields = append(m.fields, field{key: key, line: p.fileLine(index), col: col, val: v})
			next, closed, ok := flowSeparator(text, end, '}')
			if !ok || closed {
				return m, next, ok
			}
			i = next
		}
	}
	return p.scalar(text, i, index, true)
}

// flowSeparator reads what follows an item inside brackets: a comma and
// the blanks after it (closed false), or the closing bracket (closed true),
// and returns the offset past it.
func flowSeparator(text []byte, i int, closer byte) (next int, closed, ok bool) {
	i = skipBlanks(text, i)
	switch {
	case i < len(text) && text[i] == ',':
		return skipBlanks(text, i+1), false, true
	case i < len(text) && text[i] == closer:
		return i + 1, true, true
	}
	return 0, false, false
}

func skipBlanks(text []byte, i int) int {
	for i < len(text) && text[i] == ' ' {
		i++
	}
	return i
}

// scalar reads one quoted or plain value starting at byte from and returns
// it with the offset just past it. Inside brackets (flow), a plain value
// ends at a comma or a closing bracket.
func (p *simpleYAML) scalar(text []byte, from, index int, flow bool) (*value, int, bool) {
	if from >= len(text) {
		return nil, 0, false
	}
	v := &value{kind: kindString, line: p.fileLine(index), col: runeColumn(text, from)}
	if q := text[from]; q == '"' || q == '\'' {
		quoted := doubleQuoted
		if q == '\'' {
			quoted = singleQuoted
		}
		inner, after, ok := quoted(text, from)
		if !ok {
			return nil, 0, false
		}
		v.text = inner
		return v, after, true
	}
	end := len(text)
	if flow {
		end = from
		for end < len(text) && text[end] != ',' && text[end] != ']' && text[end] != '}' {
			end++
		}
	}
	raw := text[from:end]
	if c := bytes.Index(raw, []byte(" #")); c >= 0 && !flow {
		raw = bytes.TrimRight(raw[:c], " ") // a comment follows
		end = from + len(raw)
	} else if len(raw) > 0 && raw[len(raw)-1] == ' ' {
		// Blanks that end a line after plain text make the library
		// misplace it; leave them.
		return nil, 0, false
	}
	if !plainText(raw, flow) {
		return nil, 0, false
	}
	s := string(raw)
	switch tk := token.New(s, s, nil); tk.Type {
	case token.StringType:
		v.text = s
	case token.IntegerType:
		if !decimal(s) {
			return nil, 0, false
		}
		v.kind, v.text = kindInt, s
	case token.BoolType:
		v.kind, v.text = kindBool, "false"
		if strings.EqualFold(s, "true") {
			v.text = "true"
		}
	default:
		return nil, 0, false
	}
	return v, end, true
}

// doubleQuoted reads "text" starting at byte from, on one line, and returns
// its value and the offset past the closing quote. The escapes JSON also
// has are understood; any other, or a line break inside, is left to the
// library.
func doubleQuoted(text []byte, from int) (string, int, bool) {
	var out []byte
	last := from + 1
	for i := from + 1; i < len(text); i++ {
		switch text[i] {
		case '"':
			return closeQuote(text, from, i, out, last)
		case '\\':
			if i+1 >= len(text) {
				return "", 0, false
			}
			out = append(out, text[last:i]...)
			size := 2
			switch text[i+1] {
			case '"', '\\', '/':
				out = append(out, text[i+1])
			case 'n':
				out = append(out, '\n')
			case 't':
				out = append(out, '\t')
			case 'r':
				out = append(out, '\r')
			case 'u':
				r, ok := hex4(text[i+2:])
				if !ok || r >= 0xd800 && r <= 0xdfff {
					return "", 0, false
				}
				out = utf8.AppendRune(out, r)
				size = 6
			default:
				return "", 0, false
			}
			i += size - 1
			last = i + 1
		}
	}
	return "", 0, false
}

// hex4 reads four hexadecimal digits.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// singleQuoted reads 'text' starting at byte from, on one line, where a
// doubled quote stands for one.
func singleQuoted(text []byte, from int) (string, int, bool) {
	var out []byte
	last := from + 1
	for i := from + 1; i < len(text); i++ {
		if text[i] != '\'' {
			continue
		}
		if i+1 < len(text) && text[i+1] == '\'' {
			out = append(out, text[last:i+1]...)
			i++
			last = i + 1
			continue
		}
		return closeQuote(text, from, i, out, last)
	}
	return "", 0, false
}

// closeQuote ends quoted text opened at byte from and closed at byte end:
// out holds the value up to byte last, where escapes were undone. Blanks
// at either end, which YAML may fold, are left to the library.
func closeQuote(text []byte, from, end int, out []byte, last int) (string, int, bool) {
	inner := text[from+1 : end]
	if len(inner) > 0 && (inner[0] == ' ' || inner[len(inner)-1] == ' ') {
		return "", 0, false
	}
	if out == nil {
		return string(inner), end + 1, true
	}
	return string(append(out, text[last:end]...)), end + 1, true
}

// plainText tells whether raw is plain YAML text this reader is sure of: it
// starts with a letter or a digit, has no comment, no ": " and no brackets
// or braces; inside brackets, no colon or quote at all.
func plainText(raw []byte, flow bool) bool {
	if len(raw) == 0 {
		return false
	}
	c := raw[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80) {
		return false
	}
	if raw[len(raw)-1] == ':' {
		return false
	}
	for i, c := range raw {
		switch c {
		case '[', ']', '{', '}', '\t':
			return false
		case '#':
			if raw[i-1] == ' ' {
				return false
			}
		case ':':
			if flow || i+1 < len(raw) && raw[i+1] == ' ' {
				return false
			}
		case '"', '\'', ',':
			if flow {
				return false
			}
		}
	}
	return true
}

// decimal tells whether s is digits only, without a leading zero.
func decimal(s string) bool {
	if s == "" || len(s) > 1 && s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// cutKey reads "key:" at byte start of text, followed by a space or the
// end of the line, and returns the key and what follows the colon. A key
// is a letter then letters, digits, '_' or '-', and reads as text to the
// library (not true, null, ...).
func cutKey(text []byte, start int) (string, []byte, bool) {
	i := start
	for i < len(text) {
		c := text[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > start && (c >= '0' && c <= '9' || c == '_' || c == '-') {
			i++
			continue
		}
		break
	}
	if i == start || i >= len(text) || text[i] != ':' || i+1 < len(text) && text[i+1] != ' ' {
		return "", nil, false
	}
	key := string(text[start:i])
	if token.New(key, key, nil).Type != token.StringType {
		return "", nil, false
	}
	return key, text[i+1:], true
}

func leadingSpaces(text []byte) int {
	n := 0
	for n < len(text) && text[n] == ' ' {
		n++
	}
	return n
}

// runeColumn is the 1-based column of byte offset i, counted in
// characters as the library counts them.
func runeColumn(text []byte, i int) int {
	return utf8.RuneCount(text[:i]) + 1
}

// cleanText tells whether src is valid UTF-8 free of control characters
// (tabs and carriage returns included), byte order marks and the Unicode
// line separators, none of which this reader handles.
func cleanText(src []byte) bool {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError || r >= 0x80 && r <= 0x9f || r == 0x2028 || r == 0x2029 || r == 0xfeff {
			return false
		}
		i += size
	}
	return true
}
