package search

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"brief/generator/internal/digest"
	"brief/generator/internal/parallel"
)

// Version is the version of the search files' format, in the manifest.
const Version = 2

// Field is a part of a document, in the order of the postings lists of a
// term: a match in an earlier field ranks higher.
type Field int

const (
	Title   Field = iota
	Summary       // the summary lists show
	Meta          // countries with their other names and codes, topics, sources
	Body
	numFields
)

// BundleSize is how many result cards one fragments file holds: enough
// that the manifest lists few files, few enough that the cards of a page
// of results cost little to fetch even when they are far apart.
const BundleSize = 16

// BundlesPerList is how many bundles' hashes one list file names (see
// fragmentsJSON): about 3.6 KB a list, 25 lists at 100,000 briefings.
const BundlesPerList = 256

// Chunk sizes, in bytes of JSON. A chunk ends after a term whose hash says
// so once it holds minChunk, so that an edit which adds or drops a term
// moves the boundaries of its own chunk only; maxChunk bounds a chunk
// whatever the hashes say.
const (
	minChunk = 12 << 10
	maxChunk = 48 << 10
)

// Doc is one document: the text of each field, and the card a result
// shows. The body's text is given as DistinctTerms made it: a long text is
// kept that way from the time it is read to the time the index is made.
type Doc struct {
	Text [numFields]string
	Card Card
}

// Card is what a result shows of a document. Its text is plain text.
type Card struct {
	Title     string        `json:"title"`
	URL       string        `json:"url"`
	Date      string        `json:"date"`
	Human     string        `json:"human"`
	Summary   string        `json:"summary"`
	Countries []CardCountry `json:"countries"`
	Draft     bool          `json:"draft,omitempty"`
}

// CardCountry is a country on a card, with the address of its page.
type CardCountry struct {
	Name string `json:"name"`
	Flag string `json:"flag"`
	URL  string `json:"url"`
}

// Source gives the documents, by id: oldest first, so that a larger id is
// a newer document and new documents take new ids.
type Source interface {
	Len() int
	// Key names document i for good (its address): an index updated
	// in place needs to know that id i is still the same document.
	Key(i int) string
	// Sum fingerprints everything Doc(i) holds: a document whose sum is
	// unchanged is not read again.
	Sum(i int) uint64
	Doc(i int) Doc
}

// Filters are the ways to narrow results: each value lists its documents.
type Filters struct {
	Country, Region, Tag []Value
	Year                 []Years
}

// Value is one value of a filter, with its documents' ids, ascending.
type Value struct {
	Key, Name string
	Docs      []int32
}

// Years is one year of documents: ids First to Last, both included, since
// ids follow dates.
type Years struct {
	Key, Name   string
	First, Last int
}

// File is a file of the search files, named relative to the search folder.
type File struct {
	Name string
	Data []byte
}

// Index makes the search files, and when kept from one Update to the next,
// does again only what changed: the postings of the terms an edit added or
// removed, the chunks holding them, the bundle of the edited card.
type Index struct {
	keep bool // keep per-document terms for the next Update

	salt     uint64
	keys     []string
	sums     []uint64
	docTerms [][numFields][]uint32 // kept only when keep is set
	bundles  []File                // the fragment files; the only copy of the cards

	dict    map[string]uint32
	terms   []string
	post    [][numFields][]int32
	rows    [][]byte // each term's JSON row; nil when it must be made again
	version []uint32 // changes whenever the term's postings do
	order   []uint32 // term ids in JavaScript order
	added   []uint32 // terms new in the update under way, not yet in order
	chunks  map[uint64]File

	// The filter files of the previous update, and the fingerprint of
	// the filters they were made from.
	filtersSum  uint64
	filterFiles []File
	filterHash  string
}

// NewIndex returns an empty index. With keep, it holds what it needs to
// update itself cheaply after a small change; without, it is meant for
// one Update.
func NewIndex(keep bool) *Index { return &Index{keep: keep} }

// Update makes the search files for the documents of src and the filters,
// and returns all of them. salt stands for everything besides the
// documents that the files depend on (such as how dates are written):
// when it differs from the previous Update's, everything is made again.
func (ix *Index) Update(salt uint64, src Source, filters Filters) []File {
	n := src.Len()
	full := ix.dict == nil || salt != ix.salt || n != len(ix.keys) || !ix.keep
	if !full {
		for i := range n {
			if src.Key(i) != ix.keys[i] {
				full = true
				break
			}
		}
	}
	if full {
		ix.reset(salt, n)
	}
	var changed []int
	for i := range n {
		if sum := src.Sum(i); full || sum != ix.sums[i] {
			ix.keys[i], ix.sums[i] = src.Key(i), sum
			changed = append(changed, i)
		}
	}
	// The cards of the documents that changed, until their bundles are
	// made: in a full update, as each bundle's last document is added,
	// so that the cards of a large site are never all held at once.
	pending := map[int][]byte{}
	if full {
		ix.bundles = make([]File, (n+BundleSize-1)/BundleSize)
	}
	// Reading documents and cutting their text into terms is most of the
	// work and needs no shared state; putting the terms into the index
	// does, and is done in id order after. Documents go through in
	// batches, the next prepared while the last is added: every document
	// of a large site cut into terms at once held a string header for each
	// of its terms, hundreds of megabytes at 100,000 briefings.
	prepareBatch := func(from int) []preparedDoc {
		batch := changed[from:min(from+prepareBatchSize, len(changed))]
		out := make([]preparedDoc, len(batch))
		parallel.For(len(batch), 0, func(k int) { out[k] = prepare(src.Doc(batch[k])) })
		return out
	}
	var next chan []preparedDoc
	if len(changed) > 0 {
		next = make(chan []preparedDoc, 1)
		next <- prepareBatch(0)
	}
	for from := 0; from < len(changed); from += prepareBatchSize {
		prepared := <-next
		if after := from + prepareBatchSize; after < len(changed) {
			go func() { next <- prepareBatch(after) }()
		}
		for k, i := range changed[from : from+len(prepared)] {
			ix.addDoc(i, &prepared[k], full)
			pending[i] = prepared[k].card
			prepared[k] = preparedDoc{}
			if full && (i%BundleSize == BundleSize-1 || i == n-1) {
				ix.makeBundle(i/BundleSize, n, pending)
			}
		}
	}
	for _, i := range changed {
		if _, ok := pending[i]; ok {
			ix.makeBundle(i/BundleSize, n, pending)
		}
	}
	ix.placeNewTerms(full)
	var files []File
	chunks := ix.makeChunks(n, &files)
	bundles := slices.Clone(ix.bundles)
	files = append(files, bundles...)
	if sum := filters.digest(n); sum != ix.filtersSum || ix.filterFiles == nil {
		ix.filterFiles = nil
		ix.filterHash = makeFilters(n, filters, &ix.filterFiles)
		ix.filtersSum = sum
	}
	files = append(files, ix.filterFiles...)
	filterHash := ix.filterHash
	manifest := manifestJSON{Version: Version, Count: n, Chunks: chunks, Filters: filterHash,
		Fragments: fragmentsJSON{Size: BundleSize, PerList: BundlesPerList}}
	// The bundles' hashes are listed in files of their own, a list per
	// BundlesPerList bundles, named in the manifest: at 100,000 briefings
	// the hashes of 6,250 bundles alone made the manifest 94 KB, which
	// every search downloads first. Made anew each time from the
	// bundles' names, they are as fresh as those.
	for from := 0; from < len(bundles); from += BundlesPerList {
		part := bundles[from:min(from+BundlesPerList, len(bundles))]
		hashes := make([]string, len(part))
		for k, b := range part {
			hashes[k] = hashOfName(b.Name)
		}
		list := hashed("fragments/", mustJSON(hashes))
		files = append(files, list)
		manifest.Fragments.Lists = append(manifest.Fragments.Lists, hashOfName(list.Name))
	}
	files = append(files, File{Name: "manifest.json", Data: mustJSON(manifest)})
	if !ix.keep {
		*ix = Index{}
	}
	return files
}

func (ix *Index) reset(salt uint64, n int) {
	*ix = Index{keep: ix.keep, salt: salt, dict: map[string]uint32{}, chunks: map[uint64]File{},
		keys: make([]string, n), sums: make([]uint64, n)}
	if ix.keep {
		ix.docTerms = make([][numFields][]uint32, n)
	}
}

// prepareBatchSize is how many documents are cut into terms at a time.
const prepareBatchSize = 1024

// preparedDoc is a document cut into terms: each field's distinct
// terms, sorted, and its card in JSON.
type preparedDoc struct {
	terms [numFields][]string
	card  []byte
}

func prepare(d Doc) preparedDoc {
	var p preparedDoc
	if d.Text[Body] != "" {
		p.terms[Body] = slices.Compact(strings.Split(d.Text[Body], " "))
	}
	for f := range Body {
		seen := map[string]bool{}
		scan(d.Text[f], func(t []byte) {
			if !seen[string(t)] {
				term := string(t)
				seen[term] = true
				p.terms[f] = append(p.terms[f], term)
			}
		})
	}
	if d.Card.Countries == nil {
		d.Card.Countries = []CardCountry{} // the script expects a list
	}
	p.card = mustJSON(d.Card)
	return p
}

// addDoc indexes document i afresh, taking out the terms it no longer
// has. In a full update ids come in ascending order, so postings are
// appended to.
func (ix *Index) addDoc(i int, d *preparedDoc, full bool) {
	for f := range numFields {
		ids := make([]uint32, 0, len(d.terms[f]))
		for _, t := range d.terms[f] {
			id, ok := ix.dict[t]
			if !ok {
				id = uint32(len(ix.terms))
				ix.dict[t] = id
				ix.terms = append(ix.terms, t)
				ix.post = append(ix.post, [numFields][]int32{})
				ix.rows = append(ix.rows, nil)
				ix.version = append(ix.version, 0)
				ix.added = append(ix.added, id)
			}
			ids = append(ids, id)
		}
		slices.Sort(ids)
		var old []uint32
		if ix.keep {
			old = ix.docTerms[i][f]
			ix.docTerms[i][f] = ids
		}
		doc := int32(i)
		// Walk both sorted lists: terms only in old lose the document,
		// terms only in ids gain it.
		a, b := 0, 0
		for a < len(old) || b < len(ids) {
			switch {
			case b == len(ids) || (a < len(old) && old[a] < ids[b]):
				t := old[a]
				p := ix.post[t][f]
				if k, found := slices.BinarySearch(p, doc); found {
					ix.post[t][f] = slices.Delete(p, k, k+1)
				}
				ix.touch(t)
				a++
			case a == len(old) || ids[b] < old[a]:
				t := ids[b]
				p := ix.post[t][f]
				if full || len(p) == 0 || p[len(p)-1] < doc {
					ix.post[t][f] = append(p, doc)
				} else if k, found := slices.BinarySearch(p, doc); !found {
					ix.post[t][f] = slices.Insert(p, k, doc)
				}
				ix.touch(t)
				b++
			default: // in both: unchanged
				a++
				b++
			}
		}
	}
}

func (ix *Index) touch(t uint32) {
	ix.rows[t] = nil
	ix.version[t]++
}

// placeNewTerms puts the terms the update added into order: by sorting
// everything after a full update or when they are many, else one by one
// where they belong. An author typing a new word adds one term, and
// sorting the whole vocabulary for it cost tens of milliseconds on a large
// site.
func (ix *Index) placeNewTerms(full bool) {
	cmp := func(a, b uint32) int { return compareJS(ix.terms[a], ix.terms[b]) }
	if full || len(ix.added) > len(ix.order)/16 {
		ix.order = ix.order[:0]
		for id := range ix.terms {
			ix.order = append(ix.order, uint32(id))
		}
		slices.SortFunc(ix.order, cmp)
	} else {
		for _, t := range ix.added {
			at, _ := slices.BinarySearchFunc(ix.order, t, cmp)
			ix.order = slices.Insert(ix.order, at, t)
		}
	}
	ix.added = ix.added[:0]
}

// chunkJSON is a chunk's entry in the manifest.
type chunkJSON struct {
	First string `json:"first"`
	Last  string `json:"last"`
	Hash  string `json:"hash"`
}

// makeChunks cuts the terms into chunks, appends the chunk files to files
// and returns their entries for the manifest. A chunk whose terms and
// postings are those of a chunk of the previous update is taken as it was.
func (ix *Index) makeChunks(n int, files *[]File) []chunkJSON {
	var out []chunkJSON
	kept := make(map[uint64]File, len(ix.chunks))
	var part []uint32
	size := 0
	cut := func() {
		if len(part) == 0 {
			return
		}
		key := digest.New()
		for _, t := range part {
			key = key.U64(uint64(t)).U64(uint64(ix.version[t]))
		}
		f, ok := ix.chunks[uint64(key)]
		if !ok {
			rows := make([]json.RawMessage, len(part))
			for k, t := range part {
				rows[k] = ix.rows[t]
			}
			f = hashed("chunks/", mustJSON(rows))
		}
		kept[uint64(key)] = f
		*files = append(*files, f)
		out = append(out, chunkJSON{First: ix.terms[part[0]], Last: ix.terms[part[len(part)-1]], Hash: hashOfName(f.Name)})
		if !ix.keep {
			// An index made for one update needs a chunk's rows and
			// postings no more: held until the last chunk, they were
			// the largest part of a large build's memory at its peak.
			for _, t := range part {
				ix.rows[t], ix.post[t] = nil, [numFields][]int32{}
			}
		}
		part, size = part[:0], 0
	}
	for _, t := range ix.order {
		row := ix.row(t, n)
		if row == nil {
			continue // no document has the term any more
		}
		if size > 0 && size+len(row)+1 > maxChunk {
			cut()
		}
		part = append(part, t)
		size += len(row) + 1
		if size >= minChunk && digest.New().Str(ix.terms[t])&3 == 0 {
			cut()
		}
	}
	cut()
	ix.chunks = kept
	return out
}

// row is term t's JSON row, made when it is not at hand; nil when no
// document has the term.
func (ix *Index) row(t uint32, n int) []byte {
	if r := ix.rows[t]; r != nil {
		return r
	}
	p := &ix.post[t]
	if len(p[Title])+len(p[Summary])+len(p[Meta])+len(p[Body]) == 0 {
		return nil
	}
	row := []any{ix.terms[t]}
	for f := range numFields {
		row = append(row, encodePostings(p[f], n))
	}
	ix.rows[t] = mustJSON(row)
	return ix.rows[t]
}

// encodePostings is a list of ascending ids as the format has it: the
// differences between consecutive ids, or a bitset over all n documents
// in base64, whichever is shorter.
func encodePostings(ids []int32, n int) any {
	deltas := make([]int32, len(ids))
	text := 2 // brackets
	prev := int32(0)
	for k, id := range ids {
		deltas[k] = id - prev
		prev = id
		text += digits(deltas[k]) + 1
	}
	bytes := (n + 7) / 8
	if base64.StdEncoding.EncodedLen(bytes)+2 >= text {
		return deltas
	}
	bits := make([]byte, bytes)
	for _, id := range ids {
		bits[id>>3] |= 1 << (id & 7)
	}
	return base64.StdEncoding.EncodeToString(bits)
}

func digits(v int32) int { return len(strconv.Itoa(int(v))) }

// makeBundle makes fragment file k again, with the pending cards of its
// documents (taken out of pending) and, for the others, the cards the
// file held: an index that kept every card besides its bundle held
// 50 MB more at 100,000 briefings.
func (ix *Index) makeBundle(k, n int, pending map[int][]byte) {
	first, last := k*BundleSize, min(n, (k+1)*BundleSize)
	cards := make([]json.RawMessage, last-first)
	all := true
	for i := first; i < last && all; i++ {
		_, all = pending[i]
	}
	if old := ix.bundles[k].Data; !all {
		// Written by this index from cards it made: it reads back.
		if err := json.Unmarshal(old, &cards); err != nil || len(cards) != last-first {
			panic(fmt.Sprintf("search: fragments file %s does not hold the cards of documents %d to %d", ix.bundles[k].Name, first, last-1))
		}
	}
	for i := first; i < last; i++ {
		if card, ok := pending[i]; ok {
			cards[i-first] = card
			delete(pending, i)
		}
	}
	ix.bundles[k] = hashed("fragments/", mustJSON(cards))
}

// digest fingerprints the filters for a site of n documents.
func (f *Filters) digest(n int) uint64 {
	s := digest.New().U64(uint64(n))
	for _, values := range [][]Value{f.Country, f.Region, f.Tag} {
		s = s.U64(uint64(len(values)))
		for _, v := range values {
			s = s.Str(v.Key).Str(v.Name).U64(uint64(len(v.Docs)))
			for _, id := range v.Docs {
				s = s.U64(uint64(id))
			}
		}
	}
	for _, y := range f.Year {
		s = s.Str(y.Key).Str(y.Name).U64(uint64(y.First)).U64(uint64(y.Last))
	}
	return uint64(s)
}

type filterJSON struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Count int    `json:"count"`
	Hash  string `json:"hash,omitempty"`
	First *int   `json:"first,omitempty"`
	Last  *int   `json:"last,omitempty"`
}

// makeFilters appends a file per filter value and the filters file, and
// returns the latter's hash.
func makeFilters(n int, f Filters, files *[]File) string {
	made := map[string]bool{} // two values with the same documents share a file
	values := func(vs []Value) []filterJSON {
		out := make([]filterJSON, len(vs))
		for k, v := range vs {
			file := hashed("filters/", mustJSON(encodePostings(v.Docs, n)))
			if !made[file.Name] {
				made[file.Name] = true
				*files = append(*files, file)
			}
			out[k] = filterJSON{Key: v.Key, Name: v.Name, Count: len(v.Docs), Hash: hashOfName(file.Name)}
		}
		return out
	}
	all := map[string][]filterJSON{
		"country": values(f.Country),
		"region":  values(f.Region),
		"tag":     values(f.Tag),
		"year":    make([]filterJSON, len(f.Year)),
	}
	for k, y := range f.Year {
		all["year"][k] = filterJSON{Key: y.Key, Name: y.Name, Count: y.Last - y.First + 1, First: &y.First, Last: &y.Last}
	}
	file := hashed("filters/", mustJSON(all))
	*files = append(*files, file)
	return hashOfName(file.Name)
}

type manifestJSON struct {
	Version   int           `json:"version"`
	Count     int           `json:"count"`
	Chunks    []chunkJSON   `json:"chunks"`
	Fragments fragmentsJSON `json:"fragments"`
	Filters   string        `json:"filters"`
}

// fragmentsJSON names the bundles of result cards: bundle k holds the
// cards of documents k*Size on, and its hash is entry k%PerList of the
// list file Lists[k/PerList] (a JSON array of hashes, in fragments/).
type fragmentsJSON struct {
	Size    int      `json:"size"`
	PerList int      `json:"per_list"`
	Lists   []string `json:"lists"`
}

// hashed names data in folder by its content: the same bytes, the same
// name, so that a browser may keep the file for good.
func hashed(folder string, data []byte) File {
	sum := sha256.Sum256(data)
	return File{Name: folder + hex.EncodeToString(sum[:6]) + ".json", Data: data}
}

// hashOfName is the hash part of a name made by hashed.
func hashOfName(name string) string {
	name = name[strings.LastIndexByte(name, '/')+1:]
	return strings.TrimSuffix(name, ".json")
}

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		// Every value encoded here is made of strings, numbers and
		// slices: an error is a bug of this package.
		panic(fmt.Sprintf("search: cannot encode %T: %v", v, err))
	}
	return data
}
