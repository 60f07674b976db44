package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"brief/generator/markdown"
)

// TestShape checks that a generated site is the same on every run and has
// the shape the performance issue describes: about 800 words a briefing,
// one to four countries, one to three sources, and a code block in about
// one briefing in five.
func TestShape(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := Write(dir, Options{N: 400}); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string][]byte{}
	err := filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		again, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(data, again) {
			t.Errorf("%s differs between two runs with the same seed", rel)
		}
		if filepath.Ext(p) == ".md" {
			files[rel] = data
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 400 {
		t.Fatalf("%d briefings, want 400", len(files))
	}
	countriesLine := regexp.MustCompile(`(?m)^countries: \[(.*)\]$`)
	words, withCode := 0, 0
	for name, src := range files {
		front, body, _ := strings.Cut(strings.TrimPrefix(string(src), "---\n"), "\n---\n")
		m := countriesLine.FindStringSubmatch(front)
		if m == nil {
			t.Fatalf("%s: no countries line", name)
		}
		if n := len(strings.Split(m[1], ", ")); n < 1 || n > 4 {
			t.Errorf("%s: %d countries", name, n)
		}
		if n := strings.Count(front, "  - name: "); n < 1 || n > 3 {
			t.Errorf("%s: %d sources", name, n)
		}
		words += len(strings.Fields(body))
		if strings.Contains(body, "```") {
			withCode++
		}
	}
	if avg := words / len(files); avg < 750 || avg > 1000 {
		t.Errorf("%d words a briefing on average, want about 800", avg)
	}
	if share := 100 * withCode / len(files); share < 12 || share > 26 {
		t.Errorf("%d%% of briefings have a code block, want about 19%%", share)
	}
}

// BenchmarkCodeBlocks converts the code blocks of a generated site one by
// one and reports the time per block. "reference" is goldmark with the
// highlighting extension's defaults, as bench/floor runs it: it keeps
// the blocks as costly as the performance issue measured (about 0.7 ms
// each on the machine it was measured on). "brief" is brief's own converter.
func BenchmarkCodeBlocks(b *testing.B) {
	dir := b.TempDir()
	if err := Write(dir, Options{N: 200}); err != nil {
		b.Fatal(err)
	}
	var blocks [][]byte
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || filepath.Ext(p) != ".md" {
			return err
		}
		src, err := os.ReadFile(p)
		if start := bytes.Index(src, []byte("```")); err == nil && start >= 0 {
			end := bytes.Index(src[start+3:], []byte("```"))
			blocks = append(blocks, src[start:start+3+end+3])
		}
		return err
	})
	if err != nil || len(blocks) == 0 {
		b.Fatalf("no code blocks found (%v)", err)
	}
	perBlock := func(b *testing.B, convert func([]byte) error) {
		for b.Loop() {
			for _, block := range blocks {
				if err := convert(block); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(blocks)), "µs/block")
	}
	b.Run("reference", func(b *testing.B) {
		md := ReferenceMarkdown()
		var out bytes.Buffer
		perBlock(b, func(block []byte) error { out.Reset(); return md.Convert(block, &out) })
	})
	b.Run("brief", func(b *testing.B) {
		conv := markdown.New(markdown.Options{})
		perBlock(b, func(block []byte) error { _, err := conv.Convert(block, 1, nil); return err })
	})
}
