// Package datefmt writes dates by a CLDR date pattern such as "d MMMM y".
//
// It is the one formatter behind both the long date formats that package
// i18n compiles from CLDR (see ../../gen) and the date_format a
// translation file may set, so that a pattern means the same thing
// wherever it comes from. Only the fields a briefing date needs are
// supported: day, month and year, with the month's name in the form used
// inside a date (MMMM: Ukrainian "10 січня") or standing alone (LLLL:
// "січень 2024"). Weekdays and eras are refused rather than approximated.
package datefmt

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Names are a language's month names, indexed by month (January = 0): in
// the format context, the form used inside a full date ("10 січня 2024"),
// and standing alone ("січень 2024").
type Names struct {
	Wide        [12]string // "січня"
	Abbreviated [12]string // "січ."
	StandAlone  [12]string // "січень"
}

// Pattern is a parsed pattern, ready to format many dates.
type Pattern []field

// field is one piece of a pattern: a date field (letter d, M or y, written
// width times) or, when letter is 0, literal text.
type field struct {
	letter byte
	width  int
	text   string
}

// Supported names the pattern fields Parse accepts, for error hints.
const Supported = "d, dd, M, MM, MMM, MMMM, L, LL, LLLL, y, yy, yyyy and text in 'quotes'"

// Parse reads a CLDR pattern. As in CLDR, ASCII letters are fields and
// every other character is literal text; text in single quotes is literal
// too, and ” is an apostrophe.
func Parse(p string) (Pattern, error) {
	var out Pattern
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, field{text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\'':
			if i+1 < len(p) && p[i+1] == '\'' {
				lit.WriteByte('\'')
				i += 2
				continue
			}
			end := i + 1
			for {
				j := strings.IndexByte(p[end:], '\'')
				if j < 0 {
					return nil, fmt.Errorf("date pattern %q: quote opened at byte %d is never closed", p, i+1)
				}
				lit.WriteString(p[end : end+j])
				end += j + 1
				if end < len(p) && p[end] == '\'' { // '' inside quotes
					lit.WriteByte('\'')
					end++
					continue
				}
				break
			}
			i = end
		case isLetter(c):
			n := 1
			for i+n < len(p) && p[i+n] == c {
				n++
			}
			if err := check(c, n); err != nil {
				return nil, fmt.Errorf("date pattern %q: %w", p, err)
			}
			flush()
			out = append(out, field{letter: c, width: n})
			i += n
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	if !out.hasFields() {
		return nil, fmt.Errorf("date pattern %q has no day, month or year", p)
	}
	return out, nil
}

func (p Pattern) hasFields() bool {
	for _, f := range p {
		if f.letter != 0 {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func check(c byte, n int) error {
	switch {
	case c == 'd' && n <= 2, c == 'M' && n <= 4, c == 'L' && n != 3 && n <= 4, c == 'y' && (n <= 2 || n == 4):
		return nil
	case c == 'L' && n == 3:
		return fmt.Errorf("abbreviated stand-alone months (LLL) are not supported; use MMM")
	}
	return fmt.Errorf("%q is not a supported field", strings.Repeat(string(c), n))
}

// Format writes t by the pattern, with month names from names.
func (p Pattern) Format(names *Names, t time.Time) string {
	var b []byte
	for _, f := range p {
		switch f.letter {
		case 0:
			b = append(b, f.text...)
		case 'd':
			b = pad(b, t.Day(), f.width)
		case 'M':
			switch f.width {
			case 1, 2:
				b = pad(b, int(t.Month()), f.width)
			case 3:
				b = append(b, names.Abbreviated[t.Month()-1]...)
			default:
				b = append(b, names.Wide[t.Month()-1]...)
			}
		case 'L':
			if f.width == 4 {
				b = append(b, names.StandAlone[t.Month()-1]...)
			} else {
				b = pad(b, int(t.Month()), f.width)
			}
		case 'y':
			y := t.Year()
			if f.width == 2 {
				y %= 100
			}
			b = pad(b, y, f.width)
		}
	}
	return string(b)
}

// pad appends n in decimal, with leading zeros up to width digits.
func pad(b []byte, n, width int) []byte {
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// Quote writes literal text so that Parse reads it back unchanged: text
// holding ASCII letters goes in quotes; apostrophes are doubled.
func Quote(text string) string {
	escaped := strings.ReplaceAll(text, "'", "''")
	if strings.ContainsFunc(text, func(r rune) bool { return r < 128 && isLetter(byte(r)) }) {
		return "'" + escaped + "'"
	}
	return escaped
}
