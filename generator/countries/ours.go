package countries

// This file holds the data we maintain ourselves, as opposed to
// iso3166_gen.go, which is regenerated from iso-codes and must not be
// edited by hand.

// isoEntry is one row of the generated table. Its field names are written
// by gen/isogen, so renaming a field means regenerating.
type isoEntry struct {
	alpha2, alpha3, numeric string
	name                    string // ISO 3166-1 short name
	commonName              string // iso-codes' everyday name, when it has one
	officialName            string // ISO 3166-1 full name, when it has one
	flag                    string
}

// kosovo is not in ISO 3166-1. XK is the user-assigned code that the
// European Commission, the IMF and most software use for it; XKX is the
// matching alpha-3 in the same convention. It has no numeric code.
var kosovo = isoEntry{alpha2: "XK", alpha3: "XKX", name: "Kosovo", flag: "🇽🇰"}

// regionMembers lists the alpha-2 codes in each region, following the UN
// M49 standard (grouped by M49 sub-region for ease of review). M49 does not
// list Taiwan or Kosovo separately; we place them where geography and the
// rest of M49 would: Asia and Europe. Antarctica is not in any M49 region,
// so it gets a region of its own.
var regionMembers = map[Region]string{
	Africa: "" +
		"DZ EG EH LY MA SD TN " + // Northern Africa
		"BI DJ ER ET IO KE KM MG MU MW MZ RE RW SC SO SS TF TZ UG YT ZM ZW " + // Eastern Africa
		"AO CD CF CG CM GA GQ ST TD " + // Middle Africa
		"BW LS NA SZ ZA " + // Southern Africa
		"BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG", // Western Africa
	Americas: "" +
		"AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI " + // Caribbean
		"BZ CR GT HN MX NI PA SV " + // Central America
		"AR BO BR BV CL CO EC FK GF GS GY PE PY SR UY VE " + // South America
		"BM CA GL PM US", // Northern America
	Asia: "" +
		"KG KZ TJ TM UZ " + // Central Asia
		"CN HK JP KP KR MN MO TW " + // Eastern Asia
		"BN ID KH LA MM MY PH SG TH TL VN " + // South-eastern Asia
		"AF BD BT IN IR LK MV NP PK " + // Southern Asia
		"AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE", // Western Asia
	Europe: "" +
		"BG BY CZ HU MD PL RO RU SK UA " + // Eastern Europe
		"AX DK EE FI FO GB GG IE IM IS JE LT LV NO SE SJ " + // Northern Europe
		"AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM VA XK " + // Southern Europe
		"AT BE CH DE FR LI LU MC NL", // Western Europe
	Oceania: "" +
		"AU CC CX HM NF NZ " + // Australia and New Zealand
		"FJ NC PG SB VU " + // Melanesia
		"FM GU KI MH MP NR PW UM " + // Micronesia
		"AS CK NU PF PN TK TO TV WF WS", // Polynesia
	Antarctica: "AQ",
}

// displayNames gives the name we show for countries whose ISO short name
// reads awkwardly in running text and for which iso-codes has no common
// name of its own. Where iso-codes does provide one, it wins, and a test
// flags the entry here as redundant.
var displayNames = map[string]string{
	"BN": "Brunei",                 // Brunei Darussalam
	"CD": "DR Congo",               // Congo, The Democratic Republic of the
	"CG": "Republic of the Congo",  // Congo; distinguishes it from DR Congo
	"FK": "Falkland Islands",       // Falkland Islands (Malvinas)
	"FM": "Micronesia",             // Micronesia, Federated States of
	"MF": "Saint Martin",           // Saint Martin (French part)
	"PS": "Palestine",              // Palestine, State of
	"RU": "Russia",                 // Russian Federation
	"SX": "Sint Maarten",           // Sint Maarten (Dutch part)
	"VA": "Vatican City",           // Holy See (Vatican City State)
	"VG": "British Virgin Islands", // Virgin Islands, British
	"VI": "U.S. Virgin Islands",    // Virgin Islands, U.S.
}

// aliases are further names authors write for a country, beyond its ISO
// short name, official name, display name and codes, which are all matched
// anyway. Each alias must name exactly one country, so deliberately absent
// are ambiguous ones such as "America", "Korea", "Congo" on its own (which
// is the ISO short name of CG and therefore already taken) and constituent
// countries such as "England".
var aliases = map[string][]string{
	"AE": {"UAE"},
	"BA": {"Bosnia"},
	"BQ": {"Caribbean Netherlands"},
	"CD": {"DRC", "Congo-Kinshasa", "Democratic Republic of the Congo", "Democratic Republic of Congo"},
	"CG": {"Congo-Brazzaville", "Republic of Congo"},
	"CI": {"Ivory Coast"},
	"CV": {"Cape Verde"},
	"FK": {"Falklands"},
	"GB": {"UK", "U.K.", "Britain", "Great Britain"},
	"IE": {"Republic of Ireland"},
	"KP": {"DPRK"},
	"KR": {"Republic of Korea"},
	"MK": {"Macedonia"},
	"MM": {"Burma"},
	"MO": {"Macau"},
	"PN": {"Pitcairn Islands"},
	"SH": {"Saint Helena"},
	"SZ": {"Swaziland"},
	"TL": {"East Timor"},
	"TR": {"Turkey"},
	"US": {"USA", "U.S.", "U.S.A."},
	"VA": {"Vatican", "Holy See"},
}
