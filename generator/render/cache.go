package render

import (
	"fmt"
	"sort"
	"sync"

	"brief/generator/markdown"
)

// Cache keeps what one render produced, so that the next render of an edited
// site redoes only the work whose inputs changed: Markdown is converted
// again only for edited files, and a page is rendered again only when
// something it shows changed. The dev server keeps one Cache for its whole
// life; a plain build uses none.
//
// Every entry is stored under a key that digests all of its inputs, so a
// stale entry is never used: a render with a cache writes exactly the bytes
// a render without one would.
type Cache struct {
	mu     sync.Mutex
	bodies map[string]bodyEntry // by source path
	files  map[string]fileEntry // by output name

	themeKey uint64
	theme    theme

	graphKey uint64
	related  [][]int // related briefings of each briefing, by site index

	rendered []string // output files produced anew by the last render
}

// Rendered lists the files the last render produced anew rather than took
// from the cache, sorted.
func (c *Cache) Rendered() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := append([]string{}, c.rendered...)
	sort.Strings(out)
	return out
}

type bodyEntry struct {
	key uint64
	res markdown.Result
}

type fileEntry struct {
	key  uint64
	data []byte
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{bodies: map[string]bodyEntry{}, files: map[string]fileEntry{}}
}

func (c *Cache) body(path string, key uint64) (markdown.Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.bodies[path]
	return e.res, ok && e.key == key
}

func (c *Cache) putBody(path string, key uint64, res markdown.Result) {
	c.mu.Lock()
	c.bodies[path] = bodyEntry{key, res}
	c.mu.Unlock()
}

func (c *Cache) file(name string, key uint64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.files[name]
	return e.data, ok && e.key == key
}

func (c *Cache) putFile(name string, key uint64, data []byte) {
	c.mu.Lock()
	c.files[name] = fileEntry{key, data}
	c.rendered = append(c.rendered, name)
	c.mu.Unlock()
}

// prune forgets entries the last render did not touch (removed briefings,
// pages that no longer exist), so the cache does not grow without end.
func (c *Cache) prune(bodies, files map[string]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.bodies {
		if !bodies[k] {
			delete(c.bodies, k)
		}
	}
	for k := range c.files {
		if !files[k] {
			delete(c.files, k)
		}
	}
}

// key digests the inputs of a cached item with 64-bit FNV-1a: cheap enough
// to run for every page of a large site on every rebuild.
type key uint64

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func newKey() key { return fnvOffset }

func (k key) u64(v uint64) key {
	for i := 0; i < 8; i++ {
		k ^= key(byte(v >> (8 * i)))
		k *= fnvPrime
	}
	return k
}

func (k key) str(s string) key {
	for i := 0; i < len(s); i++ {
		k ^= key(s[i])
		k *= fnvPrime
	}
	// A separator keeps ("ab","c") and ("a","bc") apart.
	k ^= 0xff
	k *= fnvPrime
	return k
}

func (k key) int(n int) key { return k.u64(uint64(n)) }

func (k key) any(v any) key { return k.str(fmt.Sprintf("%#v", v)) }

// ForgetFiles drops the rendered files but keeps converted bodies, so that
// a benchmark can time templates alone.
func (c *Cache) ForgetFiles() {
	c.mu.Lock()
	c.files = map[string]fileEntry{}
	c.mu.Unlock()
}
