package load

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// The YAML and TOML parsers take time and memory that grow faster than
// the text in two ways: they descend once per level of nesting and
// allocate as they go, so that text of a few hundred kilobytes nested
// thousands of levels deep ("tags: [[[[…") takes gigabytes; and the YAML
// parser (goccy/go-yaml) parses each key of a block mapping by recursing
// into the rest of the mapping and copying it, so that time grows with the
// square of the number of keys. checkShape measures the text first, in one
// pass over the bytes that allocates nothing, and the parser runs only on
// text within the budgets: maxFields bytes, maxFieldLines lines (which
// bounds the keys of a block mapping) and maxNesting levels.
//
// The depth scan is an approximation of each grammar, made to err on the
// side of counting: it follows quoted strings and comments, so that
// brackets in text do not count, and for YAML it counts block levels by
// indentation and by "- " and "? " indicators. A real front matter is
// three levels deep; the limit is far enough above that a miscount never
// matters.

// checkShape returns a syntax error at the place where src exceeds one of
// the budgets of front matter, or nil. firstLine is the line of the file
// on which src starts.
func checkShape(src []byte, toml bool, firstLine int) *syntaxError {
	if len(src) > maxFields {
		se := errorAt(src, maxFields, firstLine)
		se.msg = fmt.Sprintf("the fields take %s; at most %s are allowed", sizeText(int64(len(src))), sizeText(maxFields))
		se.hint = "fields are short; long text goes in the Markdown body"
		return se
	}
	if n := bytes.Count(src, []byte("\n")); n > maxFieldLines {
		off := 0
		for range maxFieldLines {
			off += bytes.IndexByte(src[off:], '\n') + 1
		}
		se := errorAt(src, off, firstLine)
		se.msg = fmt.Sprintf("the fields take %s lines; at most %s are allowed", count(n), count(maxFieldLines))
		se.hint = "fields are short; long text goes in the Markdown body"
		return se
	}
	var off int
	if toml {
		off = tomlDepth(src)
	} else {
		off = yamlDepth(src)
	}
	if off < 0 {
		return nil
	}
	se := errorAt(src, off, firstLine)
	se.msg = fmt.Sprintf("lists and sets of fields nest deeper than %d levels", maxNesting)
	se.hint = "close the lists and sets of fields opened before; front matter needs three levels at most, as in sources: [{name: …}]"
	return se
}

// errorAt makes a syntax error at offset off of src, which starts on line
// firstLine of its file.
func errorAt(src []byte, off, firstLine int) *syntaxError {
	line := firstLine + bytes.Count(src[:off], []byte("\n"))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return &syntaxError{line: line, col: utf8.RuneCount(src[start:off]) + 1}
}

// tomlDepth returns the offset at which TOML text first nests deeper than
// maxNesting arrays and inline tables, or -1.
func tomlDepth(src []byte) int {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '#':
			i = endOfLine(src, i) - 1
		case '"', '\'':
			i = skipTOMLString(src, i) - 1
		case '[', '{':
			depth++
			if depth > maxNesting {
				return i
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return -1
}

// skipTOMLString returns the offset just after the string that starts at
// src[i] (a quote): basic "…" with backslash escapes, literal '…', or their
// multi-line forms """…""" and ”'…”'. An unclosed string runs to the end
// of its line, or of the text for a multi-line one, as the parser will
// report.
func skipTOMLString(src []byte, i int) int {
	q := src[i]
	if i+2 < len(src) && src[i+1] == q && src[i+2] == q {
		delim := []byte{q, q, q}
		for j := i + 3; j < len(src); j++ {
			switch {
			case q == '"' && src[j] == '\\':
				j++
			case bytes.HasPrefix(src[j:], delim):
				// Up to two more quotes may end the content: """a""""".
				j += 3
				for k := 0; k < 2 && j < len(src) && src[j] == q; k++ {
					j++
				}
				return j
			}
		}
		return len(src)
	}
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q:
			return j + 1
		case '\n':
			return j
		}
	}
	return len(src)
}

// endOfLine returns the offset of the line break that ends the line holding
// src[i], or len(src).
func endOfLine(src []byte, i int) int {
	if n := bytes.IndexByte(src[i:], '\n'); n >= 0 {
		return i + n
	}
	return len(src)
}

// yamlDepth returns the offset at which YAML text first nests deeper than
// maxNesting levels, counting block collections (by indentation and by
// "- " and "? " indicators on one line) and flow collections ([ {) alike,
// or -1.
func yamlDepth(src []byte) int {
	var (
		indents [maxNesting + 1]int // columns of the open block levels
		blocks  int                 // how many of indents are in use
		flow    int                 // open [ and {
		quote   byte                // the quote of a string running across lines, or 0
		// A block scalar (| or >) holds text, not structure, in every
		// following line indented more than the line that opened it.
		scalarIndent = -1
	)
	push := func(col int) bool {
		if blocks+flow >= maxNesting {
			return false
		}
		indents[blocks] = col
		blocks++
		return true
	}
	for ls := 0; ls < len(src); {
		le := endOfLine(src, ls)
		line := src[ls:le]
		next := le + 1
		i := 0 // offset in line
		if quote == 0 && flow == 0 {
			for i < len(line) && line[i] == ' ' {
				i++
			}
			blank := i == len(line) || line[i] == '#'
			if scalarIndent >= 0 && (blank || i > scalarIndent) {
				ls = next
				continue
			}
			scalarIndent = -1
			if blank {
				ls = next
				continue
			}
			for blocks > 0 && indents[blocks-1] > i {
				blocks--
			}
			if blocks == 0 || indents[blocks-1] < i {
				if !push(i) {
					return ls + i
				}
			}
			// A document start ("--- [") is followed by a value.
			if i == 0 && bytes.HasPrefix(line, []byte("---")) && (len(line) == 3 || line[3] == ' ') {
				i = 3
			}
			// "- - x" and "? x" open one more level each, at the
			// column of what follows the indicator.
			for i < len(line) && (line[i] == '-' || line[i] == '?') && (i+1 == len(line) || line[i+1] == ' ') {
				i++
				for i < len(line) && line[i] == ' ' {
					i++
				}
				if i == len(line) || line[i] == '#' {
					break
				}
				if !push(i) {
					return ls + i
				}
			}
		}
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		// scalarStart: the next character would begin a value, where a
		// quote opens a string (a quote inside plain text, as in
		// "Côte d'Ivoire", does not).
		scalarStart := true
		for ; i < len(line); i++ {
			c := line[i]
			if quote != 0 {
				switch {
				case quote == '"' && c == '\\':
					i++
				case quote == '\'' && c == '\'' && i+1 < len(line) && line[i+1] == '\'':
					i++
				case c == quote:
					quote = 0
					scalarStart = false
				}
				continue
			}
			switch {
			case c == ' ' || c == '\t':
				continue
			case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
				i = len(line)
				continue
			case (c == '[' || c == '{') && (scalarStart || flow > 0):
				// Outside brackets, a [ after the start of a value is
				// text (title: see [1]).
				flow++
				if blocks+flow > maxNesting {
					return ls + i
				}
				scalarStart = true
				continue
			case (c == ']' || c == '}') && flow > 0:
				flow--
			case c == ',' && flow > 0:
				scalarStart = true
				continue
			case c == ':' && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t' || flow > 0):
				scalarStart = true
				continue
			case scalarStart && (c == '"' || c == '\''):
				quote = c
				continue
			case scalarStart && (c == '|' || c == '>') && flow == 0:
				scalarIndent = indent
				i = len(line)
				continue
			case scalarStart && (c == '!' || c == '&'):
				// A tag or an anchor comes before the value it marks.
				for i+1 < len(line) && line[i+1] != ' ' {
					i++
				}
				continue
			}
			scalarStart = false
		}
		ls = next
	}
	return -1
}
