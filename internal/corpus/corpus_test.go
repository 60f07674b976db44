package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"brief/generator/markdown"
)

// BenchmarkCodeBlocks converts the code blocks of a generated site one by
// one and reports the time per block, to keep the blocks as costly to
// highlight as the performance issue measured (about 0.7 ms each).
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
	conv := markdown.New(markdown.Options{})
	for b.Loop() {
		for _, block := range blocks {
			if _, err := conv.Convert(block, 1, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(blocks)), "µs/block")
}
