package generator

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"brief/internal/corpus"
)

// BenchmarkRebuildOneEdit is the dev server's work after an author appends
// a sentence to one briefing of a 10,000-briefing site.
func BenchmarkRebuildOneEdit(b *testing.B) {
	src := b.TempDir()
	if err := corpus.Write(src, corpus.Options{N: 10000}); err != nil {
		b.Fatal(err)
	}
	var file string
	filepath.WalkDir(filepath.Join(src, "content/briefings"), func(p string, d os.DirEntry, err error) error {
		if file == "" && err == nil && !d.IsDir() {
			file = p
		}
		return nil
	})
	rel, _ := filepath.Rel(src, file)
	original, _ := os.ReadFile(file)
	s := NewSession(BuildOptions{Src: src})
	if snap := s.Rebuild(nil, benchNow); snap.Files == nil {
		b.Fatal(snap.Problems)
	}
	i := 0
	for b.Loop() {
		i++
		os.WriteFile(file, append(append([]byte{}, original...), "\nSentence "+strconv.Itoa(i)+".\n"...), 0o644)
		if snap := s.Rebuild([]string{filepath.ToSlash(rel)}, benchNow); snap.Files == nil {
			b.Fatal(snap.Problems)
		}
	}
}
