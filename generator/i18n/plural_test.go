package i18n

import (
	"slices"
	"testing"
)

func TestPluralForm(t *testing.T) {
	tests := []struct {
		code string
		want map[int]string
	}{
		{"uk", map[int]string{0: Many, 1: One, 2: Few, 4: Few, 5: Many, 11: Many, 12: Many, 14: Many,
			21: One, 22: Few, 25: Many, 101: One, 111: Many, 112: Many, 1001: One, -1: One}},
		{"en", map[int]string{0: Other, 1: One, 2: Other, 21: Other}},
		{"ar", map[int]string{0: Zero, 1: One, 2: Two, 3: Few, 10: Few, 11: Many, 99: Many, 100: Other, 102: Other, 103: Few}},
		{"ja", map[int]string{0: Other, 1: Other, 2: Other}},
		{"fr", map[int]string{0: One, 1: One, 2: Other}}, // French counts 0 as singular
	}
	for _, tt := range tests {
		l := MustParse(tt.code)
		for n, want := range tt.want {
			if got := PluralForm(l, n); got != want {
				t.Errorf("PluralForm(%s, %d) = %s, want %s", tt.code, n, got, want)
			}
		}
	}
}

func TestPluralForms(t *testing.T) {
	tests := []struct {
		code string
		want []string
	}{
		{"en", []string{One, Other}},
		{"uk", []string{One, Few, Many, Other}},
		{"ru", []string{One, Few, Many, Other}},
		{"pl", []string{One, Few, Many, Other}},
		{"ar", []string{Zero, One, Two, Few, Many, Other}},
		{"cy", []string{Zero, One, Two, Few, Many, Other}},
		{"ja", []string{Other}},
		{"he", []string{One, Two, Many, Other}},
	}
	for _, tt := range tests {
		if got := PluralForms(MustParse(tt.code)); !slices.Equal(got, tt.want) {
			t.Errorf("PluralForms(%s) = %q, want %q", tt.code, got, tt.want)
		}
	}
}
