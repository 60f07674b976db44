package load

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Budgets. Each bounds one input so that the work a site costs grows with
// what its authors meant to write, never with what a mistake or a hostile
// file can hold; each is far above what a real briefing uses, so that no
// author meets it by writing normally. They are checked while decoding,
// before anything is rendered, and a list over its budget is reported once
// and not looked at further.
const (
	// maxMarkdownSize bounds a content file: a briefing is a few
	// kilobytes of text; a megabyte is a short book.
	maxMarkdownSize = 1 << 20
	// maxConfigSize bounds site.yaml, which holds a dozen short settings.
	maxConfigSize = 64 << 10

	// maxFields bounds the front matter of a file (and site.yaml): a
	// briefing's fields take a kilobyte or two, and a hundred sources with
	// their titles and addresses some 30 KB.
	maxFields = 64 << 10
	// maxFieldLines bounds its lines: the extreme of a real briefing (a
	// hundred sources of four lines each, fifty tags and sixty countries
	// one per line) is some 500. The YAML parser takes time with the
	// square of the keys of one block, which lines bound.
	maxFieldLines = 2000

	// maxNesting bounds how deep front matter and site.yaml nest, counting
	// block indentation and [ { brackets alike. A briefing needs three
	// levels (sources: [{name: …}]); parsers take memory and stack in
	// proportion to depth, so depth is scanned before they run.
	maxNesting = 20

	// maxTags: every tag gets a page and a feed that list the briefing
	// with all its tags, so output grows with the square of this count.
	maxTags = 50
	// maxCountries: more than the members of NATO (32) or of the African
	// Union (55), for a briefing that names every one.
	maxCountries = 60
	// maxSources: a briefing cites a handful.
	maxSources = 100
	// maxCorrections: each is shown on the page and in the corrections
	// list and feed; a briefing corrected more than a few times is
	// rewritten, not annotated.
	maxCorrections = 50
	// maxAliases: each alias is a page and a line of _redirects; a
	// briefing moves a few times in its life at most.
	maxAliases = 50

	// Lengths in characters (runes), as an author counts them.
	maxTitle          = 300  // a headline is under 150
	maxSummary        = 2000 // a few sentences
	maxTagName        = 100  // a topic is a few words
	maxAuthor         = 200  // a name, or a few
	maxSourceName     = 200  // a publisher
	maxSourceTitle    = 500  // someone else's headline, sometimes long
	maxCountryName    = 100  // the longest name in the registry is under 60
	maxShortText      = 200  // language, time zone, slug and such
	maxDescription    = 2000 // site.yaml's description, like a summary
	maxCorrectionText = 2000 // what was wrong and what is right: a few sentences

	// maxTagKey bounds a tag's address segment, ASCII: it becomes a
	// folder name (tags/<key>/), and file systems allow 255 bytes; a
	// letter of another script may be written with several (щ is shch).
	maxTagKey = 120
	// maxURL bounds an address in bytes: browsers and the sitemap
	// protocol stop at about 2,000.
	maxURL = 2000

	// maxKeep bounds the keep: list of site.yaml; a folder keeps
	// everything in it, so a few entries are enough.
	maxKeep = 100
	// maxEditions bounds languages: of site.yaml: every page names each
	// edition in its alternates.
	maxEditions = 20
)

// count writes n with thousands separators, as people read large numbers
// in a message: 48,000.
func count(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + count(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// sizeText writes a number of bytes for a message: 64 KB, 1 MB, 2.5 MB.
// Fractions are rounded up, so that a size over a limit never reads as
// equal to it.
func sizeText(n int64) string {
	unit, name := int64(1), "bytes"
	switch {
	case n >= 1<<20:
		unit, name = 1<<20, "MB"
	case n >= 1<<10:
		unit, name = 1<<10, "KB"
	}
	if n%unit == 0 {
		return fmt.Sprintf("%s %s", count(int(n/unit)), name)
	}
	tenths := (n*10 + unit - 1) / unit
	return fmt.Sprintf("%s.%d %s", count(int(tenths/10)), tenths%10, name)
}

// tooMany reports a list over its budget once, at the list: its items are
// not decoded, so that 100,000 of them cost no more than 51. It returns
// true when the list is over.
func (d *decoder) tooMany(v *value, items []*value, what string, limit int, hint string) bool {
	if len(items) <= limit {
		return false
	}
	d.err(v, hint, "%s %s; at most %d are allowed", count(len(items)), what, limit)
	return true
}

// tooLong reports a text over its budget of characters.
func (d *decoder) tooLong(v *value, name, s string, limit int) bool {
	// A text of no more bytes than the limit has no more characters.
	if len(s) <= limit {
		return false
	}
	n := utf8.RuneCountInString(s)
	if n <= limit {
		return false
	}
	d.err(v, lengthHint(name, limit), "%s is %s characters long; at most %s are allowed", name, count(n), count(limit))
	return true
}

// lengthHint tells how to shorten a text named name.
func lengthHint(name string, limit int) string {
	switch name {
	case "title":
		return fmt.Sprintf("shorten it to a headline of at most %s characters", count(limit))
	case "summary", "description":
		return fmt.Sprintf("keep it to a few sentences, at most %s characters; the body holds the rest", count(limit))
	case "a tag":
		return fmt.Sprintf("a tag is a topic of a few words, at most %s characters", count(limit))
	case "source url":
		return fmt.Sprintf("link the article's own address, at most %s characters; tracking parameters can go", count(limit))
	}
	return fmt.Sprintf("shorten it to at most %s characters", count(limit))
}
