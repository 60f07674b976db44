package i18n

import (
	"bytes"
	"slices"
	"strings"

	"golang.org/x/text/collate"
)

// Collator compares strings in a language's alphabetical order. It is not
// safe for concurrent use (golang.org/x/text/collate keeps buffers in it):
// make one per goroutine, or use Sort and SortFunc, which make their own.
type Collator struct {
	c   *collate.Collator
	buf collate.Buffer
}

// NewCollator returns a collator for the language's CLDR collation. In
// Ukrainian, for instance, Ґ is a letter of its own after Г (the root
// collation files "Ґана" among the Г words, before "Греція"), Є follows Е
// and Ї follows І, so "Єгипет" comes after "Естонія" and "Ефіопія", and
// "Італія" after "Ірландія" and before "Їжакевич".
//
// Two departures from the plain collation make lists read as in a
// dictionary. Numbers compare by value ("G7" before "G20"), a standard
// CLDR option. And apostrophes are ignored, so that "Мʼянма" sorts as
// "Мянма", after "Мексика", and "O'Brien" as "OBrien". CLDR's own way of
// ignoring punctuation (alternate=shifted) would not do: the Ukrainian
// apostrophe is best written ʼ (U+02BC), which CLDR counts as a letter,
// and golang.org/x/text's comparison under that option is broken (it
// reports "Єгипет" equal to "Естонія").
func NewCollator(l Lang) *Collator {
	return &Collator{c: collate.New(l.tag, collate.Numeric)}
}

// Compare returns -1, 0 or +1 as a sorts before, with or after b.
func (c *Collator) Compare(a, b string) int {
	return c.c.CompareString(sortable(a), sortable(b))
}

// key is the sort key of s, valid until the next call.
func (c *Collator) key(s string) []byte {
	c.buf.Reset()
	return c.c.KeyFromString(&c.buf, sortable(s))
}

// apostrophes are the characters written as apostrophes: ASCII ', the
// typographic ’ and the modifier letter ʼ.
var apostrophes = strings.NewReplacer("'", "", "’", "", "ʼ", "")

// sortable drops the apostrophes (see NewCollator).
func sortable(s string) string {
	if strings.ContainsAny(s, "'’ʼ") {
		return apostrophes.Replace(s)
	}
	return s
}

// Sort sorts strings in the language's alphabetical order.
func Sort(l Lang, s []string) {
	SortFunc(l, s, func(s string) string { return s })
}

// SortFunc sorts items by the language's alphabetical order of the name
// that name gives each (say, a country's name in that language). Items
// whose names collate equal keep their order. Each name's sort key is made
// once, not at every comparison.
func SortFunc[T any](l Lang, items []T, name func(T) string) {
	c := NewCollator(l)
	type keyed struct {
		key  []byte
		item T
	}
	ks := make([]keyed, len(items))
	for i, it := range items {
		ks[i] = keyed{key: slices.Clone(c.key(name(it))), item: it}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return bytes.Compare(a.key, b.key) })
	for i := range ks {
		items[i] = ks[i].item
	}
}
