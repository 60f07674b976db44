package render

import (
	"slices"
	"sync"
	"time"

	"brief/generator/countries"
)

// relatedCount is how many related briefings a page lists.
const relatedCount = 5

// relNode is what related briefings are chosen by: a briefing's date and
// countries. The list of them in site order is the whole input of the
// choice.
type relNode struct {
	Date      time.Time
	Countries []*countries.Country
}

// entryRelations stands for the list of relNode of the briefings in cache
// keys, each fingerprinted once by its entry.
type entryRelations []*entry

func (l entryRelations) Digest() uint64 { return combine(l, func(e *entry) uint64 { return e.relSum }) }

// relatedBriefings finds the related briefings of every briefing, by
// index, or takes them from the cache when no briefing was added, removed,
// moved in time or given other countries.
func (r *renderer) relatedBriefings() [][]int {
	k := entryRelations(r.entries).Digest()
	if r.cache != nil {
		r.cache.mu.Lock()
		related, same := r.cache.related, r.cache.relatedKey == k && r.cache.related != nil
		r.cache.mu.Unlock()
		if same {
			return related
		}
	}
	nodes := make([]relNode, len(r.entries))
	for i, e := range r.entries {
		nodes[i] = relNode{Date: e.Date, Countries: e.Countries}
	}
	g := buildGraph(nodes)
	related := make([][]int, len(nodes))
	r.parallel(len(nodes), func(i int) { related[i] = g.related(i) })
	if r.cache != nil {
		r.cache.mu.Lock()
		r.cache.relatedKey, r.cache.related = k, related
		r.cache.mu.Unlock()
	}
	return related
}

// relGraph indexes briefings by sets of countries for computeRelated: a
// group for every set of up to maxSubset countries that some briefing
// concerns, holding the briefings that concern all of them.
type relGraph struct {
	ids     [][]int32     // country ids of each briefing
	subsets [][]subsetRef // the groups of each briefing's own country sets
	groups  [][]int32     // briefings of each group, in site order
	dates   []int64
	seen    sync.Pool // of *seenSet sized for this site
}

// maxSubset bounds the size of indexed country sets: a briefing of k
// countries is in 2^k-1 groups up to k = 3, and in fewer than k³ beyond.
const maxSubset = 3

// subsetRef is one of a briefing's groups and its position there.
type subsetRef struct {
	group, pos int32
	size       int32
}

func buildGraph(nodes []relNode) *relGraph {
	n := len(nodes)
	g := &relGraph{ids: make([][]int32, n), subsets: make([][]subsetRef, n), dates: make([]int64, n)}
	g.seen.New = func() any { return &seenSet{stamp: make([]uint32, n)} }
	id := map[string]int32{}
	groupOf := map[uint64]int32{}
	var sorted []int32
	for i, b := range nodes {
		g.dates[i] = b.Date.UnixNano()
		g.ids[i] = make([]int32, len(b.Countries))
		for k, c := range b.Countries {
			cid, ok := id[c.Alpha2]
			if !ok {
				cid = int32(len(id))
				id[c.Alpha2] = cid
			}
			g.ids[i][k] = cid
		}
		sorted = append(sorted[:0], g.ids[i]...)
		slices.Sort(sorted)
		forSubsets(sorted, func(key uint64, size int) {
			grp, ok := groupOf[key]
			if !ok {
				grp = int32(len(g.groups))
				groupOf[key] = grp
				g.groups = append(g.groups, nil)
			}
			g.subsets[i] = append(g.subsets[i], subsetRef{group: grp, pos: int32(len(g.groups[grp])), size: int32(size)})
			g.groups[grp] = append(g.groups[grp], int32(i))
		})
	}
	return g
}

// forSubsets calls fn with a key for every non-empty subset of up to
// maxSubset of the sorted ids. A key packs the ids, each plus one, 21 bits
// apiece.
func forSubsets(ids []int32, fn func(key uint64, size int)) {
	var walk func(from int, key uint64, size int)
	walk = func(from int, key uint64, size int) {
		for k := from; k < len(ids); k++ {
			next := key<<21 | uint64(ids[k]+1)
			fn(next, size+1)
			if size+1 < maxSubset {
				walk(k+1, next, size+1)
			}
		}
	}
	walk(0, 0, 0)
}

func hasID(ids []int32, id int32) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// related picks the relatedCount briefings that share the most
// countries with briefing i, then the nearest in date, then the newest.
//
// It is exact without comparing i with every briefing. A briefing sharing
// s of i's countries is in the group of every s-set of them, so the groups
// of i's own country sets are walked, largest sets first, each outward in
// time from i. A walk stops as soon as nothing left in it could enter the
// list: everything farther is farther in time, and shares at most s
// countries, since a briefing sharing more was met, or passed over for
// good, in a walk of larger sets. (Sets are indexed up to maxSubset, so at
// that level the bound is all of i's countries.) The list only improves,
// so a briefing passed over by every walk could never have made it.
func (g *relGraph) related(i int) []int {
	mine := g.ids[i]
	if len(mine) == 0 {
		return nil
	}
	seen := g.seen.Get().(*seenSet)
	defer g.seen.Put(seen)
	seen.next()
	seen.mark(int32(i))

	type cand struct {
		shared int
		dist   int64
		idx    int32
	}
	var best [relatedCount]cand
	n := 0
	better := func(x, y cand) bool {
		if x.shared != y.shared {
			return x.shared > y.shared
		}
		if x.dist != y.dist {
			return x.dist < y.dist
		}
		return x.idx < y.idx
	}
	consider := func(c cand) {
		pos := n
		for pos > 0 && better(c, best[pos-1]) {
			pos--
		}
		if pos >= relatedCount {
			return
		}
		if n < relatedCount {
			n++
		}
		copy(best[pos+1:n], best[pos:n-1])
		best[pos] = c
	}
	top := min(len(mine), maxSubset)
	for size := top; size >= 1; size-- {
		most := size // the most countries an unseen briefing of interest shares
		if size == top {
			most = len(mine)
		}
		if n == relatedCount && best[relatedCount-1].shared > most {
			break // nothing sharing this few can enter
		}
		for _, ref := range g.subsets[i] {
			if int(ref.size) != size {
				continue
			}
			grp := g.groups[ref.group]
			lo, hi := int(ref.pos)-1, int(ref.pos)+1
			for lo >= 0 || hi < len(grp) {
				var j int32
				if hi >= len(grp) || lo >= 0 && g.dates[grp[lo]]-g.dates[i] <= g.dates[i]-g.dates[grp[hi]] {
					j, lo = grp[lo], lo-1
				} else {
					j, hi = grp[hi], hi+1
				}
				d := g.dates[j] - g.dates[i]
				if d < 0 {
					d = -d
				}
				if n == relatedCount {
					worst := best[relatedCount-1]
					if most < worst.shared || most == worst.shared && d > worst.dist {
						break
					}
				}
				if seen.marked(j) {
					continue
				}
				seen.mark(j)
				shared := 0
				for _, id := range g.ids[j] {
					if hasID(mine, id) {
						shared++
					}
				}
				consider(cand{shared, d, j})
			}
		}
	}
	out := make([]int, n)
	for k := range out {
		out[k] = int(best[k].idx)
	}
	return out
}

// seenSet marks briefings already considered by one computeRelated call;
// a new epoch clears it in constant time.
type seenSet struct {
	stamp []uint32
	epoch uint32
}

func (s *seenSet) next() {
	s.epoch++
	if s.epoch == 0 { // wrapped: clear for real
		clear(s.stamp)
		s.epoch = 1
	}
}

func (s *seenSet) mark(j int32)        { s.stamp[j] = s.epoch }
func (s *seenSet) marked(j int32) bool { return s.stamp[j] == s.epoch }
