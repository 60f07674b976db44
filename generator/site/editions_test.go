package site

import "testing"

func TestSplitTranslationPath(t *testing.T) {
	for _, tt := range []struct{ in, original, code string }{
		{"content/briefings/x.uk.md", "content/briefings/x.md", "uk"},
		{"content/briefings/a/index.pt-BR.md", "content/briefings/a/index.md", "pt-BR"},
		{"content/briefings/x.md", "", ""},
		{"content/briefings/.uk.md", "", ""},
		{"content/briefings/x..md", "", ""},
		{"content/brief.ings/x.md", "", ""},
	} {
		original, code, ok := SplitTranslationPath(tt.in)
		if original != tt.original || code != tt.code || ok != (tt.code != "") {
			t.Errorf("%s: %q %q %v", tt.in, original, code, ok)
		}
		if ok && TranslationPath(original, code) != tt.in {
			t.Errorf("%s: TranslationPath gives %q", tt.in, TranslationPath(original, code))
		}
	}
}
