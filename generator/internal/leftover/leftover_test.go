package leftover

import "testing"

func TestIs(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{".a.md.swp", true},
		{".a.md.swx", true},
		{"a.md.swp", true},
		{"a.md~", true},
		{".#a.md", true},
		{".hidden", true},
		{".DS_Store", true},
		{"_draft.md", true},
		{"4913", true},
		{"x.tmp", true},
		{"content/briefings/.a.md.swp", true},
		{"content/briefings/_drafts", true},
		{"static/css/site.css~", true},
		{"a.md", false},
		{"content/briefings/a.md", false},
		{"content/_x/a.md", false}, // only the last element counts
		{"4913.md", false},
		{"49130", false},
		{"my_notes.md", false},
		{"a.tmp.md", false},
		{"site.yaml", false},
		{".", false},
		{"..", false},
		{"content", false},
	}
	for _, tt := range tests {
		if got := Is(tt.name); got != tt.want {
			t.Errorf("Is(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
