// Command corpus writes a synthetic briefing site for benchmarks:
//
//	go run ./bench/corpus -n 10000 -out /dev/shm/corpus-10k
package main

import (
	"flag"
	"fmt"
	"os"

	"brief/internal/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of briefings")
	out := flag.String("out", "", "folder to write the site into (must not exist or be empty)")
	seed := flag.Int64("seed", 1, "random seed; the same seed writes the same site")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "corpus: -out is required")
		os.Exit(2)
	}
	if err := corpus.Write(*out, corpus.Options{N: *n, Seed: *seed}); err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
}
