package countries

import "testing"

func TestOrganisation(t *testing.T) {
	tests := []struct{ in, want string }{
		{"NATO", "NATO"},
		{"nato", "NATO"},
		{"N.A.T.O.", "NATO"},
		{"North Atlantic Treaty Organisation", "NATO"},
		{"North Atlantic Treaty Organization", "NATO"},
		{"European Union", "European Union"},
		{"EU", "European Union"},
		{"E.U.", "European Union"},
		{"g7", "G7"},
		{"G20", "G20"},
		{"UN", "United Nations"},
		{"the United Nations", "United Nations"},
		{"African Union", "African Union"},
		{"AU", "African Union"},
		{"World Health Organisation", "World Health Organization"},
		{"WHO", "World Health Organization"},
		{"Visegrad Group", "Visegrad Group"},
		{"Visegrád Group", "Visegrad Group"},
		{"V4", "Visegrad Group"},
		{"Commonwealth", "Commonwealth of Nations"},
		{"The Commonwealth", "Commonwealth of Nations"},
		{"OSCE", "OSCE"},
		{"Arab League", "Arab League"},
		{"Mercosur", "Mercosur"},
		{"Quad", "Quad"},
		{"Council of Europe", "Council of Europe"},
		{"Nordic Council", "Nordic Council"},
		{"Germany", ""},
		{"Europe", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := Organisation(tt.in)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("Organisation(%q) = %q, %v, want %q", tt.in, got, ok, tt.want)
		}
	}
}

// TestOrganisationsAreNotCountries keeps the two vocabularies apart. The
// one accepted overlap is "AU", which as a code is Australia.
func TestOrganisationsAreNotCountries(t *testing.T) {
	seen := make(map[string]string)
	for _, row := range organisations {
		for _, spelling := range row {
			key := normalize(spelling)
			if other, dup := seen[key]; dup && other != row[0] {
				t.Errorf("%q names both %q and %q", spelling, other, row[0])
			}
			seen[key] = row[0]
			if c, ok := Lookup(spelling); ok && key != "au" {
				t.Errorf("Lookup(%q) = %q, want no country: it is an organisation", spelling, c.Alpha2)
			}
		}
	}
	if c, _ := Lookup("AU"); c.Alpha2 != "AU" {
		t.Errorf("Lookup(%q) = %q, want %q", "AU", c.Alpha2, "AU")
	}
}
