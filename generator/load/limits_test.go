package load

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// briefingProblems loads src as content/briefings/x.md and returns its
// problem lines, the path shortened to x.md.
func briefingProblems(t *testing.T, src string) []string {
	t.Helper()
	_, probs := Load(siteFS(map[string]string{"content/briefings/x.md": src}), Options{Now: testNow})
	got := problemLines(probs)
	for i := range got {
		got[i] = strings.TrimPrefix(got[i], "content/briefings/")
	}
	return got
}

func checkProblems(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// yamlWith is a valid briefing in YAML whose line 7 (after summary) is extra.
func yamlWith(extra string) string {
	return "---\ntitle: T\ndate: 2023-08-02\ncountries: [UA]\nsources: [Reuters]\nsummary: S\n" + extra + "---\nBody\n"
}

// tomlWith is a valid briefing in TOML whose line 6 (after summary) is extra.
func tomlWith(extra string) string {
	return "+++\ntitle = \"T\"\ndate = 2023-08-02\ncountries = [\"UA\"]\nsummary = \"S\"\n" + extra + "+++\nBody\n"
}

// list writes n items made by item as a flow list: [a, b, c].
func list(n int, item func(i int) string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = item(i)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func TestBudgets(t *testing.T) {
	tag := func(i int) string { return fmt.Sprintf("t%d", i) }
	quoted := func(i int) string { return fmt.Sprintf("%q", tag(i)) }
	ua := func(int) string { return "UA" }
	src := func(int) string { return "Reuters" }
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"50 tags", yamlWith("tags: " + list(50, tag) + "\n"), nil},
		{"51 tags", yamlWith("tags: " + list(51, tag) + "\n"), []string{
			"x.md:7:7: error: 51 tags; at most 50 are allowed (keep the topics readers follow; every tag gets a page and a feed)"}},
		{"20,000 tags, reported once", yamlWith("tags: " + list(20000, func(int) string { return "t" }) + "\n"), []string{
			"x.md:7:7: error: 20,000 tags; at most 50 are allowed (keep the topics readers follow; every tag gets a page and a feed)"}},
		{"51 tags in TOML", tomlWith("tags = " + list(51, quoted) + "\nsources = [\"R\"]\n"), []string{
			"x.md:6:8: error: 51 tags; at most 50 are allowed (keep the topics readers follow; every tag gets a page and a feed)"}},
		{"61 countries", strings.Replace(yamlWith(""), "countries: [UA]", "countries: "+list(61, ua), 1), []string{
			"x.md:4:12: error: 61 countries; at most 60 are allowed (list the countries the briefing is about; put a group of them (EU, NATO) in tags)"}},
		{"101 sources", strings.Replace(yamlWith(""), "sources: [Reuters]", "sources: "+list(101, src), 1), []string{
			"x.md:5:10: error: 101 sources; at most 100 are allowed (cite the sources the briefing relies on)"}},
		{"101 sources in TOML", tomlWith(strings.Repeat("[[sources]]\nname = \"R\"\n", 101)), []string{
			"x.md:6:3: error: 101 sources; at most 100 are allowed (cite the sources the briefing relies on)"}},
		{"title of 300 characters", strings.Replace(yamlWith(""), "title: T", "title: "+strings.Repeat("é", 300), 1), nil},
		{"title of 301 characters", strings.Replace(yamlWith(""), "title: T", "title: "+strings.Repeat("é", 301), 1), []string{
			"x.md:2:8: error: title is 301 characters long; at most 300 are allowed (shorten it to a headline of at most 300 characters)"}},
		{"summary of 2,001 characters", strings.Replace(yamlWith(""), "summary: S", "summary: "+strings.Repeat("s", 2001), 1), []string{
			"x.md:6:10: error: summary is 2,001 characters long; at most 2,000 are allowed (keep it to a few sentences, at most 2,000 characters; the body holds the rest)"}},
		{"tag of 101 characters", yamlWith("tags: [ok, " + strings.Repeat("t", 101) + "]\n"), []string{
			"x.md:7:12: error: a tag is 101 characters long; at most 100 are allowed (a tag is a topic of a few words, at most 100 characters)"}},
		{"tag whose address is too long", yamlWith("tags: [" + strings.Repeat("щ", 30) + "а]\n"), []string{
			`x.md:7:8: error: tag "` + strings.Repeat("щ", 30) + `а" makes an address of 121 characters; at most 120 are allowed (shorten the tag; written in Latin letters, its address may take 120 characters)`}},
		{"tag whose address fits", yamlWith("tags: [" + strings.Repeat("щ", 30) + "]\n"), nil},
		{"author of 201 characters", yamlWith("author: " + strings.Repeat("a", 201) + "\n"), []string{
			"x.md:7:9: error: author is 201 characters long; at most 200 are allowed (shorten it to at most 200 characters)"}},
		{"source name of 201 characters", strings.Replace(yamlWith(""), "sources: [Reuters]", "sources: ["+strings.Repeat("r", 201)+"]", 1), []string{
			"x.md:5:11: error: a source name is 201 characters long; at most 200 are allowed (shorten it to at most 200 characters)"}},
		{"source title of 501 characters", strings.Replace(yamlWith(""), "sources: [Reuters]", "sources: [{name: R, title: "+strings.Repeat("r", 501)+"}]", 1), []string{
			"x.md:5:28: error: source title is 501 characters long; at most 500 are allowed (shorten it to at most 500 characters)"}},
		{"source url of 2,001 bytes", strings.Replace(yamlWith(""), "sources: [Reuters]", "sources: [{name: R, url: https://x.org/"+strings.Repeat("a", 2001-len("https://x.org/"))+"}]", 1), []string{
			"x.md:5:26: error: source url is 2,001 characters long; at most 2,000 are allowed (link the article's own address, at most 2,000 characters; tracking parameters can go)"}},
		{"source url of 2,001 bytes in fewer characters", strings.Replace(yamlWith(""), "sources: [Reuters]", "sources: [{name: R, url: https://x.org/"+strings.Repeat("é", 1000)+"}]", 1), []string{
			"x.md:5:26: error: source url: URL is 2,014 bytes long; at most 2,000 are allowed (use an absolute address starting with https:// or http://)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, briefingProblems(t, tt.src), tt.want)
		})
	}
}

// TestShapeBudgets: front matter too large, too long or nested too deep is
// refused where it passes the budget, before a parser runs; brackets in
// quoted text, comments and block text do not count.
func TestShapeBudgets(t *testing.T) {
	const nestHint = " (close the lists and sets of fields opened before; front matter needs three levels at most, as in sources: [{name: …}])"
	deepBlock := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "%sk%d:\n", strings.Repeat(" ", i), i)
		}
		return b.String()
	}
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"fields over 64 KB", yamlWith("author: " + strings.Repeat("a", 64<<10) + "\n"), []string{
			"x.md:7:65465: error: the fields take 64.1 KB; at most 64 KB are allowed (fields are short; long text goes in the Markdown body)"}},
		{"2,001 lines of fields", yamlWith(strings.Repeat("# note\n", 1996)), []string{
			"x.md:2002:1: error: the fields take 2,001 lines; at most 2,000 are allowed (fields are short; long text goes in the Markdown body)"}},
		{"2,000 lines of fields", yamlWith(strings.Repeat("# note\n", 1995)), nil},
		{"YAML flow, 19 levels in a field", yamlWith("tags: " + strings.Repeat("[", 19) + strings.Repeat("]", 19) + "\n"), []string{
			"x.md:7:8: error: a tag must be text, not a list (write it as text, in quotes if it contains a colon)"}},
		{"YAML flow, 40,000 levels", yamlWith("tags: " + strings.Repeat("[", 40000) + "\n"), []string{
			"x.md:7:26: error: lists and sets of fields nest deeper than 20 levels" + nestHint}},
		{"YAML flow over lines", yamlWith("tags:\n" + strings.Repeat("  {a:\n", 30)), []string{
			"x.md:26:3: error: lists and sets of fields nest deeper than 20 levels" + nestHint}},
		{"YAML block indentation", yamlWith(deepBlock(30)), []string{
			"x.md:27:21: error: lists and sets of fields nest deeper than 20 levels" + nestHint}},
		{"YAML sequence indicators", yamlWith("tags:\n  " + strings.Repeat("- ", 30) + "x\n"), []string{
			"x.md:8:41: error: lists and sets of fields nest deeper than 20 levels" + nestHint}},
		{"YAML after a tag and an anchor", yamlWith("tags: !!seq &a " + strings.Repeat("[", 30) + "\n"), []string{
			"x.md:7:35: error: lists and sets of fields nest deeper than 20 levels" + nestHint}},
		{"TOML arrays", tomlWith("sources = [\"R\"]\ntags = " + strings.Repeat("[", 40000) + "\n"), []string{
			"x.md:7:28: error: lists and sets of fields nest deeper than 20 levels" + nestHint}},
		{"TOML inline tables", tomlWith("sources = [\"R\"]\ntags = " + strings.Repeat("{a = ", 30) + "\n"), []string{
			"x.md:7:108: error: lists and sets of fields nest deeper than 20 levels" + nestHint}},
		{"TOML dotted key", tomlWith("sources = [\"R\"]\n" + strings.Repeat("a.", 30) + "b = 1\n"), []string{
			"x.md:7:41: error: a dotted key has more than 20 parts (front matter needs three levels at most)"}},
		// Not nesting: brackets in text.
		{"YAML brackets in text", strings.Replace(yamlWith("author: 'Côte d''Ivoire "+strings.Repeat("[", 30)+"'\n# "+strings.Repeat("{", 30)+"\n"),
			"title: T", "title: see "+strings.Repeat("[", 30)+" d'Ivoire \""+strings.Repeat("[", 30), 1), nil},
		{"YAML brackets in a block scalar", strings.Replace(yamlWith(""), "summary: S", "summary: |\n"+strings.ReplaceAll(deepBlock(30), "k", "  k")+"  "+strings.Repeat("[", 30), 1), nil},
		{"TOML brackets in text", tomlWith("sources = [\"R\"] # " + strings.Repeat("[", 30) + "\nauthor = '''" + strings.Repeat("[", 30) + "\n''' \ntags = [\"x\\\"" + strings.Repeat("[", 30) + "\", 'y" + strings.Repeat("{", 30) + "']\n"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, briefingProblems(t, tt.src), tt.want)
		})
	}
}

// TestShapeBudgetsOfSettings: site.yaml goes through the same scan.
func TestShapeBudgetsOfSettings(t *testing.T) {
	fsys := siteFS(map[string]string{
		"site.yaml":              goodConfig + "markdown: " + strings.Repeat("{a: ", 30) + "\n",
		"content/briefings/a.md": briefingWith(""),
	})
	_, probs := Load(fsys, Options{Now: testNow})
	want := "site.yaml:3:87: error: lists and sets of fields nest deeper than 20 levels (close the lists and sets of fields opened before; front matter needs three levels at most, as in sources: [{name: …}])"
	checkProblems(t, problemLines(probs), []string{want})
}

// TestTOMLPositions: every value is reported where it is written, arrays
// included (the parser gives them no place of their own).
func TestTOMLPositions(t *testing.T) {
	tests := []struct {
		name  string
		extra string
		want  []string
	}{
		{"empty array", "sources = []\n", []string{
			"x.md:6:11: error: sources is empty (add at least one source, e.g. sources: [{name: Reuters, url: \"https://www.reuters.com/\"}])"}},
		{"array in an array", "sources = [\"R\"]\ntags = [ [1], \"a\" ]\n", []string{
			"x.md:7:10: error: a tag must be text, not a list (write it as text, in quotes if it contains a colon)"}},
		{"array after other items and a comment", "sources = [\"R\"]\ntags = [\n  \"a\", # a [ in a comment\n  \"Україна\", { x = 1 },\n  [ ]\n]\n", []string{
			"x.md:9:14: error: a tag must be text, not a set of fields (write it as text, in quotes if it contains a colon)",
			"x.md:10:3: error: a tag must be text, not a list (write it as text, in quotes if it contains a colon)"}},
		{"array in an inline table", "sources = [{ name = \"R\", url = [\"https://x.org/\"] }]\n", []string{
			"x.md:6:32: error: source url must be text, not a list (write it as text, in quotes if it contains a colon)"}},
		{"array under an array of tables", "[[sources]]\nname = \"R\"\nurl =   [ ]\n", []string{
			"x.md:8:9: error: source url must be text, not a list (write it as text, in quotes if it contains a colon)"}},
		{"quoted and dotted key", "sources = [\"R\"]\n\"author\" =[1]\n", []string{
			"x.md:7:11: error: author must be text, not a list (write it as text, in quotes if it contains a colon)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, briefingProblems(t, tomlWith(tt.extra)), tt.want)
		})
	}
}

// TestTOMLPositionsAreLinear reads 40,000-item arrays, on one line and on
// as many lines, past the budgets that would stop them in a load, and
// checks the places found and that finding them walked each byte a bounded
// number of times, where counting from the start of the text each time
// walked it once per value.
func TestTOMLPositionsAreLinear(t *testing.T) {
	const n = 40000
	for _, sep := range []string{", ", ",\n"} {
		src := []byte("tags = [" + strings.Repeat(`"é"`+sep, n-1) + "\"last\"]\nafter = []\n")
		r := newTOMLReader(src, 2)
		root, err := r.read()
		if err != nil {
			t.Fatal(err)
		}
		tags := root.get("tags").val.items
		last := tags[len(tags)-1]
		for _, v := range []*value{tags[0], tags[1], last, root.get("after").val} {
			off := len("tags = [")
			if v.kind == kindList {
				off = strings.Index(string(src), "after = ") + len("after = ")
			} else if v == last {
				off = strings.Index(string(src), `"last"`)
			} else if v == tags[1] {
				off = len("tags = [") + len(`"é"`+sep)
			}
			line, col := lineCol(src, off)
			if v.line != line+1 || v.col != col {
				t.Errorf("separator %q: %q at %d:%d, want %d:%d", sep, v.text, v.line, v.col, line+1, col)
			}
		}
		if r.lines.walked > 2*len(src) {
			t.Errorf("separator %q: positions walked %d bytes of a %d-byte text", sep, r.lines.walked, len(src))
		}
	}
}

// TestManyKeys: keys are looked up through an index, so that thousands of
// them (read from TOML, past the budgets that stop them in a load) take
// time in proportion.
func TestManyKeys(t *testing.T) {
	var b strings.Builder
	for i := range 100000 {
		fmt.Fprintf(&b, "k%d = 1\n", i)
	}
	b.WriteString("k5 = 2\n")
	start := time.Now()
	_, err := newTOMLReader([]byte(b.String()), 2).read()
	if err == nil || err.Error() != `field "k5" is set twice (first on line 7)` {
		t.Errorf("err = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("100,000 keys took %v", d)
	}
}

func TestTextHygiene(t *testing.T) {
	const (
		ctlHint  = " (remove it; control characters do not show in text and garble terminals and feeds)"
		bidiHint = " (remove it; it makes text display in another order than it is written)"
	)
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"ESC in a title", strings.Replace(yamlWith(""), "title: T", `title: "Red \e[31m"`, 1), []string{
			"x.md:2:8: error: title: control character U+001B (character 5) is not allowed" + ctlHint}},
		{"BEL in a tag", yamlWith("tags: [\"ok\", \"a\\a\"]\n"), []string{
			"x.md:7:14: error: a tag: control character U+0007 (character 2) is not allowed" + ctlHint}},
		{"DEL in an author", yamlWith("author: \"a\\x7f\"\n"), []string{
			"x.md:7:9: error: author: control character U+007F (character 2) is not allowed" + ctlHint}},
		{"C1 in a source name", strings.Replace(yamlWith(""), "sources: [Reuters]", "sources: [\"Reu\\u0085ters\"]", 1), []string{
			"x.md:5:11: error: a source name: control character U+0085 (character 4) is not allowed" + ctlHint}},
		{"line separator in a summary", strings.Replace(yamlWith(""), "summary: S", "summary: \"a\u2028b\"", 1), []string{
			"x.md:6:10: error: summary: control character U+2028 (character 2) is not allowed" + ctlHint}},
		{"bidi override in a title", strings.Replace(yamlWith(""), "title: T", "title: abc\u202egpj.exe", 1), []string{
			"x.md:2:8: error: title: bidirectional control U+202E (character 4) is not allowed" + bidiHint}},
		{"bidi isolate in a source title", strings.Replace(yamlWith(""), "sources: [Reuters]", "sources: [{name: R, title: \"\u2066x\u2069\"}]", 1), []string{
			"x.md:5:28: error: source title: bidirectional control U+2066 (character 1) is not allowed" + bidiHint}},
		{"bidi override in TOML", strings.Replace(tomlWith("sources = [\"R\"]\n"), `title = "T"`, `title = "\u202Ex"`, 1), []string{
			"x.md:2:9: error: title: bidirectional control U+202E (character 1) is not allowed" + bidiHint}},
		{"line break in a title", strings.Replace(yamlWith(""), "title: T", `title: "one\ntwo"`, 1), []string{
			"x.md:2:8: error: title: line break (character 4) is not allowed (write the title on one line)"}},
		{"line breaks in a summary and tab in a title", strings.Replace(strings.Replace(yamlWith(""), "summary: S", "summary: |\n  one\n  two\n", 1), "title: T", "title: \"a\\tb\"", 1), nil},
		{"block scalar title ends with a line break", strings.Replace(yamlWith(""), "title: T", "title: |\n  T\n", 1), nil},
		{"right-to-left text", strings.Replace(yamlWith("tags: [עברית, العربية]\n"), "title: T", "title: שלום עולם", 1), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, briefingProblems(t, tt.src), tt.want)
		})
	}
}

func TestInvisibleCharactersInTags(t *testing.T) {
	s, probs := Load(siteFS(map[string]string{
		"content/briefings/x.md": yamlWith("tags: [\"Na\u200bto\", Nato, \"\ufeffG7\"]\n"),
	}), Options{Now: testNow})
	checkProblems(t, problemLines(probs), []string{
		`content/briefings/x.md:7:8: warning: tag "Na\u200bto" holds invisible characters; they were removed (delete them; invisible characters make tags that look alike but differ)`,
		`content/briefings/x.md:7:23: warning: tag "\ufeffG7" holds invisible characters; they were removed (delete them; invisible characters make tags that look alike but differ)`,
	})
	if tags := s.Briefings[0].Tags; len(tags) != 2 || tags[0].Name != "Nato" || tags[0].Key != "nato" || tags[1].Name != "G7" {
		t.Errorf("tags = %+v, want Nato and G7", tags)
	}
}

func TestCheckBaseURL(t *testing.T) {
	tests := []struct{ url, err string }{
		{"https://briefings.example.org/", ""},
		{"https://example.org", ""},
		{"http://localhost:1313/", ""},
		{"https://example.org/briefs/", ""},
		{"https://example.org/a%20b/", ""},
		{"https://user:secret@example.org/", `address "https://user:secret@example.org/" holds a user name or password; they would be published in every link`},
		{"https://user@example.org/", `address "https://user@example.org/" holds a user name or password; they would be published in every link`},
		{"https://example.org/?utm=x", `address "https://example.org/?utm=x" has a query (?…); it would break every link made from it`},
		{"https://example.org/?", `address "https://example.org/?" has a query (?…); it would break every link made from it`},
		{"https://example.org/#top", `address "https://example.org/#top" has a fragment (#…); it would break every link made from it`},
		{"https://example.org/#", `address "https://example.org/#" has a fragment (#…); it would break every link made from it`},
		{"https://example.org:/", `address "https://example.org:/" has an empty port`},
		{"https://example.org:0/", `address "https://example.org:0/" has port 0; a port is 1 to 65535`},
		{"https://example.org:70000/", `address "https://example.org:70000/" has port 70000; a port is 1 to 65535`},
		{"https://example.org/a/../b/", `address "https://example.org/a/../b/" has a path with empty, . or .. parts`},
		{"https://example.org//a/", `address "https://example.org//a/" has a path with empty, . or .. parts`},
		{"https://example.org/./", `address "https://example.org/./" has a path with empty, . or .. parts`},
		{"ftp://example.org/", `URL scheme "ftp" is not allowed in "ftp://example.org/"`},
		{"/briefs/", `URL "/briefs/" has no scheme`},
	}
	for _, tt := range tests {
		err := CheckBaseURL(tt.url)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.err {
			t.Errorf("CheckBaseURL(%q) = %q, want %q", tt.url, got, tt.err)
		}
	}
}

func TestSettingsHygiene(t *testing.T) {
	tests := []struct {
		name   string
		config string
		want   []string
	}{
		{"credentials in base_url", "title: T\nbase_url: https://me:pw@example.org/\n", []string{
			`site.yaml:2:11: error: base_url: address "https://me:pw@example.org/" holds a user name or password; they would be published in every link (` + baseURLHint + `)`}},
		{"fragment in base_url", "title: T\nbase_url: \"https://example.org/#x\"\n", []string{
			`site.yaml:2:11: error: base_url: address "https://example.org/#x" has a fragment (#…); it would break every link made from it (` + baseURLHint + `)`}},
		{"ESC in the title", "title: \"\\e]0;x\\a\"\nbase_url: https://example.org/\n", []string{
			`site.yaml:1:8: error: title: control character U+001B (character 1) is not allowed (remove it; control characters do not show in text and garble terminals and feeds)`}},
		{"keep", "title: T\nbase_url: https://example.org/\nkeep: [CNAME, .nojekyll, .git, .well-known/, docs/a.txt, CNAME]\n", []string{
			`site.yaml:3:58: warning: keep: "CNAME" is listed twice (remove the repetition)`}},
		{"keep outside the output", "title: T\nbase_url: https://example.org/\nkeep:\n  - /etc\n  - ../x\n  - a/../../b\n  - ''\n  - .\n  - a//b\n  - ./a\n  - 'a\\b'\n  - [x]\n", []string{
			`site.yaml:4:5: error: keep: "/etc" is absolute; paths are relative to the output folder (write a path inside the output folder, e.g. CNAME, .nojekyll or .well-known/)`,
			`site.yaml:5:5: error: keep: "../x" leads out of the output folder with .. (write a path inside the output folder, e.g. CNAME, .nojekyll or .well-known/)`,
			`site.yaml:6:5: error: keep: "a/../../b" leads out of the output folder with .. (write a path inside the output folder, e.g. CNAME, .nojekyll or .well-known/)`,
			`site.yaml:7:5: error: keep entry is empty (write the keep entry between the quotes)`,
			`site.yaml:8:5: error: keep: "." names the whole output folder (write a path inside the output folder, e.g. CNAME, .nojekyll or .well-known/)`,
			`site.yaml:9:5: error: keep: "a//b" is not a clean path (empty or . parts) (write a path inside the output folder, e.g. CNAME, .nojekyll or .well-known/)`,
			`site.yaml:10:5: error: keep: "./a" is not a clean path (empty or . parts) (write a path inside the output folder, e.g. CNAME, .nojekyll or .well-known/)`,
			`site.yaml:11:5: error: keep: "a\\b" holds a backslash; separate folders with / (write a path inside the output folder, e.g. CNAME, .nojekyll or .well-known/)`,
			`site.yaml:12:5: error: keep entry must be text, not a list (write it as text, in quotes if it contains a colon)`}},
		{"keep, too many", "title: T\nbase_url: https://example.org/\nkeep: " + list(101, func(i int) string { return fmt.Sprint("f", i) }) + "\n", []string{
			`site.yaml:3:7: error: 101 paths to keep; at most 100 are allowed (list folders rather than every file in them)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := Load(siteFS(map[string]string{"site.yaml": tt.config, "content/briefings/a.md": briefingWith("")}), Options{Now: testNow})
			checkProblems(t, problemLines(probs), tt.want)
		})
	}
}

func TestKeep(t *testing.T) {
	s, probs := Load(siteFS(map[string]string{
		"site.yaml":              goodConfig + "keep: [CNAME, .nojekyll, .git, .well-known/, docs/old/]\n",
		"content/briefings/a.md": briefingWith(""),
	}), Options{Now: testNow})
	checkProblems(t, problemLines(probs), nil)
	if got := strings.Join(s.Config.Keep, ","); got != "CNAME,.nojekyll,.git,.well-known,docs/old" {
		t.Errorf("Keep = %q", s.Config.Keep)
	}
	s, _ = Load(siteFS(map[string]string{
		"site.yaml":              goodConfig + "keep: CNAME\n",
		"content/briefings/a.md": briefingWith(""),
	}), Options{Now: testNow})
	if len(s.Config.Keep) != 1 || s.Config.Keep[0] != "CNAME" {
		t.Errorf("keep: CNAME gives %q", s.Config.Keep)
	}
}

func TestCount(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {48000, "48,000"}, {1234567, "1,234,567"}, {-1500, "-1,500"}} {
		if got := count(tt.n); got != tt.want {
			t.Errorf("count(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	for _, tt := range []struct {
		n    int64
		want string
	}{{512, "512 bytes"}, {64 << 10, "64 KB"}, {64<<10 + 1, "64.1 KB"}, {1 << 20, "1 MB"}, {1<<20 + 1, "1.1 MB"}, {5 << 30, "5,120 MB"}} {
		if got := sizeText(tt.n); got != tt.want {
			t.Errorf("sizeText(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
