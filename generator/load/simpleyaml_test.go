package load

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"brief/internal/corpus"
)

// sameAsLibrary checks the hand-written reader against the YAML library on
// one front matter: where the reader answers, the library must accept the
// text and give the very same tree, positions included.
func sameAsLibrary(t *testing.T, src []byte, firstLine int) (taken bool) {
	t.Helper()
	fast, ok := parseSimpleYAML(src, firstLine)
	if !ok {
		return false
	}
	lib, err := parseYAMLLibrary(src, firstLine)
	if err != nil {
		t.Fatalf("simple reader took front matter the library refuses (%v):\n%s", err, src)
	}
	if !reflect.DeepEqual(fast, lib) {
		t.Fatalf("trees differ for:\n%s\nsimple:  %s\nlibrary: %s", src, dumpValue(fast), dumpValue(lib))
	}
	return true
}

func dumpValue(v *value) string {
	if v == nil {
		return "<nil>"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s@%d:%d", [...]string{"null", "str", "int", "float", "bool", "date", "list", "map"}[v.kind], v.line, v.col)
	switch v.kind {
	case kindList:
		b.WriteString("[")
		for _, it := range v.items {
			b.WriteString(dumpValue(it) + " ")
		}
		b.WriteString("]")
	case kindMap:
		b.WriteString("{")
		for _, f := range v.fields {
			fmt.Fprintf(&b, "%s@%d:%d=%s ", f.key, f.line, f.col, dumpValue(f.val))
		}
		b.WriteString("}")
	default:
		fmt.Fprintf(&b, "%q", v.text)
	}
	return b.String()
}

// frontOf returns the YAML front matter of a file, or nil.
func frontOf(src []byte) ([]byte, int) {
	sp, err := splitFrontMatter(normalise(src))
	if err != nil || sp.Format != YAML {
		return nil, 0
	}
	return sp.Front, sp.FrontLine
}

// TestSimpleYAMLOnGeneratedSites: the generated briefings, the shape of a
// real portal's front matter, are all read by hand, as the library reads
// them.
func TestSimpleYAMLOnGeneratedSites(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, corpus.Options{N: 400, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	files := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		front, line := frontOf(src)
		if strings.HasSuffix(p, "site.yaml") {
			front, line = src, 1
		}
		if front == nil {
			t.Fatalf("%s has no front matter", p)
		}
		if !sameAsLibrary(t, front, line) {
			t.Errorf("%s: the simple reader passed on generated front matter:\n%s", p, front)
		}
		files++
		return nil
	})
	if err != nil || files < 401 {
		t.Fatalf("read %d files: %v", files, err)
	}
}

// TestSimpleYAMLOnExamplesAndBadCases runs the comparison on the example
// site and on every hostile case of testdata/bad.
func TestSimpleYAMLOnExamplesAndBadCases(t *testing.T) {
	root := filepath.Join("..", "..")
	taken, seen := 0, 0
	check := func(name string, src []byte) {
		front, line := frontOf(src)
		if strings.HasSuffix(name, ".yaml") {
			front, line = normalise(src), 1
		}
		if front == nil {
			return
		}
		seen++
		if sameAsLibrary(t, front, line) {
			taken++
		}
	}
	for _, pattern := range []string{"content/*/*.md", "site.yaml"} {
		names, _ := filepath.Glob(filepath.Join(root, pattern))
		for _, name := range names {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			check(name, src)
		}
	}
	exampleTaken := taken
	archives, _ := filepath.Glob(filepath.Join(root, "testdata", "bad", "*.txtar"))
	if len(archives) < 50 {
		t.Fatalf("found %d hostile cases", len(archives))
	}
	for _, name := range archives {
		a, err := txtar.ParseFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			check(name+"/"+f.Name, f.Data)
		}
	}
	// The example site's briefings are plain: the hand reader takes most.
	if exampleTaken < 15 {
		t.Errorf("the simple reader took %d of the example site's front matters", exampleTaken)
	}
	t.Logf("simple reader took %d of %d front matters", taken, seen)
}

// TestSimpleYAMLOnRandomFrontMatter assembles front matter from pieces that
// sit on the edge of the hand reader's shape (reserved words, numbers,
// colons, comments, quotes, odd indentation, non-ASCII text) and compares
// wherever the reader answers.
func TestSimpleYAMLOnRandomFrontMatter(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	n := 30000
	if testing.Short() {
		n = 5000
	}
	taken := 0
	for range n {
		src := randomFrontMatter(rng)
		if sameAsLibrary(t, src, 2+rng.IntN(3)) {
			taken++
		}
	}
	// Both sides of the boundary must be exercised.
	if taken < n/20 || taken > n*9/10 {
		t.Fatalf("simple reader took %d of %d random front matters", taken, n)
	}
	t.Logf("simple reader took %d of %d random front matters", taken, n)
}

var (
	randomKeys = []string{"title", "date", "countries", "sources", "summary", "tags", "author", "draft",
		"slug", "updated", "name", "url", "Title", "a-b", "x_1", "true", "null", "1a", "a b", "é", "key"}
	randomPlain = []string{"Hello world", "Kyiv's plan", "a, b", "a:b", "a: b", "a #b", "a#b", "x:",
		"true", "True", "TRUE", "false", "yes", "no", "on", "null", "Null", "~", "123", "0", "0123", "-5",
		"1.5", "1e3", "0x1F", "0o17", "0b101", "1_000", "+1", ".inf", ".nan", "2021-11-04T21:43:00Z",
		"2023-01-01", "2023-01-01 10:00", "Côte d’Ivoire", "日本と韓国", "@x", "`x`", "%x", "!tag x",
		"!!str 5", "&a x", "*a", "|", ">", "- x", "? x", "a  ", "a\tb", "https://x.org/a?b=c#d",
		"a]b", "a[b", "{a: b}", "-", "--", "x y z", "UA", "GB", "United Kingdom", "a'b", "a\"b",
		"a ,b", "-x", ":x", "a:", "Brief desk", "a # c", "a #c", "a  # c", "a#c # d", "a # c: d", "\u00a0a", "a\u2028b", "x\x00", "\xffx"}
	randomQuoted = []string{`"x"`, `""`, `"a\"b"`, `"a\\b"`, `"a\/b"`, `"a\tb\r"`, `"\u00e9t\u00E9"`, `"\u0000"`,
		`"\ud83c"`, `"\u12"`, `"\u12g4"`, `"\x41"`, `"\U0001F600"`, `"\e\a"`, `"\ x"`, `"x\"`, `"\\"`, `'a''b'`,
		`''''`, `'a'''`, `'''a'`, `"a" # c`, `'a' #c`, `"a"#c`, `"x"   # c`, `"a\\"b"`, `"a \" b"`, `"a\nb"`, `'x'`, `''`, `'it''s'`, `" x"`, `"x "`,
		`"a # b"`, `'a: b'`, `"unterminated`, `"x" y`, `"x"  `, `"x" # c`, `"Côte"`, `"a\tb"`,
		`'a"b'`, `"a'b"`, `"123"`, `"true"`, `"2023-01-01"`, "\"a\tb\"", `"[a]"`}
	randomFlow = []string{"[a] # c", "[a]# c", `["a\"b", 'c''d']`, `[{name: A, url: "https://a.org/"}]`,
		"[{name: A, url: https://a.org/}]", "{a: b}", "{a: b, a: c}", "{}", "[{}]", "{a: [b, c]}", "{a: {b: c}}",
		"[{a: b}, {c: d}]", "{a: b,}", "{a b}", "{ a: b }", "{a: b} # c", "{a:b}", "{a: b c, d: 1}", "[[a], [b, c]]",
		"{a: [[[[x]]]]}", "{true: x}", "{a: 'x', b: \"y\"}", "[a, {b: c}]", "{a: b}x", "[a, b]", "[]", "[ a ]", "[a,b]", "[a, ]", "[a, [b]]", `["a", 'b']`, "[a: b]",
		"[1, 2]", "[true, null]", "[a] x", "[a", "[Côte, GB]", "[UA, GB, United States]", "[ ]",
		"[a , b]", "[a,  b ]", "[\"x y\", z]", "[a # b]", "[x]  ", "[01, 2]", "[-1]", "[a\tb]"}

	// The pieces of usual front matter, drawn most of the time so that many
	// random front matters are wholly plain.
	usualScalars = []string{"Hello world", `"a \"b\" c"`, `'it''s'`, `"caf\u00e9"`, "x # note", "Kyiv's plan", "a, b", "2023-01-01", "2021-11-04T21:43:00Z",
		"https://x.org/a?b=c#d", "UA", "Côte d’Ivoire", "true", "123", `"x"`, `"a # b"`, `'a: b'`,
		`"Côte"`, "[a, b]", "[]", "[UA, GB, United States]", `["a", 'b']`, "[1, 2]", "x y z",
		`[{name: Reuters, url: "https://www.reuters.com/"}, {name: AP, url: "https://apnews.com/"}]`}
	usualKeys = []string{"title", "date", "countries", "sources", "summary", "tags", "name", "url"}
)

func randomScalar(rng *rand.Rand) string {
	if rng.IntN(10) < 7 {
		return usualScalars[rng.IntN(len(usualScalars))]
	}
	switch rng.IntN(3) {
	case 0:
		return randomPlain[rng.IntN(len(randomPlain))]
	case 1:
		return randomQuoted[rng.IntN(len(randomQuoted))]
	}
	return randomFlow[rng.IntN(len(randomFlow))]
}

func randomFrontMatter(rng *rand.Rand) []byte {
	var b bytes.Buffer
	indent := func(usual int) string {
		if rng.IntN(25) == 0 {
			return strings.Repeat(" ", rng.IntN(5))
		}
		return strings.Repeat(" ", usual)
	}
	sep := func() string {
		if rng.IntN(10) < 8 {
			return ": "
		}
		return []string{":  ", ":", " : ", ":\t"}[rng.IntN(4)]
	}
	// more sometimes continues the line just written on lines below, as
	// tools that wrap long text write it.
	more := func() string {
		if rng.IntN(4) != 0 {
			return ""
		}
		var b strings.Builder
		for range 1 + rng.IntN(3) {
			if rng.IntN(4) == 0 {
				b.WriteString([]string{"\n", "# c\n", "  # c\n"}[rng.IntN(3)])
			}
			b.WriteString(strings.Repeat(" ", []int{0, 1, 2, 2, 2, 4, 4, 6}[rng.IntN(8)]))
			if rng.IntN(2) == 0 {
				b.WriteString([]string{"more words", "and more", "Côte d’Ivoire", "x"}[rng.IntN(4)])
			} else {
				b.WriteString([]string{"a: b", "a #b", "- x", "trailing ", "#x", "123", "true", "[a]", `"q"`, "a:"}[rng.IntN(10)])
			}
			b.WriteString("\n")
		}
		return b.String()
	}
	randomKey := func() string {
		if rng.IntN(10) < 8 {
			return usualKeys[rng.IntN(len(usualKeys))]
		}
		return randomKeys[rng.IntN(len(randomKeys))]
	}
	for range 1 + rng.IntN(6) {
		key := randomKey()
		switch rng.IntN(16) {
		case 0, 1, 2: // a block list
			b.WriteString(indent(0) + key + ":\n")
			in := []int{0, 2, 2, 2, 4}[rng.IntN(5)]
			for range rng.IntN(4) {
				if rng.IntN(8) == 0 {
					b.WriteString([]string{"", "# c", "  # c", "    # c", " "}[rng.IntN(5)] + "\n")
				}
				if rng.IntN(2) == 0 {
					b.WriteString(indent(in) + "- " + randomScalar(rng) + "\n" + more())
					continue
				}
				b.WriteString(indent(in) + "- " + randomKey() + sep() + randomScalar(rng) + "\n" + more())
				for range rng.IntN(3) {
					b.WriteString(indent(in+2) + randomKey() + sep() + randomScalar(rng) + "\n" + more())
				}
			}
		case 3:
			b.WriteString([]string{"", "# a comment", "---", "...", "  ", "\t", "key: |\n  text", "  continued", "  # indented comment", "#"}[rng.IntN(10)] + "\n")
		default:
			b.WriteString(indent(0) + key + sep() + randomScalar(rng) + "\n" + more())
		}
	}
	src := b.Bytes()
	if rng.IntN(5) == 0 {
		src = bytes.TrimSuffix(src, []byte("\n"))
	}
	return src
}

// FuzzSimpleYAML compares the hand reader with the library on any input.
func FuzzSimpleYAML(f *testing.F) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		f.Add(randomFrontMatter(rng))
	}
	f.Add([]byte("title: \"x\"\ncountries: [UA, GB]\nsources:\n  - name: A\n    url: https://a.org/\n"))
	f.Add([]byte("summary: long text\n  wrapped over\n  lines\nsources:\n- name: A\n    more\n  url: x\n- b\n  c\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		sameAsLibrary(t, src, 2)
	})
}

// TestSimpleYAMLTakesCommonVariants lists front matter written in ways
// authors and other tools commonly write it, which the hand reader must
// take (and read as the library does), so that they stay fast.
func TestSimpleYAMLTakesCommonVariants(t *testing.T) {
	for _, src := range []string{
		"title: Plain title, with a comma\ndate: 2024-05-01\ncountries: [Ukraine, Poland]\n",
		"# Written by hand\ntitle: \"Quoted \\\"inner\\\" words\" # a note\n\ncountries:\n  - UA\n\n  - PL\n",
		"title: 'It''s here'\nsummary: \"caf\\u00e9 \\/ tab\\tend\"\ncountries: [\"UA\", 'PL']\n",
		"sources:\n- name: Reuters\n  url: https://www.reuters.com/\n# between items\n- name: AP\n  url: \"https://apnews.com/\"\n",
		"draft: true\nweight: 3\ntags: []\nauthor: Brief desk  # who\n",
		"sources: [{name: Reuters, url: \"https://www.reuters.com/\"}, {name: AP, url: 'https://apnews.com/'}]\n",
		// yaml.v3's output: lists indented by four.
		"title: 'Talks: a first round'\ncountries:\n    - IL\n    - GB\nsources:\n    - name: The White House\n      url: https://www.whitehouse.gov/\n",
		// PyYAML's default output: sorted keys, lists at the key's
		// indentation, long text wrapped at 80 columns, dates quoted.
		"countries:\n- UA\n- GB\ndate: '2021-11-04T21:43:00+00:00'\nsources:\n- name: The White House\n  url: https://www.whitehouse.gov/\n" +
			"summary: South from approved declaration legal many talks intelligence stated military\n  partnership defence approved stated intelligence south first declaration economy\n  government.\n" +
			"title: Financial of third confirmed by military\n",
	} {
		if !sameAsLibrary(t, []byte(src), 2) {
			t.Errorf("the simple reader passed on:\n%s", src)
		}
	}
}

// TestSimpleYAMLOnWrappedText compares the two readers on long plain text
// wrapped over several lines, at the top level and inside list items, with
// the indentations, blank lines and comments that may surround it.
func TestSimpleYAMLOnWrappedText(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	words := []string{"words", "more text", "Côte d’Ivoire", "x", "a-b", "a,b", "a:b", "end."}
	wrapped := func(owner int) string {
		var b strings.Builder
		b.WriteString("first line")
		for range 1 + rng.IntN(3) {
			switch rng.IntN(40) {
			case 0:
				b.WriteString("\n")
			case 1:
				b.WriteString("\n" + strings.Repeat(" ", owner) + "# c")
			}
			b.WriteString("\n" + strings.Repeat(" ", max(0, owner+[]int{-1, 0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 4}[rng.IntN(20)])))
			b.WriteString(words[rng.IntN(len(words))])
		}
		return b.String() + "\n"
	}
	taken := 0
	n := 5000
	for range n {
		var b strings.Builder
		b.WriteString("title: " + wrapped(0))
		b.WriteString("sources:\n")
		in := []int{0, 2}[rng.IntN(2)]
		b.WriteString(strings.Repeat(" ", in) + "- name: " + wrapped(in+2))
		b.WriteString(strings.Repeat(" ", in+2) + "url: https://x.org/\n")
		b.WriteString(strings.Repeat(" ", in) + "- " + wrapped(in))
		b.WriteString("summary: " + wrapped(0))
		if sameAsLibrary(t, []byte(b.String()), 2) {
			taken++
		}
	}
	if taken < n/10 {
		t.Fatalf("simple reader took %d of %d wrapped front matters", taken, n)
	}
	t.Logf("simple reader took %d of %d wrapped front matters", taken, n)
}
