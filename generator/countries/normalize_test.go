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

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"italy", "italy", 0},
		{"itlay", "italy", 1},
		{"ukriane", "ukraine", 1},
		{"germny", "germany", 1},
		{"kitten", "sitting", 3},
		{"ca", "abc", 3},
		{"日本", "日本国", 1},
	}
	for _, tt := range tests {
		if got := editDistance([]rune(tt.a), []rune(tt.b)); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
