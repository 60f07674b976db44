package i18n

import (
	"sync"
	"time"
	"unicode/utf8"

	"brief/generator/i18n/internal/datefmt"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// FormatDate writes a date the way CLDR's long date format for the
// language does, with the language's month names: "10 січня 2024 р." in
// Ukrainian, "January 10, 2024" in English (CLDR's "en" is American
// English; en-GB gives "10 January 2024"), "10 يناير 2024" in Arabic. A
// language the CLDR data at hand lacks is written as in English.
//
// The theme usually wants its own house style rather than CLDR's long
// format, and says so in its translation files (date_format, see
// Catalog.Date), which use the same month names.
func FormatDate(l Lang, t time.Time) string {
	d := datesFor(l)
	return d.long.Format(&d.names, t)
}

// cldrDate is one locale's entry in dates_gen.go.
type cldrDate struct {
	long      string // CLDR long date pattern, e.g. "d MMMM y 'р'."
	yearMonth string // CLDR's yMMMM, e.g. "LLLL y 'р'."
	// titleStandAlone: a month's stand-alone name starting a heading or a
	// list item takes a capital (CLDR's context transforms).
	titleStandAlone bool
	names           datefmt.Names
}

// dates is a language's compiled date data.
type dates struct {
	long, yearMonth datefmt.Pattern
	names           datefmt.Names
	caps            *cases.Caser // nil: names as CLDR writes them
}

// MonthName is a month's name standing alone, as a list of months shows
// it: "Січень" in Ukrainian (inside a date it is "січня"), "January".
func MonthName(l Lang, m time.Month) string {
	d := datesFor(l)
	return d.capitalise(d.names.StandAlone[m-1])
}

// YearMonth writes a month of a year as a heading: "Січень 2024 р.",
// "July 2024", "2024年7月".
func YearMonth(l Lang, t time.Time) string {
	d := datesFor(l)
	return d.capitalise(d.yearMonth.Format(&d.names, t))
}

// capitalise gives s's first letter a capital where the language's CLDR
// context transforms ask for one in text standing on its own.
func (d *dates) capitalise(s string) string {
	if d.caps == nil || s == "" {
		return s
	}
	_, n := utf8.DecodeRuneInString(s)
	return d.caps.String(s[:n]) + s[n:]
}

var (
	datesMu    sync.Mutex
	datesCache = map[language.Tag]*dates{}
)

// datesFor finds the CLDR data for a language, most specific first:
// zh-TW is looked up as zh_Hant_TW, then zh_TW, zh_Hant and zh; en-GB as
// en_Latn_GB, en_GB, en_Latn and en (dates_gen.go lists a regional locale
// only where it differs from its language). The script is the likely one
// when the code gives none, so that zh-TW finds the traditional script.
func datesFor(l Lang) *dates {
	datesMu.Lock()
	defer datesMu.Unlock()
	if d, ok := datesCache[l.tag]; ok {
		return d
	}
	e := cldrDates["en"]
	for _, name := range localeNames(l.tag) {
		if found, ok := cldrDates[name]; ok {
			e = found
			break
		}
	}
	d := &dates{long: mustParse(e.long), yearMonth: mustParse(e.yearMonth), names: e.names}
	if e.titleStandAlone {
		caps := cases.Upper(l.tag)
		d.caps = &caps
	}
	datesCache[l.tag] = d
	return d
}

func mustParse(pattern string) datefmt.Pattern {
	p, err := datefmt.Parse(pattern)
	if err != nil {
		// dates_gen.go holds only patterns that the generator parsed and
		// checked; one that fails here means the file was edited by hand.
		panic("i18n: dates_gen.go: " + err.Error())
	}
	return p
}

// localeNames are the go-playground/locales names to try for a tag, most
// specific first.
func localeNames(tag language.Tag) []string {
	base, _ := tag.Base()
	script, _ := tag.Script()
	region, conf := tag.Region()
	b, s := base.String(), script.String()
	var names []string
	if conf == language.Exact {
		r := region.String()
		names = append(names, b+"_"+s+"_"+r, b+"_"+r)
	}
	return append(names, b+"_"+s, b)
}
