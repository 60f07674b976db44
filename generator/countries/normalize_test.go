package countries

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Côte d'Ivoire", "cote divoire"},
		{"Côte d’Ivoire", "cote divoire"},
		{"  Ivory   Coast ", "ivory coast"},
		{"Guinea-Bissau", "guinea bissau"},
		{"Korea, Democratic People's Republic of", "korea democratic peoples republic of"},
		{"Holy See (Vatican City State)", "holy see vatican city state"},
		{"U.S.", "us"},
		{"Åland Islands", "aland islands"},
		{"Curaçao", "curacao"},
		{"TÜRKIYE", "turkiye"},
		{"Trinidad & Tobago", "trinidad and tobago"},
		{"The Gambia", "gambia"},
		{"the", "the"},
		{"St. Lucia", "saint lucia"},
		{"ST", "st"},
		{"G7", "g7"},
		{"\tnew\nzealand", "new zealand"},
		{"", ""},
		{"?!", ""},
	}
	for _, tt := range tests {
		if got := normalize(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
