// Command goldmark converts every briefing of a site with goldmark alone:
// front matter split and decoded with the same YAML parser, bodies converted
// with the same extensions and highlighting as brief, on all cores, the HTML
// thrown away. It is the floor brief's build time is compared with.
//
//	go run ./bench/goldmark /dev/shm/corpus-10k
package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/goccy/go-yaml"

	"brief/internal/corpus"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: goldmark SITE")
		os.Exit(2)
	}
	start := time.Now()
	var files []string
	filepath.WalkDir(filepath.Join(os.Args[1], "content", "briefings"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	md := corpus.ReferenceMarkdown()
	next := make(chan string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for p := range next {
				src, err := os.ReadFile(p)
				if err != nil {
					panic(err)
				}
				_, rest, _ := bytes.Cut(src, []byte("---\n"))
				front, body, _ := bytes.Cut(rest, []byte("\n---\n"))
				var fm map[string]any
				if err := yaml.Unmarshal(front, &fm); err != nil {
					panic(fmt.Sprint(p, err))
				}
				buf.Reset()
				if err := md.Convert(body, &buf); err != nil {
					panic(err)
				}
				io.Discard.Write(buf.Bytes())
				mu.Lock()
				total += buf.Len()
				mu.Unlock()
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	fmt.Printf("converted %d bodies into %d bytes of HTML in %s\n", len(files), total, time.Since(start).Round(time.Millisecond))
}
