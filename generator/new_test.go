package generator

import (
	"strings"
	"testing"
)

func TestCutSlug(t *testing.T) {
	long := strings.Repeat("a", 70)
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"italy-talks", 60, "italy-talks"},
		{"italy-talks-begin", 11, "italy-talks"}, // the cut falls on a hyphen: the word stays
		{"italy-talks-begin", 12, "italy-talks"},
		{"italy-talks-begin", 10, "italy"},
		{long, 60, long[:60]}, // one word longer than the limit
		{"a-" + long, 60, "a"},
	}
	for _, tt := range tests {
		if got := cutSlug(tt.in, tt.max); got != tt.want {
			t.Errorf("cutSlug(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}
