package countries

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalize reduces a name to the form used as a lookup key, so that the
// many ways of typing the same name meet in one place:
//
//   - letters are lower-cased and stripped of accents ("Côte" → "cote"),
//     by decomposing to NFD and dropping the combining marks;
//   - hyphens, dashes and runs of white space become one space, because
//     "Guinea-Bissau" and "Guinea Bissau" are both common;
//   - "&" becomes "and" ("Trinidad & Tobago");
//   - all other punctuation and symbols are dropped, so straight and curly
//     apostrophes, periods ("U.S."), commas and parentheses do not matter;
//   - in names of more than one word, a leading "the" is dropped ("The
//     Gambia", "the Netherlands") and the word "st" becomes "saint" ("St
//     Lucia"); a lone "the" or "st" is left alone so "ST" stays a code.
func normalize(s string) string {
	if !isASCII(s) {
		s = norm.NFD.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			// A combining mark split off its letter by NFD.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsSpace(r) || unicode.Is(unicode.Pd, r):
			b.WriteByte(' ')
		case r == '&':
			b.WriteString(" and ")
		}
	}

	words := strings.Fields(b.String())
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	if len(words) > 1 {
		for i, w := range words {
			if w == "st" {
				words[i] = "saint"
			}
		}
	}
	return strings.Join(words, " ")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// looksLikeCode reports whether a normalised string has the shape of an
// alpha-2 or alpha-3 code, which Lookup tries before names.
func looksLikeCode(key string) bool {
	if len(key) != 2 && len(key) != 3 {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 'a' || key[i] > 'z' {
			return false
		}
	}
	return true
}
