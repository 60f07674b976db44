package isogen

import (
	"strings"
	"testing"
)

const sample = `{"3166-1": [
  {"alpha_2": "VN", "alpha_3": "VNM", "numeric": "704", "name": "Viet Nam", "common_name": "Vietnam", "official_name": "Socialist Republic of Viet Nam", "flag": "🇻🇳"},
  {"alpha_2": "CI", "alpha_3": "CIV", "numeric": "384", "name": "Côte d'Ivoire", "flag": "🇨🇮"}
]}`

func TestGenerate(t *testing.T) {
	got, err := Generate([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	want := Header + `

package countries

// isoEntries is ISO 3166-1 as published in Debian's iso-codes
// (iso_3166-1.json), sorted by alpha-2 code.
var isoEntries = []isoEntry{
	{alpha2: "CI", alpha3: "CIV", numeric: "384", name: "Côte d'Ivoire", flag: "🇨🇮"},
	{alpha2: "VN", alpha3: "VNM", numeric: "704", name: "Viet Nam", commonName: "Vietnam", officialName: "Socialist Republic of Viet Nam", flag: "🇻🇳"},
}
`
	if string(got) != want {
		t.Errorf("Generate(sample) =\n%s\nwant\n%s", got, want)
	}
}

func TestGenerateRejectsBadData(t *testing.T) {
	tests := []struct {
		name, json, wantErr string
	}{
		{"not JSON", `{`, "parsing"},
		{"no entries", `{"3166-1": []}`, "no entries"},
		{"lower-case code", `{"3166-1": [{"alpha_2": "ci", "alpha_3": "CIV", "numeric": "384", "name": "X", "flag": "f"}]}`, "bad alpha_2"},
		{"short alpha-3", `{"3166-1": [{"alpha_2": "CI", "alpha_3": "CI", "numeric": "384", "name": "X", "flag": "f"}]}`, "bad alpha_3"},
		{"missing numeric", `{"3166-1": [{"alpha_2": "CI", "alpha_3": "CIV", "name": "X", "flag": "f"}]}`, "bad numeric"},
		{"missing name", `{"3166-1": [{"alpha_2": "CI", "alpha_3": "CIV", "numeric": "384", "flag": "f"}]}`, "empty name"},
		{"missing flag", `{"3166-1": [{"alpha_2": "CI", "alpha_3": "CIV", "numeric": "384", "name": "X"}]}`, "empty flag"},
		{"duplicate", `{"3166-1": [
			{"alpha_2": "CI", "alpha_3": "CIV", "numeric": "384", "name": "X", "flag": "f"},
			{"alpha_2": "CI", "alpha_3": "CIV", "numeric": "384", "name": "X", "flag": "f"}]}`, "duplicate"},
	}
	for _, tt := range tests {
		_, err := Generate([]byte(tt.json))
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: Generate error = %v, want one mentioning %q", tt.name, err, tt.wantErr)
		}
	}
}
