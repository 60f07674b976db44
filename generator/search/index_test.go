package search

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"brief/generator/internal/digest"
)

func termsOf(s string) []string {
	var out []string
	Terms(s, func(t string) { out = append(out, t) })
	return out
}

func TestTermsFoldCaseAndAccents(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Côte d'Ivoire", []string{"cote", "d", "ivoire"}},
		{"ÉLYSÉE  Treaty, 2024!", []string{"elysee", "treaty", "2024"}},
		{"Київ і Львів", []string{"киів", "і", "львів"}},
		{"Ελλάδα", []string{"ελλαδα"}},
		{"e-mail: a_b", []string{"e", "mail", "a", "b"}},
		{strings.Repeat("x", MaxTermLength) + " " + strings.Repeat("y", MaxTermLength+1) + " z", []string{strings.Repeat("x", MaxTermLength), "z"}},
		{"", nil},
	} {
		if got := termsOf(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Terms(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDistinctTermsKeepsTheSet(t *testing.T) {
	got := DistinctTerms("The treaty, the TREATY and the Côte")
	if got != "and cote the treaty" {
		t.Errorf("DistinctTerms = %q", got)
	}
	if again := DistinctTerms(got); again != got {
		t.Errorf("DistinctTerms of its own result = %q, want %q", again, got)
	}
}

// DistinctTerms reuses its scratch space from text to text: each result
// must still be the sorted set of its own text's terms, whatever texts
// came before it.
func TestDistinctTermsIsTheSortedSetOfTerms(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for range 300 {
		text := randomText(rng, rng.IntN(60))
		seen := map[string]bool{}
		var want []string
		Terms(text, func(term string) {
			if !seen[term] {
				seen[term] = true
				want = append(want, term)
			}
		})
		slices.Sort(want)
		if got := DistinctTerms(text); got != strings.Join(want, " ") {
			t.Fatalf("DistinctTerms(%q) = %q, want %q", text, got, strings.Join(want, " "))
		}
	}
}

func TestCompareJSFollowsUTF16Order(t *testing.T) {
	// U+FF21 (fullwidth A) is after U+10400 in code points' order but
	// before it in UTF-16's: 0xFF21 > 0xD801.
	a, b := "\uff21", "\U00010400"
	if compareJS(a, b) <= 0 {
		t.Errorf("compareJS(%q, %q) <= 0, want > 0 (JavaScript puts the astral character first)", a, b)
	}
	if compareJS("ab", "abc") >= 0 || compareJS("b", "abc") <= 0 || compareJS("x", "x") != 0 {
		t.Error("compareJS disagrees with plain order on ASCII")
	}
	if compareJS("\U00010400", "\U00010401") >= 0 {
		t.Error("compareJS misorders two characters behind the same high surrogate")
	}
}

// decodePostings reads a postings list as the script does.
func decodePostings(t *testing.T, raw json.RawMessage, n int) []int32 {
	t.Helper()
	var s string
	if json.Unmarshal(raw, &s) == nil {
		bits, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			t.Fatalf("bitset %q: %v", s, err)
		}
		if len(bits) != (n+7)/8 {
			t.Fatalf("bitset of %d bytes for %d documents", len(bits), n)
		}
		var ids []int32
		for id := range n {
			if bits[id>>3]&(1<<(id&7)) != 0 {
				ids = append(ids, int32(id))
			}
		}
		return ids
	}
	var deltas []int32
	if err := json.Unmarshal(raw, &deltas); err != nil {
		t.Fatalf("postings %s: %v", raw, err)
	}
	var ids []int32
	prev := int32(0)
	for _, d := range deltas {
		prev += d
		ids = append(ids, prev)
	}
	return ids
}

type testSource struct {
	keys []string
	docs []Doc
}

func (s *testSource) Len() int         { return len(s.docs) }
func (s *testSource) Key(i int) string { return s.keys[i] }
func (s *testSource) Doc(i int) Doc    { return s.docs[i] }
func (s *testSource) Sum(i int) uint64 {
	d := s.docs[i]
	return uint64(digest.New().Str(d.Text[0]).Str(d.Text[1]).Str(d.Text[2]).Str(d.Text[3]).Str(d.Card.Title).Str(d.Card.Summary))
}

var vocabulary = strings.Fields("treaty security Italy Ukraine guarantee agreement signed Rome Kyiv défense côte energy grain " +
	"summit pledge loan Київ Україна Італія bilateral council minister 2024 2025")

func randomText(rng *rand.Rand, words int) string {
	var b []string
	for range words {
		b = append(b, vocabulary[rng.IntN(len(vocabulary))])
	}
	return strings.Join(b, " ")
}

func randomDoc(rng *rand.Rand, i int) Doc {
	return Doc{Text: [numFields]string{randomText(rng, 1+rng.IntN(5)), randomText(rng, rng.IntN(8)), randomText(rng, rng.IntN(3)),
		DistinctTerms(randomText(rng, rng.IntN(40)))},
		Card: Card{Title: fmt.Sprintf("Doc %d", i), URL: fmt.Sprintf("/briefings/d%d/", i), Date: "2024-01-01", Human: "1 January 2024"}}
}

func randomSource(rng *rand.Rand, n int) *testSource {
	src := &testSource{}
	for i := range n {
		src.keys = append(src.keys, fmt.Sprint("d", i))
		src.docs = append(src.docs, randomDoc(rng, i))
	}
	return src
}

// checkFiles reads the files as the script does and compares every
// term's postings with the documents' own terms.
func checkFiles(t *testing.T, files []File, src *testSource) {
	t.Helper()
	byName := map[string][]byte{}
	for _, f := range files {
		if _, dup := byName[f.Name]; dup {
			t.Fatalf("two files named %s", f.Name)
		}
		byName[f.Name] = f.Data
	}
	var m manifestJSON
	if err := json.Unmarshal(byName["manifest.json"], &m); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	n := src.Len()
	if m.Version != Version || m.Count != n {
		t.Fatalf("manifest says version %d, %d documents; want %d, %d", m.Version, m.Count, Version, n)
	}
	want := map[string][numFields][]int32{}
	for i, d := range src.docs {
		for f := range numFields {
			Terms(d.Text[f], func(term string) {
				p := want[term]
				if l := p[f]; len(l) == 0 || l[len(l)-1] != int32(i) {
					p[f] = append(p[f], int32(i))
				}
				want[term] = p
			})
		}
	}
	got := map[string][numFields][]int32{}
	prevLast := ""
	for k, c := range m.Chunks {
		data, ok := byName["chunks/"+c.Hash+".json"]
		if !ok {
			t.Fatalf("chunk %s not among the files", c.Hash)
		}
		if len(data) > 100_000 {
			t.Errorf("chunk %s has %d bytes", c.Hash, len(data))
		}
		if k > 0 && compareJS(prevLast, c.First) >= 0 {
			t.Errorf("chunk %d starts at %q, not after the previous chunk's last term %q", k, c.First, prevLast)
		}
		prevLast = c.Last
		var rows [][]json.RawMessage
		if err := json.Unmarshal(data, &rows); err != nil {
			t.Fatalf("chunk %s: %v", c.Hash, err)
		}
		for r, row := range rows {
			var term string
			if err := json.Unmarshal(row[0], &term); err != nil {
				t.Fatal(err)
			}
			if (r == 0 && term != c.First) || (r == len(rows)-1 && term != c.Last) {
				t.Errorf("chunk %s runs %q..%q in the manifest but holds %q at row %d", c.Hash, c.First, c.Last, term, r)
			}
			var p [numFields][]int32
			for f := range numFields {
				p[f] = decodePostings(t, row[1+f], n)
			}
			got[term] = p
		}
	}
	if len(got) != len(want) {
		t.Errorf("the chunks hold %d terms, the documents %d", len(got), len(want))
	}
	for term, w := range want {
		for f := range numFields {
			if !slices.Equal(got[term][f], w[f]) {
				t.Errorf("term %q field %d: postings %v, want %v", term, f, got[term][f], w[f])
			}
		}
	}
	var bundleHashes []string
	for _, l := range m.Fragments.Lists {
		var hashes []string
		if err := json.Unmarshal(byName["fragments/"+l+".json"], &hashes); err != nil {
			t.Fatalf("fragments list %s: %v", l, err)
		}
		if len(hashes) > m.Fragments.PerList {
			t.Fatalf("fragments list %s names %d bundles, more than %d", l, len(hashes), m.Fragments.PerList)
		}
		bundleHashes = append(bundleHashes, hashes...)
	}
	if len(bundleHashes) != (n+BundleSize-1)/BundleSize {
		t.Fatalf("%d fragment bundles for %d documents", len(bundleHashes), n)
	}
	for k, h := range bundleHashes {
		var cards []Card
		if err := json.Unmarshal(byName["fragments/"+h+".json"], &cards); err != nil {
			t.Fatalf("fragments %s: %v", h, err)
		}
		for j, c := range cards {
			if want := src.docs[k*BundleSize+j].Card; c.Title != want.Title || c.URL != want.URL {
				t.Errorf("card %d of bundle %d is %q, want %q", j, k, c.Title, want.Title)
			}
		}
	}
}

func TestIndexFilesHoldEveryTermsPostings(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	src := randomSource(rng, 300)
	checkFiles(t, NewIndex(false).Update(1, src, Filters{}), src)
}

// TestUpdateMatchesAFreshIndex edits documents at random and compares the
// files of the index kept across updates with those of a fresh one.
func TestUpdateMatchesAFreshIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	src := randomSource(rng, 200)
	kept := NewIndex(true)
	for step := range 60 {
		switch rng.IntN(4) {
		case 0: // a new document
			i := len(src.docs)
			src.keys = append(src.keys, fmt.Sprint("d", i))
			src.docs = append(src.docs, randomDoc(rng, i))
		case 1: // one field of one document
			i, f := rng.IntN(len(src.docs)), Field(rng.IntN(int(numFields)))
			src.docs[i].Text[f] = randomText(rng, rng.IntN(10))
			if f == Body {
				src.docs[i].Text[f] = DistinctTerms(src.docs[i].Text[f])
			}
		case 2: // a title, in text and card, with a word no document had
			i := rng.IntN(len(src.docs))
			src.docs[i].Text[Title] = randomText(rng, 3) + fmt.Sprintf(" w%d ё%d", rng.IntN(1000), step)
			src.docs[i].Card.Title = src.docs[i].Text[Title]
		default: // several documents at once
			for range 1 + rng.IntN(5) {
				i := rng.IntN(len(src.docs))
				src.docs[i] = randomDoc(rng, i)
			}
		}
		got := kept.Update(7, src, Filters{})
		want := NewIndex(false).Update(7, src, Filters{})
		if !slices.EqualFunc(got, want, func(a, b File) bool { return a.Name == b.Name && string(a.Data) == string(b.Data) }) {
			t.Fatalf("step %d: the updated index's files differ from a fresh index's", step)
		}
		checkFiles(t, got, src)
	}
}

func TestFilesAreNamedByContent(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	src := randomSource(rng, 100)
	filters := Filters{Country: []Value{{Key: "it", Name: "Italy", Docs: []int32{1, 5, 9}}, {Key: "sm", Name: "San Marino", Docs: []int32{1, 5, 9}}}, Year: []Years{{Key: "2024", Name: "2024", First: 0, Last: 99}}}
	a := NewIndex(false).Update(1, src, filters)
	b := NewIndex(false).Update(1, src, filters)
	if !slices.EqualFunc(a, b, func(x, y File) bool { return x.Name == y.Name && string(x.Data) == string(y.Data) }) {
		t.Fatal("two indexes of the same documents differ")
	}
	src.docs[42].Card.Title = "Renamed"
	c := NewIndex(false).Update(1, src, filters)
	changed := 0
	names := map[string]bool{}
	for _, f := range a {
		names[f.Name] = true
	}
	for _, f := range c {
		if !names[f.Name] {
			changed++
		}
	}
	// The card's bundle, the list that names it, and the manifest that
	// names the list.
	if changed != 2 {
		t.Errorf("renaming one card made %d new files, want 2 (its bundle and the list naming it)", changed)
	}
	if string(a[len(a)-1].Data) == string(c[len(c)-1].Data) {
		t.Error("the manifest does not name the renamed card's new list of bundles")
	}
	var filt map[string][]filterJSON
	for _, f := range a {
		if strings.HasPrefix(f.Name, "filters/") && strings.Contains(string(f.Data), `"country"`) {
			if err := json.Unmarshal(f.Data, &filt); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, f := range a {
		if slices.ContainsFunc(a, func(g File) bool { return g.Name == f.Name && &g.Data[0] != &f.Data[0] }) {
			t.Errorf("two files named %s (two filter values with the same briefings)", f.Name)
		}
	}
	if len(filt["country"]) != 2 || filt["country"][0].Count != 3 || filt["country"][1].Hash != filt["country"][0].Hash || filt["year"][0].Count != 100 {
		t.Errorf("filters file: %+v", filt)
	}
}

// TestCompareJSAgreesWithUTF16 compares compareJS with the order of the
// strings' UTF-16 code units on random strings drawn from every range
// where UTF-8 and UTF-16 orders agree or differ.
func TestCompareJSAgreesWithUTF16(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	alphabet := []rune{'a', 'z', 'é', 'ї', 'ж', '\u4e2d', '\ud7ff', '\ue000', '\uff21', '\uffff', '\U00010400', '\U0001f600', '\U0010ffff'}
	random := func() string {
		r := make([]rune, rng.IntN(4))
		for k := range r {
			r[k] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(r)
	}
	for range 20000 {
		a, b := random(), random()
		want := slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
		if got := compareJS(a, b); (got < 0) != (want < 0) || (got == 0) != (want == 0) {
			t.Fatalf("compareJS(%q, %q) = %d, UTF-16 order says %d", a, b, got, want)
		}
	}
}
