// Package diag holds the problems a build finds in a site: where they are
// (file, line, column), what is wrong and how to fix it.
//
// Every stage reports through it so that `brief check`, `brief build` and the
// dev server's overlay print the very same lines.
package diag

import (
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// Severity tells whether a problem stops a build.
type Severity int

const (
	// Error stops the build; nothing is written.
	Error Severity = iota
	// Warning is printed but does not fail the build unless -strict is set.
	Warning
)

// String is the word that introduces a problem of this severity.
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Problem is one finding, located in a file as the author sees it: lines and
// columns count from 1 and include any front matter delimiter lines.
type Problem struct {
	Path     string // slash-separated, relative to the site root
	Line     int    // 0 when the problem concerns the whole file
	Col      int
	Message  string
	Hint     string // how to fix it; may be empty
	Severity Severity
}

// String formats the problem as `path:line:col: error: message (hint)`,
// or with "warning:" for a warning: the place first, as compilers and
// editors expect, then the severity, so that a reader (or grep) tells the
// two apart at a glance. The path, message and hint are escaped (see
// Escape): a problem is one line of plain text whatever the file name or
// the text it quotes.
func (p Problem) String() string {
	var b strings.Builder
	if p.Path != "" {
		b.WriteString(Escape(p.Path))
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d:%d", p.Line, max(p.Col, 1))
		}
		b.WriteString(": ")
	}
	b.WriteString(p.Severity.String())
	b.WriteString(": ")
	b.WriteString(Escape(p.Message))
	if p.Hint != "" {
		b.WriteString(" (")
		b.WriteString(Escape(p.Hint))
		b.WriteString(")")
	}
	return b.String()
}

// Escape makes s safe to print on a terminal as part of one line: control
// characters (C0, DEL, C1), line and paragraph separators, bidirectional
// overrides and isolates, and bytes that are not UTF-8 are written as Go
// escapes (\n, \x1b, \u202e). A file name holding a newline would
// otherwise forge a diagnostic line, an ESC would send codes to the
// terminal, and a bidi override would show text in another order than it
// is. Everything else, accents and other scripts included, is kept.
func Escape(s string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if mustEscape(r, size) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case !mustEscape(r, size):
			b.WriteString(s[i : i+size])
		case r == utf8.RuneError:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

// mustEscape tells whether the rune r, encoded in size bytes, is one that
// Escape rewrites.
func mustEscape(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1: // a byte that is not UTF-8
		return true
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi overrides and isolates
		return true
	}
	return false
}

// List collects problems from every file of a site.
type List []Problem

// Errorf adds an error at the given place.
func (l *List) Errorf(path string, line, col int, hint, format string, args ...any) {
	*l = append(*l, Problem{Path: path, Line: line, Col: col, Hint: hint, Message: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at the given place.
func (l *List) Warnf(path string, line, col int, hint, format string, args ...any) {
	*l = append(*l, Problem{Path: path, Line: line, Col: col, Hint: hint, Message: fmt.Sprintf(format, args...), Severity: Warning})
}

// Sort orders the problems by path, line and column so that the report reads
// like the files do; ties keep the order in which they were found.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Errors counts the problems that stop a build.
func (l List) Errors() int {
	n := 0
	for _, p := range l {
		if p.Severity == Error {
			n++
		}
	}
	return n
}

// Warnings counts the problems that do not stop a build.
func (l List) Warnings() int { return len(l) - l.Errors() }

// Failed reports whether the list stops a build; strict turns warnings into
// failures too.
func (l List) Failed(strict bool) bool {
	if strict {
		return len(l) > 0
	}
	return l.Errors() > 0
}

// Err returns the list as an error when it holds at least one error, else nil.
func (l List) Err() error {
	if l.Errors() == 0 {
		return nil
	}
	return &ListError{List: l}
}

// ListError is an error made of every problem found, one per line.
type ListError struct{ List List }

func (e *ListError) Error() string {
	lines := make([]string, 0, len(e.List))
	for _, p := range e.List {
		lines = append(lines, p.String())
	}
	return strings.Join(lines, "\n")
}

// Under returns a copy of the list with every path prefixed by dir, so that
// a report names files as seen from where the command ran.
func (l List) Under(dir string) List {
	if dir == "" || dir == "." {
		return l
	}
	out := make(List, len(l))
	for i, p := range l {
		p.Path = path.Join(filepath.ToSlash(dir), p.Path)
		out[i] = p
	}
	return out
}
