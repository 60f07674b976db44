package countries

import (
	"cmp"
	"slices"
	"strings"

	"brief/generator/internal/digest"
	"brief/generator/internal/editdist"
)

// Region is a UN M49 macro-region.
type Region string

// The five UN M49 macro-regions, plus Antarctica, which M49 leaves outside
// all of them.
const (
	Africa     Region = "Africa"
	Americas   Region = "Americas"
	Asia       Region = "Asia"
	Europe     Region = "Europe"
	Oceania    Region = "Oceania"
	Antarctica Region = "Antarctica"
)

// Regions returns the regions in display order (Africa, Americas, Asia,
// Europe, Oceania, Antarctica). The slice is new on every call, so callers
// may modify it.
func Regions() []Region {
	return []Region{Africa, Americas, Asia, Europe, Oceania, Antarctica}
}

// Country is one entry of the registry: an ISO 3166-1 country or
// territory, or Kosovo.
type Country struct {
	Alpha2, Alpha3, Numeric string // upper-case codes; Numeric is "" for XK
	Name                    string // ISO 3166-1 short name, e.g. "Korea, Republic of"; "Kosovo" for XK
	Common                  string // display name, e.g. "South Korea" (never empty)
	Flag                    string // emoji flag
	Region                  Region
}

// Key is the lower-case alpha-2 code used in URLs, e.g. "ci" for Côte
// d'Ivoire.
// Digest stands for the whole entry in cache keys: the registry is compiled
// into the binary, so within one brief a code names one entry, and every
// cache is tied to the binary that filled it.
func (c Country) Digest() uint64 { return uint64(digest.New().Str(c.Alpha2)) }

func (c Country) Key() string {
	if len(c.Alpha2) == 2 {
		a, b := c.Alpha2[0]-'A', c.Alpha2[1]-'A'
		if a < 26 && b < 26 {
			return lowerCodes[int(a)*26+int(b)]
		}
	}
	return strings.ToLower(c.Alpha2)
}

// lowerCodes holds every two-letter code in lower case, so that Key, called
// for every country link of every page, allocates nothing.
var lowerCodes = func() (t [26 * 26]string) {
	for i := range t {
		t[i] = string([]byte{'a' + byte(i/26), 'a' + byte(i%26)})
	}
	return t
}()

// Lookup resolves what an author wrote: an English name (ISO name or common
// name), an alias, or an alpha-2 / alpha-3 code. Case, accents,
// punctuation and extra spaces are ignored, hyphens count as spaces, and a
// leading "the" is dropped, so "  the Ivory-Coast " and "Côte d’Ivoire"
// both find CI. Two- and three-letter input is tried as a code first, so
// "AU" is Australia even though it is also the African Union's
// abbreviation.
func Lookup(s string) (Country, bool) {
	if c, ok := Find(s); ok {
		return *c, true
	}
	return Country{}, false
}

// Find is Lookup returning the registry's own entry, shared by every caller
// and never to be modified: a site's model points at it instead of holding
// a copy per briefing.
func Find(s string) (*Country, bool) {
	key := normalize(s)
	if looksLikeCode(key) {
		if i, ok := reg.byCode[key]; ok {
			return &reg.countries[i], true
		}
	}
	if i, ok := reg.byName[key]; ok {
		return &reg.countries[i], true
	}
	return nil, false
}

// ByKey returns the country with the given alpha-2 code in any case. Unlike
// Lookup it accepts nothing else, which suits resolving the keys found in
// URLs and front matter.
func ByKey(code string) (Country, bool) {
	if len(code) != 2 {
		return Country{}, false
	}
	i, ok := reg.byCode[strings.ToLower(code)]
	if !ok {
		return Country{}, false
	}
	return reg.countries[i], true
}

// All returns every country sorted by Common name (a copy, safe to
// modify). The sort ignores case and accents, so "Åland Islands" sits among
// the A's rather than after "Zimbabwe" as a byte-wise sort would put it.
func All() []Country {
	return slices.Clone(reg.byDisplay)
}

// AllNames is every name the country is known by, joined by spaces: its
// ISO short and official names, its display name, its aliases and its
// codes. Search indexes it, so that a reader who types "UK", "Britain" or
// "GBR" finds the briefings about the United Kingdom.
func (c *Country) AllNames() string {
	if i, ok := reg.byCode[strings.ToLower(c.Alpha2)]; ok {
		return reg.allNames[i]
	}
	return c.Common
}

// Suggest returns up to n display names closest to s, nearest first, for
// "did you mean" messages when Lookup fails. Closeness is the edit distance
// between the normalised input and each country's normalised names and
// aliases (codes are left out: every short string is near some code).
// Only matches within max(2, len/3) edits count, where len is the length of
// the normalised input, and never a distance that would replace the whole
// input, so nonsense gets no suggestions. Ties go to the name that comes
// first in All order.
func Suggest(s string, n int) []string {
	nearest := nearestCountries(normalize(s), n, reg.suggestionTerms)
	names := make([]string, len(nearest))
	for k, i := range nearest {
		names[k] = reg.countries[i].Common
	}
	return names
}

// nearestCountries is the search behind Suggest and SuggestIn: the indexes
// of up to n countries one of whose terms is within the limit Suggest
// describes of the normalised query, nearest first, ties in All order.
// Each term list may name a country many times; it counts once, at its
// nearest.
func nearestCountries(normalized string, n int, termLists ...[]suggestionTerm) []int {
	query := []rune(normalized)
	if n <= 0 || len(query) == 0 {
		return nil
	}
	limit := max(2, len(query)/3)
	limit = min(limit, len(query)-1)

	nearest := make(map[int]int) // country index → smallest distance
	for _, terms := range termLists {
		for _, term := range terms {
			if abs(len(term.runes)-len(query)) > limit {
				continue // the length difference alone exceeds the limit
			}
			d := editdist.Runes(query, term.runes)
			if d > limit {
				continue
			}
			if best, seen := nearest[term.country]; !seen || d < best {
				nearest[term.country] = d
			}
		}
	}

	candidates := make([]int, 0, len(nearest))
	for i := range nearest {
		candidates = append(candidates, i)
	}
	slices.SortFunc(candidates, func(a, b int) int {
		return cmp.Or(
			cmp.Compare(nearest[a], nearest[b]),
			cmp.Compare(reg.displayRank[a], reg.displayRank[b]),
		)
	})
	if len(candidates) > n {
		candidates = candidates[:n]
	}
	return candidates
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// reg is built once at package initialisation and only read afterwards,
// which is what makes the exported functions safe for concurrent use.
var reg = buildRegistry(isoEntries)

// registry holds the countries and the indexes over them. Countries are
// referred to by their index in countries, which is in alpha-2 order.
type registry struct {
	countries []Country

	// terms[i] lists every name matched for countries[i] as written:
	// ISO short name, official name, display name and aliases.
	terms [][]string
	// allNames[i] is terms[i] and the codes, joined (see AllNames).
	allNames []string

	byCode map[string]int // lower-case alpha-2 and alpha-3 codes
	byName map[string]int // normalised names and aliases

	byDisplay   []Country // countries in All order
	displayRank []int     // displayRank[i] is the position of countries[i] in byDisplay

	suggestionTerms []suggestionTerm
}

// indexNames enters the names of country i into byName under their keys
// (as key makes them) and returns terms with them added for suggestions.
// Two countries claiming one name is a data error that
// TestNamesAreUnambiguous reports; keeping the first claimant at least
// makes the outcome deterministic.
func indexNames(byName map[string]int, terms []suggestionTerm, i int, names []string, key func(string) string) []suggestionTerm {
	own := make(map[string]bool)
	for _, name := range names {
		k := key(name)
		if k == "" || own[k] {
			continue
		}
		own[k] = true
		if _, taken := byName[k]; !taken {
			byName[k] = i
		}
		terms = append(terms, suggestionTerm{runes: []rune(k), country: i})
	}
	return terms
}

// suggestionTerm is a normalised name kept as runes, so Suggest does not
// convert it on every call.
type suggestionTerm struct {
	runes   []rune
	country int
}

func buildRegistry(iso []isoEntry) *registry {
	entries := append(slices.Clone(iso), kosovo)
	slices.SortFunc(entries, func(a, b isoEntry) int { return strings.Compare(a.alpha2, b.alpha2) })

	// Walk the regions in a fixed order so that, should a code ever be
	// listed twice, the outcome does not depend on map iteration (the
	// tests reject such data anyway).
	regionOf := make(map[string]Region)
	for _, region := range Regions() {
		for _, code := range strings.Fields(regionMembers[region]) {
			regionOf[code] = region
		}
	}

	r := &registry{
		countries: make([]Country, len(entries)),
		terms:     make([][]string, len(entries)),
		allNames:  make([]string, len(entries)),
		byCode:    make(map[string]int, 2*len(entries)),
		byName:    make(map[string]int, 4*len(entries)),
	}
	for i, e := range entries {
		common := cmp.Or(e.commonName, displayNames[e.alpha2], e.name)
		r.countries[i] = Country{
			Alpha2:  e.alpha2,
			Alpha3:  e.alpha3,
			Numeric: e.numeric,
			Name:    e.name,
			Common:  common,
			Flag:    e.flag,
			Region:  regionOf[e.alpha2],
		}
		r.byCode[strings.ToLower(e.alpha2)] = i
		r.byCode[strings.ToLower(e.alpha3)] = i

		terms := []string{e.name, common}
		if e.officialName != "" {
			terms = append(terms, e.officialName)
		}
		r.terms[i] = append(terms, aliases[e.alpha2]...)
		r.allNames[i] = strings.Join(append(slices.Clone(r.terms[i]), e.alpha2, e.alpha3), " ")

		r.suggestionTerms = indexNames(r.byName, r.suggestionTerms, i, r.terms[i], normalize)
	}

	// Display order compares accent- and case-folded names, so that
	// "Åland Islands" does not sort after "Zimbabwe" as it would by bytes.
	order := make([]int, len(entries))
	sortKeys := make([]string, len(entries))
	for i, c := range r.countries {
		order[i] = i
		sortKeys[i] = normalize(c.Common)
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(
			strings.Compare(sortKeys[a], sortKeys[b]),
			strings.Compare(r.countries[a].Common, r.countries[b].Common),
		)
	})
	r.byDisplay = make([]Country, len(order))
	r.displayRank = make([]int, len(order))
	for rank, i := range order {
		r.byDisplay[rank] = r.countries[i]
		r.displayRank[i] = rank
	}
	return r
}
