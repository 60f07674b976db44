package i18n

import (
	"slices"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// The CLDR plural categories, by the names translation files use for them.
// A language uses some of them; "other" is in every language.
const (
	Zero  = "zero"
	One   = "one"
	Two   = "two"
	Few   = "few"
	Many  = "many"
	Other = "other"
)

// formNames maps x/text's forms to the category names.
var formNames = map[plural.Form]string{
	plural.Zero: Zero, plural.One: One, plural.Two: Two,
	plural.Few: Few, plural.Many: Many, plural.Other: Other,
}

// allForms lists the categories in CLDR's order, which is also the order
// hints list them in.
var allForms = []string{Zero, One, Two, Few, Many, Other}

// PluralForm is the CLDR plural category of the whole number n in the
// language, by CLDR's cardinal rules: Ukrainian puts 1, 21 and 101 in
// "one", 2–4 and 22–24 in "few", 0, 5–20 and 25–30 in "many"; English has
// "one" for 1 and "other" for the rest; Arabic has all six.
func PluralForm(l Lang, n int) string {
	if n < 0 {
		n = -n
	}
	// For a whole number, CLDR's operands are i = n and v = w = f = t = 0.
	return formNames[plural.Cardinal.MatchPlural(l.tag, n, 0, 0, 0, 0)]
}

var (
	formsMu    sync.Mutex
	formsCache = map[language.Tag][]string{}
)

// PluralForms lists the categories a translation of a counted phrase needs
// in the language, in CLDR's order: one and other in English; one, few,
// many and other in Ukrainian; all six in Arabic. "other" is always listed:
// CLDR requires it, Ukrainian uses it for fractions, and a catalogue falls
// back to it for a category left out.
//
// golang.org/x/text has the rules but no list of the categories each
// language uses, so the list is found by asking the rules about the
// numbers 0 to 1000 and a few large ones; every CLDR integer rule tells
// its categories apart below 1000 or at a power of ten.
func PluralForms(l Lang) []string {
	formsMu.Lock()
	defer formsMu.Unlock()
	if fs, ok := formsCache[l.tag]; ok {
		return fs
	}
	used := map[string]bool{Other: true}
	probe := func(n int) { used[PluralForm(l, n)] = true }
	for n := 0; n <= 1000; n++ {
		probe(n)
	}
	for n := 10_000; n <= 1_000_000_000; n *= 10 {
		probe(n)
		probe(n + 1)
	}
	fs := slices.DeleteFunc(slices.Clone(allForms), func(f string) bool { return !used[f] })
	formsCache[l.tag] = fs
	return fs
}
