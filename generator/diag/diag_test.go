package diag

import "testing"

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"content/briefings/x.md", "content/briefings/x.md"},
		{"Côte d'Ivoire, Україна, 日本", "Côte d'Ivoire, Україна, 日本"},
		{"a\nb.md", `a\nb.md`},
		{"tab\there", `tab\there`},
		{"cr\r", `cr\r`},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"bell\a", `bell\x07`},
		{"del\x7f", `del\x7f`},
		{"c1 \u0085 \u009b", `c1 \u0085 \u009b`},
		{"bad \xff byte", `bad \xff byte`},
		{"csi \x9b as a byte", `csi \x9b as a byte`},
		{"abc\u202egpj.md", `abc\u202egpj.md`},
		{"\u2066isolate\u2069", `\u2066isolate\u2069`},
		{"line\u2028sep", `line\u2028sep`},
		{"zero\u200bwidth", "zero\u200bwidth"}, // invisible but harmless on a terminal
		{`already \x1b escaped`, `already \x1b escaped`},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestProblemStringIsOneLine: whatever a file name or a quoted value holds,
// a problem prints as one line without control characters.
func TestProblemStringIsOneLine(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{Path: "content/x.md", Line: 2, Col: 3, Message: "bad", Hint: "fix it"},
			"content/x.md:2:3: error: bad (fix it)"},
		{Problem{Path: "content/x.md\ncontent/y.md:1:1: forged", Message: "m"},
			`content/x.md\ncontent/y.md:1:1: forged: error: m`},
		{Problem{Message: "no file"}, "error: no file"},
		{Problem{Path: "p", Line: 1, Message: "title \x1b]0;owned\x07", Hint: "h\x1b[2J", Severity: Warning},
			`p:1:1: warning: title \x1b]0;owned\x07 (h\x1b[2J)`},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
