package render

import (
	"sync"

	"brief/generator/diag"
	"brief/generator/internal/digest"
)

// emitter sends files to the output through a producer. Within a group
// (see emitGroup) it also records what the group made, so that a later
// render can take the whole group over without making its inputs again.
type emitter struct {
	p   *producer
	rec *groupRecord // nil outside a group
}

// out is the emitter of files that belong to no group.
func (p *producer) out() emitter { return emitter{p: p} }

func (e emitter) problem(pr diag.Problem) {
	e.p.problem(pr)
	if e.rec != nil {
		e.rec.mu.Lock()
		e.rec.probs = append(e.rec.probs, pr)
		e.rec.mu.Unlock()
	}
}

func (e emitter) sitemapEntry(s sitemapEntry) {
	if e.rec != nil {
		e.rec.mu.Lock()
		e.rec.sitemap = append(e.rec.sitemap, s)
		e.rec.mu.Unlock()
		return
	}
	e.p.mu.Lock()
	e.p.sitemap = append(e.p.sitemap, s)
	e.p.mu.Unlock()
}

// record notes a file the group makes, with its cache entry.
func (e emitter) record(name string, entry *fileEntry, kind fileKind) {
	if e.rec != nil {
		e.rec.mu.Lock()
		e.rec.files = append(e.rec.files, groupFile{name: name, entry: entry, kind: kind})
		e.rec.mu.Unlock()
	}
}

// groupRecord is what one group made: its files with their keys, its
// sitemap entries, the problems it reported (warnings; a group with errors
// is not kept), the references its bodies make and the value its function
// returned.
type groupRecord struct {
	mu      sync.Mutex
	key     uint64
	files   []groupFile
	sitemap []sitemapEntry // while the group is made
	part    sitemapPart    // once it is made
	probs   diag.List
	refs    []docRefs
	result  any
	used    uint64 // generation of the last render that used it, under Cache.mu
}

type groupFile struct {
	name  string
	entry *fileEntry
	kind  fileKind
}

// emitGroup makes a group of files with produce, a function of in and of
// the site-wide context alone, like the build functions of emitFile. The
// group's key is the fingerprint of both; when the dev server's cache
// holds the group under that key, with every file it made still at hand,
// the files, sitemap entries, warnings and result are taken over without
// running produce: on a large site that spares making and fingerprinting
// the input of every page an edit did not touch. A group is a shortcut
// only: inside, every file still has its own key, so a group whose key
// changed renders again just the files whose input changed.
func emitGroup[G, R any](p *producer, name string, in G, produce func(emitter, G) R) R {
	c := p.cache
	if c == nil || c.lean || !p.opts.SkipUnchanged {
		// A group is taken over by leaving its files where the caller
		// keeps them; a build's cache knows no groups.
		return produce(p.out(), in)
	}
	k := uint64(digest.New().U64(p.ctx.digest).Str(name).Value(in))
	if rec := c.group(name, k); rec != nil && p.replay(rec) {
		return rec.result.(R)
	}
	rec := &groupRecord{key: k}
	res := produce(emitter{p: p, rec: rec}, in)
	rec.result = res
	rec.part = partOf(rec.sitemap)
	p.mu.Lock()
	p.sitemapParts = append(p.sitemapParts, rec.part)
	p.mu.Unlock()
	if rec.probs.Errors() == 0 {
		c.putGroup(name, rec)
	}
	return res
}

// replay takes a recorded group over: it reports false, having done
// nothing, when one of the group's files is no longer in the cache under
// its key.
func (p *producer) replay(rec *groupRecord) bool {
	// An entry still in the cache holds the file made under the recorded
	// key: entries never change, they are replaced.
	for _, f := range rec.files {
		if f.entry.gone.Load() {
			return false
		}
	}
	gen := p.cache.gen
	// Counted here and added once: counters shared by all cores, added
	// to for every file of a large site, cost more than the rest.
	var counts [otherFile + 1]int64
	for _, f := range rec.files {
		f.entry.used.Store(gen)
		counts[f.kind]++
	}
	p.pages.Add(counts[pageFile])
	p.feeds.Add(counts[feedFile])
	p.other.Add(counts[otherFile])
	p.reused.Add(int64(len(rec.files)))
	p.mu.Lock()
	p.sitemapParts = append(p.sitemapParts, rec.part)
	p.probs = append(p.probs, rec.probs...)
	p.refs = append(p.refs, rec.refs...)
	p.mu.Unlock()
	return true
}
