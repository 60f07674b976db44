package editdist

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"contries", "countries", 1},
		{"kitten", "sitting", 3},
		{"Ukriane", "Ukraine", 1},
		{"itlay", "italy", 1},
		{"germny", "germany", 1},
		{"ca", "abc", 3},
		{"日本", "日本国", 1},
		{"côte", "cote", 1},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestNearest(t *testing.T) {
	known := []string{"title", "date", "updated", "countries", "sources", "summary", "slug", "tags"}
	tests := []struct{ word, want string }{
		{"contries", "countries"},
		{"titel", "title"},
		{"summery", "summary"},
		{"tag", "tags"},
		{"publisher", ""},
	}
	for _, tt := range tests {
		if got := Nearest(tt.word, known); got != tt.want {
			t.Errorf("Nearest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}
