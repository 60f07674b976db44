package countries

import "strings"

// organisations lists international organisations and groupings that
// briefings mention alongside countries, so that tags such as "NATO" can be
// told apart from misspelt countries. The first spelling in each row is the
// canonical one that Organisation returns: the abbreviation where that is
// how the body is usually named in English prose, the full name otherwise.
var organisations = [][]string{
	{"African Union", "AU"},
	{"Arab League", "League of Arab States"},
	{"ASEAN", "Association of Southeast Asian Nations"},
	{"AUKUS"},
	{"BRICS"},
	{"Commonwealth of Nations", "Commonwealth"},
	{"Commonwealth of Independent States", "CIS"},
	{"Council of Europe"},
	{"CSTO", "Collective Security Treaty Organization"},
	{"ECOWAS", "Economic Community of West African States"},
	{"EFTA", "European Free Trade Association"},
	{"European Union", "EU"},
	{"G7", "Group of Seven"},
	{"G20", "Group of Twenty"},
	{"Gulf Cooperation Council", "GCC"},
	{"IAEA", "International Atomic Energy Agency"},
	{"International Court of Justice", "ICJ"},
	{"International Criminal Court", "ICC"},
	{"International Monetary Fund", "IMF"},
	{"Interpol"},
	{"Mercosur", "Mercosul"},
	{"NATO", "North Atlantic Treaty Organization"},
	{"Nordic Council"},
	{"OECD", "Organization for Economic Co-operation and Development"},
	{"OPEC", "Organization of the Petroleum Exporting Countries"},
	{"Organization of American States", "OAS"},
	{"OSCE", "Organization for Security and Co-operation in Europe"},
	{"Quad", "Quadrilateral Security Dialogue"},
	{"Shanghai Cooperation Organization", "SCO"},
	{"UNESCO"},
	{"UNHCR"},
	{"UNICEF"},
	{"United Nations", "UN"},
	{"Visegrad Group", "Visegrád Four", "V4"},
	{"World Bank"},
	{"World Health Organization", "WHO"},
	{"World Trade Organization", "WTO"},
}

// organisationByName maps every normalised spelling to the canonical one.
var organisationByName = buildOrganisationIndex(organisations)

func buildOrganisationIndex(rows [][]string) map[string]string {
	index := make(map[string]string)
	for _, row := range rows {
		canonical := row[0]
		for _, spelling := range row {
			for _, variant := range spellingVariants(spelling) {
				index[normalize(variant)] = canonical
			}
		}
	}
	return index
}

// spellingVariants returns s together with its British or American
// counterpart, since "Organisation" and "Organization" are both in common
// use and listing each by hand would double the table.
func spellingVariants(s string) []string {
	switch {
	case strings.Contains(s, "Organization"):
		return []string{s, strings.ReplaceAll(s, "Organization", "Organisation")}
	case strings.Contains(s, "Organisation"):
		return []string{s, strings.ReplaceAll(s, "Organisation", "Organization")}
	}
	return []string{s}
}

// Organisation reports whether s names an international organisation or
// grouping rather than a country, matching with the same normalisation as
// Lookup, and returns the organisation's canonical spelling.
//
// The two can overlap: "AU" is both Australia's code, which Lookup
// returns, and the African Union's abbreviation, which Organisation
// returns. Callers that accept both should decide which reading wins.
func Organisation(s string) (string, bool) {
	canonical, ok := organisationByName[normalize(s)]
	return canonical, ok
}
