package render

import (
	"encoding/gob"
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"brief/generator/markdown"
	"brief/generator/search"
	"brief/generator/site"
)

// Cache keeps what one render produced, so that the next render of an edited
// site redoes only the work whose inputs changed: Markdown is converted
// again only for edited files, and a page is rendered again only when
// something it shows changed. The dev server keeps one Cache in memory for
// its whole life; a build keeps one on disk between runs (see Save). Both
// keep keys only, not page bytes: the bytes are in the caller's output (the
// dev server's store, the previous output folder), which at 100,000
// briefings is gigabytes.
//
// Every entry is stored under the fingerprint of the very input its
// function reads (see the package doc), so a stale entry is never used: a
// render with a cache writes exactly the bytes a render without one would.
type Cache struct {
	mu sync.RWMutex
	// pruning is the prune of the last render, which runs while its
	// caller goes on (at 100,000 briefings it takes as long as the rest
	// of a rebuild after an edit); every use of the cache but by the
	// render that started it waits for it first (settle).
	pruning sync.WaitGroup
	// bodies and files hold what earlier renders made, by source path and
	// by output name. A render only reads them, without the lock: every
	// page of a large site looks itself up on every rebuild, and a shared
	// lock's traffic between cores cost more than the lookups. What the
	// render makes goes to the fresh maps, under the lock, and joins the
	// others when it ends.
	bodies      map[string]*bodyEntry
	files       map[string]*fileEntry
	freshBodies map[string]*bodyEntry
	freshFiles  map[string]*fileEntry
	gen         uint64 // the render under way; entries it uses carry it

	theme *theme // the last theme parsed; its digest tells whether it is current

	relatedKey uint64
	related    [][]int // related briefings of each briefing, by site index

	linksKey uint64
	links    *linkTable
	entries  map[uint64]*entry // list entries by their briefing's Hash
	// The briefings of the last render and their entries, by position:
	// where a briefing is the same record, so is its entry.
	lastBriefings []*site.Briefing
	lastEntries   []*entry
	positions     *sitePositions // of lastEntries, updated in place by the next render

	groupsKey        uint64
	byCountry, byTag []*site.Group

	// arrays are what the last render kept of each briefing's page, by
	// position (see briefingArrays).
	arrays *briefingArrays

	rendered []string // output files produced anew by the last render
	// pruned are the output files the last render's prune forgot: those
	// the render before it produced and it did not. dropped tells that it
	// forgot an edition's cache, whose files are not among them.
	pruned   []string
	dropped  bool
	pruneGen uint64 // the render whose prune made pruned

	// search is the dev server's search index, updated in place by each
	// render (see renderSearch).
	search *search.Index
	// searchFilters are the filters of the last render, made from the
	// entries whose fingerprint is searchFiltersKey.
	searchFiltersKey uint64
	searchFilters    *search.Filters

	// groups are the dev server's records of groups of files (see
	// emitGroup) by name; freshGroups those the render under way made.
	groups, freshGroups map[string]*groupRecord
	lastGroups          []string // groups the last render made anew

	// lean caches keep no converted HTML and no groups: a build's
	// memory must not grow with the site's HTML. The dev server's cache
	// keeps the HTML of the bodies the render asks it to (those feeds
	// carry, see convertKept); a page whose input changed converts its
	// body again.
	lean bool

	// editions are the caches of the site's editions by language code:
	// each edition is rendered as a site of its own, whose state (theme,
	// entries, groups, search index) must not be taken for another's.
	// Their files have the edition's folder in their names ("uk/...").
	editions map[string]*Cache
}

// edition returns the cache of the edition code, made on first use with
// c's kind; nil when c is nil.
func (c *Cache) edition(code string) *Cache {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.editions == nil {
		c.editions = map[string]*Cache{}
	}
	e := c.editions[code]
	if e == nil {
		e = NewCache()
		e.lean = c.lean
		c.editions[code] = e
	}
	return e
}

// keepEditions forgets the caches of editions the site no longer has, so
// that their files are no longer taken as produced: it runs after a render
// without errors, as prune does.
func (c *Cache) keepEditions(codes []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for code := range c.editions {
		if !slices.Contains(codes, code) {
			delete(c.editions, code)
			c.dropped = true
		}
	}
}

// editionCaches lists the editions' caches, for what the caller asks of
// the whole site.
func (c *Cache) editionCaches() []*Cache {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]*Cache, 0, len(c.editions))
	for _, e := range c.editions {
		out = append(out, e)
	}
	return out
}

// briefingArrays are the per-position arrays the briefing pass fills
// (renderer.summaries, bodyTerms, corrections and bodies).
type briefingArrays struct {
	summaries   summaryList
	terms       []bodyTerms
	corrections [][]correction
	bodies      []converted
}

// briefingArrays returns the arrays the briefing pass fills for n
// briefings: those of the last render of the dev server's cache when it
// had as many, else new ones. The pass writes every position of the first
// three on every render and empties the bodies it wrote once the feeds
// are made, and nothing keeps them once a render is over, so a render may
// take them over; new ones, on a large site, were megabytes of fresh
// memory on every rebuild after an edit, whose first writes cost more than
// the rest of the pass.
func (c *Cache) briefingArrays(n int) (summaryList, []bodyTerms, [][]correction, []converted) {
	fresh := func() *briefingArrays {
		return &briefingArrays{summaries: summaryList{texts: make([]string, n), sums: make([]uint64, n)},
			terms: make([]bodyTerms, n), corrections: make([][]correction, n), bodies: make([]converted, n)}
	}
	var a *briefingArrays
	if c != nil && !c.lean {
		c.mu.Lock()
		if c.arrays == nil || len(c.arrays.terms) != n {
			c.arrays = fresh()
		}
		a = c.arrays
		c.mu.Unlock()
	} else {
		a = fresh()
	}
	return a.summaries, a.terms, a.corrections, a.bodies
}

type bodyEntry struct {
	key     uint64
	res     markdown.Result
	hasHTML bool          // res holds the HTML (see putBody)
	terms   bodyTerms     // the body's terms for the search index
	used    atomic.Uint64 // generation of the last render that needed it
}

type fileEntry struct {
	key  uint64
	used atomic.Uint64
	// gone is set when the entry leaves the cache (replaced, pruned or
	// discarded): a group that recorded it can no longer be taken over.
	gone atomic.Bool
}

// NewCache returns an empty cache for the dev server, which renders the
// same site again and again with Options.SkipUnchanged.
func NewCache() *Cache {
	return &Cache{bodies: map[string]*bodyEntry{}, files: map[string]*fileEntry{}, groups: map[string]*groupRecord{}}
}

// NewBuildCache returns an empty lean cache, for a build that saves it.
func NewBuildCache() *Cache {
	c := NewCache()
	c.lean = true
	return c
}

// settle waits for the last render's prune.
func (c *Cache) settle() { c.pruning.Wait() }

// begin starts a render: a new generation, and no file rendered yet.
func (c *Cache) begin() {
	c.settle()
	c.mu.Lock()
	c.gen++
	c.rendered = c.rendered[:0]
	c.pruned, c.dropped = c.pruned[:0], false
	c.freshBodies = map[string]*bodyEntry{}
	c.freshFiles = map[string]*fileEntry{}
	c.freshGroups = map[string]*groupRecord{}
	c.mu.Unlock()
}

// end closes a render: what it made joins what earlier renders made.
func (c *Cache) end() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.freshBodies {
		c.bodies[k] = e
	}
	for k, e := range c.freshFiles {
		if old := c.files[k]; old != nil && old != e {
			old.gone.Store(true)
		}
		c.files[k] = e
	}
	c.lastGroups = c.lastGroups[:0]
	for k, g := range c.freshGroups {
		c.groups[k] = g
		c.lastGroups = append(c.lastGroups, k)
	}
	c.freshBodies, c.freshFiles, c.freshGroups = nil, nil, nil
}

// Rendered lists the files the last render produced anew rather than took
// from the cache, sorted.
func (c *Cache) Rendered() []string {
	c.settle()
	c.mu.RLock()
	out := append([]string{}, c.rendered...)
	c.mu.RUnlock()
	for _, e := range c.editionCaches() {
		out = append(out, e.Rendered()...)
	}
	sort.Strings(out)
	return out
}

// find looks name up during a render: among the entries of earlier
// renders, without the lock, and when that one is missing or not current,
// among the entries this render made.
func find[E any](c *Cache, earlier, fresh map[string]*E, name string, current func(*E) bool) *E {
	e := earlier[name]
	if e == nil || !current(e) {
		c.mu.Lock()
		if f := fresh[name]; f != nil {
			e = f
		}
		c.mu.Unlock()
	}
	return e
}

// body returns the cached conversion of a file, and whether it holds the
// HTML, and marks it as used; it runs during a render only.
func (c *Cache) body(path string, key uint64) (res markdown.Result, hasHTML bool, terms bodyTerms, ok bool) {
	e := find(c, c.bodies, c.freshBodies, path, func(e *bodyEntry) bool { return e.key == key })
	if e == nil {
		return markdown.Result{}, false, bodyTerms{}, false
	}
	e.used.Store(c.gen)
	return e.res, e.hasHTML, e.terms, e.key == key
}

// putBody keeps a conversion; its HTML only when keepHTML is set and the
// cache is not lean: the render keeps what the feeds need until they are
// written.
func (c *Cache) putBody(path string, key uint64, res markdown.Result, keepHTML bool, terms bodyTerms) {
	keepHTML = keepHTML && !c.lean
	if !keepHTML {
		res.HTML = ""
	}
	e := &bodyEntry{key: key, res: res, hasHTML: keepHTML, terms: terms}
	e.used.Store(c.gen)
	c.mu.Lock()
	c.freshBodies[path] = e
	c.mu.Unlock()
}

// file returns the entry of a cached output file and marks it as produced
// by this render; it runs during a render only.
func (c *Cache) file(name string, key uint64) (*fileEntry, bool) {
	e := find(c, c.files, c.freshFiles, name, func(e *fileEntry) bool { return e.key == key })
	if e == nil {
		return nil, false
	}
	e.used.Store(c.gen)
	return e, e.key == key
}

// group returns the record of the group name when it was made under key,
// and marks it as used by this render.
func (c *Cache) group(name string, key uint64) *groupRecord {
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.groups[name]
	if g == nil || g.key != key {
		return nil
	}
	g.used = c.gen
	return g
}

func (c *Cache) putGroup(name string, g *groupRecord) {
	c.mu.Lock()
	g.used = c.gen
	c.freshGroups[name] = g
	c.mu.Unlock()
}

func (c *Cache) putFile(name string, key uint64) *fileEntry {
	e := &fileEntry{key: key}
	e.used.Store(c.gen)
	c.mu.Lock()
	c.freshFiles[name] = e
	c.rendered = append(c.rendered, name)
	c.mu.Unlock()
	return e
}

// prune forgets entries the last render did not use (removed briefings,
// pages that no longer exist), so the cache does not grow without end.
// It also keeps a promise SkipUnchanged relies on: every file the cache
// holds is in the caller's output, which drops what a render did not
// produce. Skipping it on some renders let a page that came back (a list
// grown again) be taken as written when it was not. It runs in the
// background; see pruning.
func (c *Cache) prune() {
	c.pruning.Go(c.pruneNow)
}

func (c *Cache) pruneNow() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pruneGen = c.gen
	for k, e := range c.bodies {
		if e.used.Load() != c.gen {
			delete(c.bodies, k)
		}
	}
	for k, e := range c.files {
		if e.used.Load() != c.gen {
			e.gone.Store(true)
			delete(c.files, k)
			c.pruned = append(c.pruned, k)
		}
	}
	for k, g := range c.groups {
		if g.used != c.gen {
			delete(c.groups, k)
		}
	}
}

// Pruned lists the files the render before the last produced and the
// last did not, its editions' included; ok is false when it cannot tell
// (the last render forgot a whole edition, or had errors and pruned
// nothing). The dev server drops these from its site rather than look
// at every name it has.
func (c *Cache) Pruned() (names []string, ok bool) {
	c.settle()
	c.mu.RLock()
	names, ok = slices.Clone(c.pruned), !c.dropped && c.pruneGen == c.gen
	c.mu.RUnlock()
	for _, e := range c.editionCaches() {
		more, eok := e.Pruned()
		names, ok = append(names, more...), ok && eok
	}
	return names, ok
}

// Discard forgets the files the last render produced anew. A caller that
// throws that render's output away (it had errors) calls it, so that the
// next render does not take those files as already written.
func (c *Cache) Discard() {
	c.settle()
	for _, e := range c.editionCaches() {
		e.Discard()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, name := range c.rendered {
		if e := c.files[name]; e != nil {
			e.gone.Store(true)
		}
		delete(c.files, name)
	}
	c.rendered = c.rendered[:0]
	for _, name := range c.lastGroups {
		delete(c.groups, name)
	}
	c.lastGroups = c.lastGroups[:0]
}

// Produced reports whether the last render wrote name or took it from the
// cache: with SkipUnchanged, the files a caller must keep from before.
func (c *Cache) Produced(name string) bool {
	c.settle()
	c.mu.RLock()
	e, gen := c.files[name], c.gen
	c.mu.RUnlock()
	if e == nil {
		for _, ed := range c.editionCaches() {
			if ed.Produced(name) {
				return true
			}
		}
	}
	return e != nil && e.used.Load() == gen
}

// persisted is a Cache as saved between builds.
type persisted struct {
	Format     int
	Bodies     map[string]persistedBody
	Files      map[string]uint64 // output name → key
	RelatedKey uint64
	Related    [][]int
	Editions   map[string]*persisted // by language code
}

type persistedBody struct {
	Key    uint64
	Result markdown.Result // without HTML
	Terms  bodyTerms       // for the search index
}

// persistFormat changes whenever persisted or the keys' meaning change.
const persistFormat = 9

// Save writes the cache's keys and conversions, not page bytes, for the
// next build.
func (c *Cache) Save(w io.Writer) error {
	return gob.NewEncoder(w).Encode(c.persisted())
}

// persisted waits for c's prune (an edition's too, as it recurses), so
// that no file it is removing is saved as written.
func (c *Cache) persisted() *persisted {
	c.settle()
	c.mu.RLock()
	defer c.mu.RUnlock()
	p := &persisted{Format: persistFormat, Bodies: make(map[string]persistedBody, len(c.bodies)),
		Files: make(map[string]uint64, len(c.files)), RelatedKey: c.relatedKey, Related: c.related}
	for k, e := range c.bodies {
		res := e.res
		res.HTML = "" // converted again on demand: feeds that did not change never ask
		p.Bodies[k] = persistedBody{Key: e.key, Result: res, Terms: e.terms}
	}
	for k, e := range c.files {
		p.Files[k] = e.key
	}
	for code, e := range c.editions {
		if p.Editions == nil {
			p.Editions = map[string]*persisted{}
		}
		p.Editions[code] = e.persisted()
	}
	return p
}

// LoadCache reads a cache saved by Save. The result is lean: its files have
// keys but no bytes, so a render asks Options.Reuse to carry them over.
func LoadCache(r io.Reader) (*Cache, error) {
	var p persisted
	if err := gob.NewDecoder(r).Decode(&p); err != nil {
		return nil, err
	}
	if p.Format != persistFormat {
		return nil, fmt.Errorf("cache format %d, want %d", p.Format, persistFormat)
	}
	return fromPersisted(&p), nil
}

func fromPersisted(p *persisted) *Cache {
	c := NewBuildCache()
	for k, b := range p.Bodies {
		c.bodies[k] = &bodyEntry{key: b.Key, res: b.Result, terms: b.Terms}
	}
	for k, key := range p.Files {
		c.files[k] = &fileEntry{key: key}
	}
	c.relatedKey, c.related = p.RelatedKey, p.Related
	for code, e := range p.Editions {
		if c.editions == nil {
			c.editions = map[string]*Cache{}
		}
		c.editions[code] = fromPersisted(e)
	}
	return c
}

// Files lists the output files the cache knows, for the caller's manifest.
func (c *Cache) Files() []string {
	c.settle()
	c.mu.RLock()
	names := make([]string, 0, len(c.files))
	for k := range c.files {
		names = append(names, k)
	}
	c.mu.RUnlock()
	for _, e := range c.editionCaches() {
		names = append(names, e.Files()...)
	}
	sort.Strings(names)
	return names
}
