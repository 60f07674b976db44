package site

import "testing"

func TestTagKey(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Security guarantees", "security-guarantees"},
		{"G7", "g7"},
		{"Côte d'Ivoire", "cote-d-ivoire"},
		{"Nato", "nato"},
		{"Na\u200bto", "nato"},
		{"\ufeffNATO\u2060", "nato"},
		{"Na\u00adto", "nato"},
		{"zero\u200c\u200dwidth joiners", "zerowidth-joiners"},
		{"<script>", "script"},
		{"!!!", ""},
		// Every script in Latin letters, as titles' slugs.
		{"Безпека", "bezpeka"},
		{"Гуманітарна допомога", "humanitarna-dopomoha"},
		{"Straße", "strasse"},
		{"Łódź", "lodz"},
		{"Ελλάδα", "ellada"},
		{"Know-how — «ноу-хау»", "know-how-nou-khau"},
	}
	for _, tt := range tests {
		if got := TagKey(tt.name); got != tt.want {
			t.Errorf("TagKey(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
