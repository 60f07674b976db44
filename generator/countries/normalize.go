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

// editDistance is the optimal string alignment distance between a and b:
// the number of single-rune insertions, deletions, substitutions and
// adjacent transpositions needed to turn one into the other. Counting a
// transposition as one edit matters here because swapped letters
// ("Ukriane", "Itlay") are the commonest typo in names.
func editDistance(a, b []rune) int {
	// Only three rows of the full matrix are needed: the transposition
	// step looks two rows back.
	twoBack := make([]int, len(b)+1)
	oneBack := make([]int, len(b)+1)
	current := make([]int, len(b)+1)
	for j := range oneBack {
		oneBack[j] = j
	}
	for i := 1; i <= len(a); i++ {
		current[0] = i
		for j := 1; j <= len(b); j++ {
			substitution := 1
			if a[i-1] == b[j-1] {
				substitution = 0
			}
			current[j] = min(oneBack[j]+1, current[j-1]+1, oneBack[j-1]+substitution)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				current[j] = min(current[j], twoBack[j-2]+1)
			}
		}
		twoBack, oneBack, current = oneBack, current, twoBack
	}
	return oneBack[len(b)]
}
