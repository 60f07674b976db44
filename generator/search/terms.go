// Package search makes the site's search files: an inverted index cut into
// chunks by term range, result cards in small bundles, and filters, all
// under content-hashed names, with a small manifest that names them. The
// browser's script (static/js/search.js) downloads the manifest, then only
// the chunks its query's words fall in and the cards of the results on
// screen.
//
// The package knows nothing of briefings or pages: it takes documents as
// text by field and result cards as given, so that what a page shows and
// what search finds come from one model, rendered elsewhere.
package search

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxTermLength is the length, in UTF-16 code units as the browser counts
// them, beyond which a word is not indexed: such runs are identifiers or
// addresses rather than words anyone types.
const MaxTermLength = 40

// Terms calls fn with each term of s, in order, repeats included.
//
// A term is a maximal run of letters and numbers after folding: Unicode
// canonical decomposition, marks dropped, lower case. So "Côte d'Ivoire"
// gives "cote", "d" and "ivoire", and "Київ" gives "киів". The browser
// folds a query the same way (search.js, function terms): it is the
// rule of the search files' format, written down there and here, since
// one side runs in Go and the other in the reader's browser.
func Terms(s string, fn func(term string)) {
	scan(s, func(term []byte) { fn(string(term)) })
}

// scan calls fn with each term of s as bytes that are valid during the
// call only: a caller that keeps few of them allocates for those alone.
func scan(s string, fn func(term []byte)) {
	if !isASCII(s) {
		s = norm.NFD.String(s)
	}
	buf := make([]byte, 0, 64)
	units := 0
	flush := func() {
		if len(buf) > 0 && units <= MaxTermLength {
			fn(buf)
		}
		buf = buf[:0]
		units = 0
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				flush()
				continue
			}
			buf = append(buf, c)
			units++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.Is(unicode.M, r):
			continue
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			r = unicode.ToLower(r)
		default:
			flush()
			continue
		}
		buf = utf8.AppendRune(buf, r)
		units++
		if r >= 0x10000 {
			units++
		}
	}
	flush()
}

// DistinctTerms is the set of the terms of s, sorted and joined by
// spaces: the compact form in which a caller may keep a long text's terms
// until the index is made. Terms of the result give the same set.
func DistinctTerms(s string) string {
	w := termScratch.Get().(*termWork)
	defer termScratch.Put(w)
	// Every term, repeats included, goes into one buffer and is sorted
	// there: a set of strings allocated each distinct term and a map for
	// every body, 2 GB over a build of 100,000 briefings.
	w.bytes, w.spans = w.bytes[:0], w.spans[:0]
	scan(s, func(t []byte) {
		w.spans = append(w.spans, termSpan{int32(len(w.bytes)), int32(len(t))})
		w.bytes = append(w.bytes, t...)
	})
	of := func(sp termSpan) []byte { return w.bytes[sp.at : sp.at+sp.n] }
	slices.SortFunc(w.spans, func(a, b termSpan) int { return bytes.Compare(of(a), of(b)) })
	w.spans = slices.CompactFunc(w.spans, func(a, b termSpan) bool { return bytes.Equal(of(a), of(b)) })
	size := 0
	for _, sp := range w.spans {
		size += int(sp.n) + 1
	}
	var b strings.Builder
	b.Grow(max(size-1, 0))
	for k, sp := range w.spans {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.Write(of(sp))
	}
	return b.String()
}

// termSpan is a term in termWork's bytes.
type termSpan struct{ at, n int32 }

// termWork is DistinctTerms' scratch space, reused from body to body.
type termWork struct {
	bytes []byte
	spans []termSpan
}

var termScratch = sync.Pool{New: func() any { return new(termWork) }}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// compareJS orders strings as JavaScript's < does, by UTF-16 code units,
// so that the script can find a term's chunk by comparing strings. It
// differs from Go's byte order only between characters from U+E000 to
// U+FFFF and those above U+FFFF, whose UTF-8 both begin with a byte of
// 0xEE or more: elsewhere the bytes decide.
func compareJS(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	if i == len(a) || i == len(b) {
		return len(a) - len(b)
	}
	start := i // where the first differing character begins, the same in both
	for start > 0 && a[start]&0xC0 == 0x80 {
		start--
	}
	if a[start] < 0xEE || b[start] < 0xEE {
		return int(a[i]) - int(b[i])
	}
	ra, _ := utf8.DecodeRuneInString(a[start:])
	rb, _ := utf8.DecodeRuneInString(b[start:])
	if fa, fb := utf16First(ra), utf16First(rb); fa != fb {
		return int(fa) - int(fb)
	}
	return int(ra) - int(rb)
}

// utf16First is the first UTF-16 code unit of r.
func utf16First(r rune) rune {
	if r >= 0x10000 {
		return 0xD800 + (r-0x10000)>>10
	}
	return r
}
