package markdown

import (
	"errors"
	"strings"
	"testing"
)

func TestDeepNestingIsRefusedQuickly(t *testing.T) {
	var nestedList strings.Builder
	for i := range 3000 {
		nestedList.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	tests := []struct {
		name string
		src  string
		line int
	}{
		{"block quotes", "Intro.\n\n" + strings.Repeat("> ", 10000) + "deep\n", 3},
		{"indented lists", nestedList.String(), 202},
		{"markers on one line", strings.Repeat("- ", 5000) + "x\n", 1},
		{"ordered markers", strings.Repeat("1. ", 500) + "x\n", 1},
		{"tabs", strings.Repeat("\t", 200) + "x\n", 1},
	}
	c := New(Options{})
	for _, tt := range tests {
		_, err := c.Convert([]byte(tt.src), 10, nil)
		var ne *NestingError
		if !errors.As(err, &ne) {
			t.Errorf("%s: err = %v, want a NestingError", tt.name, err)
			continue
		}
		if ne.Line != tt.line+9 {
			t.Errorf("%s: line %d, want %d", tt.name, ne.Line, tt.line+9)
		}
	}
}

func TestOrdinaryNestingPasses(t *testing.T) {
	src := "- a\n  - b\n    - c\n      > quote\n\n> > nested quote\n\n1. one\n2. two\n\n    indented code\n"
	if _, err := New(Options{}).Convert([]byte(src), 1, nil); err != nil {
		t.Fatal(err)
	}
	if err := checkNesting([]byte(strings.Repeat("> ", MaxNesting) + "x")); err != nil {
		t.Errorf("exactly %d levels refused: %v", MaxNesting, err)
	}
}
