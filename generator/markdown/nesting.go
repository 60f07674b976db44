package markdown

import (
	"bytes"
	"fmt"
)

// Limits on how deeply Markdown may nest. Goldmark's time grows steeply with
// list depth (a thousand nested levels take seconds, four thousand minutes),
// and no briefing needs more than a handful of levels, so a body beyond
// these limits is refused before it is parsed.
const (
	MaxNesting = 100 // container markers (>, -, 1.) opening one line
	MaxIndent  = 400 // columns of leading white space
)

// NestingError reports a body that nests too deeply.
type NestingError struct {
	Line, Col int // within the body, from 1
	Msg       string
}

func (e *NestingError) Error() string { return e.Msg }

// checkNesting scans the body line by line: its cost is linear, whatever the
// input.
func checkNesting(src []byte) error {
	line := 0
	for len(src) > 0 {
		line++
		end := bytes.IndexByte(src, '\n')
		text := src
		if end >= 0 {
			text, src = src[:end], src[end+1:]
		} else {
			src = nil
		}
		depth, col, indent := 0, 0, 0
		for i := 0; i < len(text); {
			col = i + 1 // where the marker being read starts
			switch c := text[i]; {
			case c == ' ':
				indent++
				i++
				continue
			case c == '\t':
				indent += 4 - indent%4
				i++
				continue
			case c == '>':
				depth++
				i++
			case (c == '-' || c == '*' || c == '+') && i+1 < len(text) && (text[i+1] == ' ' || text[i+1] == '\t'):
				depth++
				i += 2
			case c >= '0' && c <= '9':
				j := i
				for j < len(text) && j-i < 9 && text[j] >= '0' && text[j] <= '9' {
					j++
				}
				if j+1 < len(text) && (text[j] == '.' || text[j] == ')') && (text[j+1] == ' ' || text[j+1] == '\t') {
					depth++
					i = j + 2
				} else {
					i = len(text)
				}
			default:
				i = len(text)
			}
			if depth > MaxNesting {
				return &NestingError{Line: line, Col: col, Msg: fmt.Sprintf("block quotes or lists nest more than %d levels deep", MaxNesting)}
			}
			if indent > MaxIndent {
				return &NestingError{Line: line, Col: 1, Msg: fmt.Sprintf("line is indented more than %d columns", MaxIndent)}
			}
		}
		if indent > MaxIndent {
			return &NestingError{Line: line, Col: 1, Msg: fmt.Sprintf("line is indented more than %d columns", MaxIndent)}
		}
	}
	return nil
}
