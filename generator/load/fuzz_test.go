package load

import (
	"bytes"
	"testing"
	"testing/fstest"
)

// FuzzLoadBriefing feeds arbitrary bytes to the whole load of one briefing:
// split, YAML/TOML decode, validation. It must never panic, and every problem
// must point inside the file.
func FuzzLoadBriefing(f *testing.F) {
	f.Add([]byte(validBriefing))
	f.Add([]byte(briefingWith("updated: 2023-01-01\nslug: x\ntags: NATO\n")))
	f.Add([]byte("+++\ntitle = \"x\"\ndate = 2023-01-01\ncountries = [\"UA\"]\n[[sources]]\nname = \"A\"\nurl = \"https://a.org\"\n+++\n"))
	f.Add([]byte("---\na: &x [1]\nb: *x\n---\n"))
	f.Add([]byte("+++\na.b.c = 1\n[a]\n[[a.d]]\n+++\n"))
	f.Add([]byte("---\n- a\n- b\n---\n"))
	f.Add([]byte("---\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := siteFS(nil)
		fsys["content/briefings/f.md"] = &fstest.MapFile{Data: src}
		_, probs := Load(fsys, Options{Now: testNow})
		lines := bytes.Count(normalise(src), []byte("\n")) + 1
		for _, p := range probs {
			if p.Path != "content/briefings/f.md" {
				t.Fatalf("problem in unexpected file: %s", p)
			}
			if p.Line < 0 || p.Line > lines || p.Col < 0 {
				t.Fatalf("problem outside the file (%d lines): %s", lines, p)
			}
		}
	})
}

// FuzzSplitFrontMatter checks that splitting never loses or invents text.
func FuzzSplitFrontMatter(f *testing.F) {
	f.Add([]byte(validBriefing))
	f.Add([]byte("+++\na = 1\n+++"))
	f.Add([]byte("---\n---\n---\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := splitFrontMatter(src)
		if err != nil || s.Format == noFrontMatter {
			return
		}
		if !bytes.Contains(src, s.Front) || !bytes.HasSuffix(src, s.Body) {
			t.Fatalf("split of %q lost text: front %q body %q", src, s.Front, s.Body)
		}
		if got := bytes.Count(src[:len(src)-len(s.Body)], []byte("\n")) + 1; len(s.Body) > 0 && got != s.BodyLine {
			t.Fatalf("body line %d, want %d", s.BodyLine, got)
		}
	})
}
