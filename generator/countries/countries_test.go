package countries

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		in   string
		want string // alpha-2, or "" for no match
	}{
		// ISO short names and display names.
		{"Germany", "DE"},
		{"Korea, Republic of", "KR"},
		{"South Korea", "KR"},
		{"Russian Federation", "RU"},
		{"Congo", "CG"},
		{"Congo, The Democratic Republic of the", "CD"},
		{"Holy See (Vatican City State)", "VA"},
		{"Falkland Islands (Malvinas)", "FK"},
		{"Virgin Islands, U.S.", "VI"},
		{"U.S. Virgin Islands", "VI"},
		{"Virgin Islands, British", "VG"},
		{"Saint Martin (French part)", "MF"},
		{"Sint Maarten", "SX"},
		{"Antarctica", "AQ"},
		// Official names.
		{"Federal Republic of Germany", "DE"},
		{"United Kingdom of Great Britain and Northern Ireland", "GB"},
		{"Plurinational State of Bolivia", "BO"},
		{"the State of Eritrea", "ER"},
		{"Hellenic Republic", "GR"},
		// Case.
		{"GERMANY", "DE"},
		{"germany", "DE"},
		{"gErMaNy", "DE"},
		// Accents and diacritics.
		{"Côte d'Ivoire", "CI"},
		{"Cote d'Ivoire", "CI"},
		{"Türkiye", "TR"},
		{"Turkiye", "TR"},
		{"Åland Islands", "AX"},
		{"Aland Islands", "AX"},
		{"Réunion", "RE"},
		{"Curacao", "CW"},
		{"Saint Barthelemy", "BL"},
		{"São Tomé and Príncipe", "ST"},
		{"Visegrád", ""},
		// Punctuation and spacing.
		{"cote d'ivoire", "CI"},
		{"Côte d’Ivoire", "CI"},
		{"COTE DIVOIRE", "CI"},
		{"  Ivory   Coast ", "CI"},
		{"  the Ivory-Coast ", "CI"},
		{"Guinea Bissau", "GW"},
		{"Guinea-Bissau", "GW"},
		{"Guinea–Bissau", "GW"},
		{"Timor Leste", "TL"},
		{"Korea Republic of", "KR"},
		{"Trinidad & Tobago", "TT"},
		{"Bosnia & Herzegovina", "BA"},
		{"St Lucia", "LC"},
		{"St. Kitts and Nevis", "KN"},
		{"St Vincent & the Grenadines", "VC"},
		{"The Gambia", "GM"},
		{"the Netherlands", "NL"},
		{"The Bahamas", "BS"},
		// Codes, tried before names.
		{"DE", "DE"},
		{"de", "DE"},
		{"DEU", "DE"},
		{"deu", "DE"},
		{"ci", "CI"},
		{"CIV", "CI"},
		{"GBR", "GB"},
		{"ST", "ST"},
		{"AU", "AU"},
		{"U.S.", "US"},
		{"us", "US"},
		{"USA", "US"},
		{"usa", "US"},
		{"U.S.A.", "US"},
		// Kosovo, which is ours rather than ISO's.
		{"Kosovo", "XK"},
		{"XK", "XK"},
		{"xkx", "XK"},
		// Things that are not countries.
		{"", ""},
		{"   ", ""},
		{"...", ""},
		{"America", ""},
		{"Korea", ""},
		{"England", ""},
		{"Atlantis", ""},
		{"ZZ", ""},
		{"ZZZ", ""},
		{"the", ""},
		{"NATO", ""},
		{"European Union", ""},
		{"g7", ""},
		{"Ukriane", ""},
	}
	for _, tt := range tests {
		got, ok := Lookup(tt.in)
		if ok != (tt.want != "") || got.Alpha2 != tt.want {
			t.Errorf("Lookup(%q) = %q, %v, want %q", tt.in, got.Alpha2, ok, tt.want)
		}
	}
}

// TestLookupAliases checks every alias that briefings are known to use.
func TestLookupAliases(t *testing.T) {
	want := map[string]string{
		"USA": "US", "US": "US", "U.S.": "US", "United States of America": "US", "United States": "US",
		"UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB", "United Kingdom": "GB",
		"Russia": "RU",
		"Turkey": "TR", "Türkiye": "TR",
		"Iran":        "IR",
		"Syria":       "SY",
		"South Korea": "KR", "Republic of Korea": "KR",
		"North Korea": "KP", "DPRK": "KP",
		"Ivory Coast": "CI", "Côte d'Ivoire": "CI",
		"Czech Republic": "CZ", "Czechia": "CZ",
		"Vatican": "VA", "Holy See": "VA", "Vatican City": "VA",
		"Moldova":   "MD",
		"Bolivia":   "BO",
		"Venezuela": "VE",
		"Tanzania":  "TZ",
		"Vietnam":   "VN", "Viet Nam": "VN",
		"Laos":      "LA",
		"Palestine": "PS",
		"Taiwan":    "TW",
		"Macedonia": "MK", "North Macedonia": "MK",
		"Swaziland": "SZ", "Eswatini": "SZ",
		"Burma": "MM", "Myanmar": "MM",
		"Cape Verde": "CV", "Cabo Verde": "CV",
		"DR Congo": "CD", "DRC": "CD", "Congo-Kinshasa": "CD", "Democratic Republic of the Congo": "CD",
		"Congo-Brazzaville": "CG", "Republic of the Congo": "CG",
		"East Timor": "TL", "Timor-Leste": "TL",
		"Brunei":     "BN",
		"Micronesia": "FM",
		"Kosovo":     "XK",
		"UAE":        "AE",
	}
	for in, alpha2 := range want {
		got, ok := Lookup(in)
		if !ok || got.Alpha2 != alpha2 {
			t.Errorf("Lookup(%q) = %q, %v, want %q", in, got.Alpha2, ok, alpha2)
		}
	}
}

// TestEveryNameResolves checks that each country is found by every name
// and code it has, so no entry is silently shadowed by another.
func TestEveryNameResolves(t *testing.T) {
	for i, c := range reg.countries {
		for _, in := range append([]string{c.Alpha2, c.Alpha3, c.Name, c.Common, c.Key()}, reg.terms[i]...) {
			got, ok := Lookup(in)
			if !ok || got.Alpha2 != c.Alpha2 {
				t.Errorf("Lookup(%q) = %q, %v, want %q", in, got.Alpha2, ok, c.Alpha2)
			}
		}
	}
}

// TestNamesAreUnambiguous guards the data: no normalised name may belong to
// two countries, and no name may look like another country's code, since
// codes win and the name would be unreachable.
func TestNamesAreUnambiguous(t *testing.T) {
	owner := make(map[string]string) // normalised name → alpha-2
	for i, c := range reg.countries {
		for _, term := range reg.terms[i] {
			key := normalize(term)
			if key == "" {
				t.Errorf("%s: name %q normalises to nothing", c.Alpha2, term)
				continue
			}
			if other, taken := owner[key]; taken && other != c.Alpha2 {
				t.Errorf("%q (from %s %q) also names %s", key, c.Alpha2, term, other)
			}
			owner[key] = c.Alpha2
			if looksLikeCode(key) {
				if holder, isCode := reg.byCode[key]; isCode && reg.countries[holder].Alpha2 != c.Alpha2 {
					t.Errorf("%s: name %q is the code of %s", c.Alpha2, term, reg.countries[holder].Alpha2)
				}
			}
		}
	}
}

func TestCount(t *testing.T) {
	const want = 250 // 249 ISO 3166-1 entries plus Kosovo
	if got := len(All()); got != want {
		t.Errorf("len(All()) = %d, want %d", got, want)
	}
	if got := len(isoEntries); got != want-1 {
		t.Errorf("len(isoEntries) = %d, want %d", got, want-1)
	}
}

func TestKosovo(t *testing.T) {
	got, ok := ByKey("xk")
	want := Country{Alpha2: "XK", Alpha3: "XKX", Numeric: "", Name: "Kosovo", Common: "Kosovo", Flag: "🇽🇰", Region: Europe}
	if !ok || got != want {
		t.Errorf("ByKey(%q) = %+v, %v, want %+v", "xk", got, ok, want)
	}
}

func TestEveryCountryIsComplete(t *testing.T) {
	keys := make(map[string]string)
	commons := make(map[string]string)
	for _, c := range All() {
		if !slices.Contains(Regions(), c.Region) {
			t.Errorf("%s (%s) has region %q, want one of %v", c.Alpha2, c.Common, c.Region, Regions())
		}
		if c.Flag != flagOf(c.Alpha2) {
			t.Errorf("%s: Flag = %q, want %q", c.Alpha2, c.Flag, flagOf(c.Alpha2))
		}
		if c.Common == "" || c.Name == "" {
			t.Errorf("%s: Name = %q, Common = %q, want both set", c.Alpha2, c.Name, c.Common)
		}
		if !isUpperASCII(c.Alpha2, 2) || !isUpperASCII(c.Alpha3, 3) {
			t.Errorf("%s: codes %q, %q are not upper-case letters", c.Alpha2, c.Alpha2, c.Alpha3)
		}
		if (c.Numeric == "") != (c.Alpha2 == "XK") {
			t.Errorf("%s: Numeric = %q", c.Alpha2, c.Numeric)
		}
		if other, dup := keys[c.Key()]; dup {
			t.Errorf("Key %q shared by %s and %s", c.Key(), c.Alpha2, other)
		}
		keys[c.Key()] = c.Alpha2
		if other, dup := commons[c.Common]; dup {
			t.Errorf("Common %q shared by %s and %s", c.Common, c.Alpha2, other)
		}
		commons[c.Common] = c.Alpha2
	}
}

// flagOf spells an alpha-2 code in regional indicator symbols, which is
// what a flag emoji is.
func flagOf(alpha2 string) string {
	var b strings.Builder
	for _, r := range alpha2 {
		b.WriteRune(r - 'A' + '\U0001F1E6')
	}
	return b.String()
}

func isUpperASCII(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// TestRegionData checks the hand-written region table itself: each code
// listed exactly once and known to the registry.
func TestRegionData(t *testing.T) {
	listed := make(map[string]Region)
	for region, codes := range regionMembers {
		if !slices.Contains(Regions(), region) {
			t.Errorf("regionMembers has unknown region %q", region)
		}
		for _, code := range strings.Fields(codes) {
			if earlier, dup := listed[code]; dup {
				t.Errorf("%s is listed in both %s and %s", code, earlier, region)
			}
			listed[code] = region
			if _, ok := ByKey(code); !ok {
				t.Errorf("regionMembers[%s] lists unknown code %s", region, code)
			}
		}
	}
}

func TestRegionSamples(t *testing.T) {
	want := map[string]Region{
		"AQ": Antarctica,
		"BV": Americas, "HM": Oceania, "TF": Africa, "IO": Africa, "UM": Oceania,
		"TW": Asia, "PS": Asia, "CY": Asia, "TR": Asia, "GE": Asia, "AM": Asia, "AZ": Asia, "KZ": Asia,
		"RU": Europe, "XK": Europe, "GL": Americas, "EG": Africa, "MX": Americas, "AU": Oceania,
	}
	for code, region := range want {
		if c, _ := ByKey(code); c.Region != region {
			t.Errorf("ByKey(%q).Region = %q, want %q", code, c.Region, region)
		}
	}
	antarctic := 0
	for _, c := range All() {
		if c.Region == Antarctica {
			antarctic++
		}
	}
	if antarctic != 1 {
		t.Errorf("%d entries in Antarctica, want only AQ", antarctic)
	}
}

// TestHandWrittenData catches entries in ours.go that point at no country
// or that iso-codes has since made redundant.
func TestHandWrittenData(t *testing.T) {
	isoCommon := make(map[string]string)
	for _, e := range isoEntries {
		isoCommon[e.alpha2] = e.commonName
	}
	for code, name := range displayNames {
		c, ok := ByKey(code)
		switch {
		case !ok:
			t.Errorf("displayNames has unknown code %s", code)
		case isoCommon[code] != "":
			t.Errorf("displayNames[%s] = %q is unused: iso-codes now calls it %q", code, name, isoCommon[code])
		case c.Name == name:
			t.Errorf("displayNames[%s] repeats the ISO name %q", code, name)
		}
	}
	for code := range aliases {
		if _, ok := ByKey(code); !ok {
			t.Errorf("aliases has unknown code %s", code)
		}
	}
}

func TestDisplayNames(t *testing.T) {
	want := map[string]string{
		"RU": "Russia", "KP": "North Korea", "KR": "South Korea", "SY": "Syria", "IR": "Iran",
		"TR": "Türkiye", "MD": "Moldova", "VE": "Venezuela", "TZ": "Tanzania", "VN": "Vietnam",
		"LA": "Laos", "PS": "Palestine", "TW": "Taiwan", "VA": "Vatican City", "CD": "DR Congo",
		"CG": "Republic of the Congo", "FM": "Micronesia", "BO": "Bolivia", "BN": "Brunei",
		"CZ": "Czechia", "GB": "United Kingdom", "US": "United States", "CV": "Cabo Verde",
		"TL": "Timor-Leste", "SZ": "Eswatini", "MK": "North Macedonia", "MM": "Myanmar",
		"CI": "Côte d'Ivoire", "XK": "Kosovo", "DE": "Germany",
	}
	for code, common := range want {
		if c, _ := ByKey(code); c.Common != common {
			t.Errorf("ByKey(%q).Common = %q, want %q", code, c.Common, common)
		}
	}
}

func TestByKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ci", "CI"},
		{"CI", "CI"},
		{"Ci", "CI"},
		{"xk", "XK"},
		{"civ", ""}, // alpha-3 is Lookup's business
		{"Côte d'Ivoire", ""},
		{"zz", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := ByKey(tt.in)
		if ok != (tt.want != "") || got.Alpha2 != tt.want {
			t.Errorf("ByKey(%q) = %q, %v, want %q", tt.in, got.Alpha2, ok, tt.want)
		}
	}
}

func TestAllIsSortedCopy(t *testing.T) {
	all := All()
	if all[0].Common != "Afghanistan" && all[0].Common != "Åland Islands" {
		t.Errorf("All()[0] = %q, want an A country", all[0].Common)
	}
	if got := all[len(all)-1].Common; got != "Zimbabwe" {
		t.Errorf("last of All() = %q, want %q", got, "Zimbabwe")
	}
	for i := 1; i < len(all); i++ {
		if normalize(all[i-1].Common) > normalize(all[i].Common) {
			t.Errorf("All() out of order: %q before %q", all[i-1].Common, all[i].Common)
		}
	}
	all[0].Common = "changed"
	if All()[0].Common == "changed" {
		t.Error("modifying the result of All() changed the registry")
	}
}

func TestRegions(t *testing.T) {
	want := []Region{Africa, Americas, Asia, Europe, Oceania, Antarctica}
	got := Regions()
	if !slices.Equal(got, want) {
		t.Errorf("Regions() = %v, want %v", got, want)
	}
	got[0] = "changed"
	if Regions()[0] != Africa {
		t.Error("modifying the result of Regions() changed it")
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		in        string
		n         int
		wantFirst string // "" means no suggestions at all
	}{
		{"Ukriane", 3, "Ukraine"},
		{"Itlay", 3, "Italy"},
		{"Germny", 3, "Germany"},
		{"Frnace", 3, "France"},
		{"Phillipines", 3, "Philippines"},
		{"Columbia", 3, "Colombia"},
		{"Kazakstan", 3, "Kazakhstan"},
		{"Ivory Cost", 3, "Côte d'Ivoire"},
		{"Cote dIvorie", 3, "Côte d'Ivoire"},
		{"Untied Kingdom", 3, "United Kingdom"},
		{"qwertyuiop", 3, ""},
		{"Zzzzzz", 3, ""},
		{"xq", 3, ""},
		{"", 3, ""},
		{"Germny", 0, ""},
	}
	for _, tt := range tests {
		got := Suggest(tt.in, tt.n)
		if tt.wantFirst == "" {
			if len(got) != 0 {
				t.Errorf("Suggest(%q, %d) = %q, want none", tt.in, tt.n, got)
			}
			continue
		}
		if len(got) == 0 || got[0] != tt.wantFirst {
			t.Errorf("Suggest(%q, %d) = %q, want %q first", tt.in, tt.n, got, tt.wantFirst)
		}
		if len(got) > tt.n {
			t.Errorf("Suggest(%q, %d) returned %d names", tt.in, tt.n, len(got))
		}
	}
}

func TestSuggestOrdersTiesByName(t *testing.T) {
	// "Niger" and "Nigeria" are each one edit from "Nigera", and nothing
	// else is within reach.
	got := Suggest("Nigera", 5)
	want := []string{"Niger", "Nigeria"}
	if !slices.Equal(got, want) {
		t.Errorf("Suggest(%q, 5) = %q, want %q", "Nigera", got, want)
	}
	if got := Suggest("Nigera", 1); !slices.Equal(got, want[:1]) {
		t.Errorf("Suggest(%q, 1) = %q, want %q", "Nigera", got, want[:1])
	}
}

// TestConcurrentUse gives the race detector something to look at.
func TestConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for _, c := range All() {
				if got, ok := Lookup(c.Common); !ok || got != c {
					t.Errorf("goroutine %d: Lookup(%q) = %v, %v", i, c.Common, got, ok)
				}
			}
			Suggest("Germny", 3)
			Organisation("NATO")
		})
	}
	wg.Wait()
}

func BenchmarkLookup(b *testing.B) {
	inputs := []string{"DE", "deu", "Germany", "Côte d’Ivoire", "  Ivory   Coast ", "U.S.", "Korea, Republic of", "Atlantis"}
	for _, in := range inputs {
		b.Run(benchName(in), func(b *testing.B) {
			for b.Loop() {
				Lookup(in)
			}
		})
	}
}

func BenchmarkSuggest(b *testing.B) {
	for b.Loop() {
		Suggest("Ukriane", 3)
	}
}

// benchName keeps sub-benchmark names to letters so they read cleanly in
// benchstat output.
func benchName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, s)
}
