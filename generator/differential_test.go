package generator

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"brief/generator/output"
	"brief/static"
	"brief/templates"
)

var (
	diffSteps = flag.Int("diff.steps", 0, "TestDifferentialCaches: edits in each sequence (default 35, 10 with -short)")
	diffSeed  = flag.Uint64("diff.seed", 0, "TestDifferentialCaches: replay this seed only (default: seeds 1 and 2 and a random one)")
)

// diffNow lies after every date the test writes, so that no briefing is
// left out as dated in the future.
var diffNow = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// TestDifferentialCaches edits a generated site at random, one edit a step,
// and after every step compares, byte for byte and file for file, three
// ways of building it: the dev server's incremental rebuild (a Session told
// exactly which paths changed), a build that reuses the build cache on disk
// from the previous step, and a build from scratch. The first two must equal
// the third. An edit that makes the site invalid must make all three fail;
// the next step then repairs it.
//
// Each sequence is named by its seed and per_page; a failure prints both
// and the command that replays it. -diff.steps=N runs longer sequences and
// -diff.seed=S replays one.
func TestDifferentialCaches(t *testing.T) {
	steps := 35
	if testing.Short() {
		steps = 10
	}
	if *diffSteps > 0 {
		steps = *diffSteps
	}
	seeds := []uint64{1, 2, rand.Uint64()>>34 + 3}
	if *diffSeed != 0 {
		seeds = []uint64{*diffSeed}
	}
	t.Logf("seeds %v, %d steps each, per_page 1 and 3", seeds, steps)
	for _, perPage := range []int{1, 3} {
		t.Run(fmt.Sprintf("per_page=%d", perPage), func(t *testing.T) {
			for _, seed := range seeds {
				t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
					t.Parallel() // most of a step is waiting for the file system
					// per_page=3 shows the drafts, labelled, as brief
					// serve does; per_page=1 leaves them out, as brief
					// build does.
					runDifferential(t, seed, perPage, perPage == 3, steps)
				})
			}
		})
	}
}

// runDifferential runs one sequence of edits.
func runDifferential(t *testing.T, seed uint64, perPage int, drafts bool, steps int) {
	t.Logf("seed %d, per_page %d, drafts shown %v, %d steps", seed, perPage, drafts, steps)
	rng := rand.New(rand.NewPCG(seed, uint64(perPage)))
	src := t.TempDir()
	work := t.TempDir()
	cachedOut := filepath.Join(work, "cached", "public")
	site := newDiffSite(rng, perPage)
	var onDisk map[string]string
	var history []string
	var lastGood diffTree // the cached output after the last build that succeeded
	session := NewSession(BuildOptions{Src: src, Drafts: drafts})

	for step := 0; step <= steps; step++ {
		desc := "the initial site"
		switch {
		case step == 1:
			// Every sequence moves a briefing to another year first:
			// the archive is cut into years, and this edit changes the
			// pages of two years and the list of years at once.
			desc = site.moveYear(rng)
		case step > 0:
			desc = site.edit(rng)
		}
		files := site.files()
		changed := writeDiffSite(t, src, onDisk, files)
		onDisk = files
		if step == 0 {
			changed = nil // the first rebuild reads everything
		}
		history = append(history, fmt.Sprintf("%3d. %s %v", step, desc, changed))
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("seed %d, per_page %d, step %d (%s): %s\nreplay: go test ./generator -run 'TestDifferentialCaches/per_page=%d/' -diff.seed=%d -diff.steps=%d\nedits so far (changed paths in brackets):\n%s",
				seed, perPage, step, desc, fmt.Sprintf(format, args...), perPage, seed, step, strings.Join(history, "\n"))
		}
		wantValid := site.broken == nil

		// (a) the dev server's rebuild, (b) a build reusing the disk
		// cache, (c) a build from scratch.
		snap := session.Rebuild(changed, diffNow)
		cachedRes, cachedErr := Build(BuildOptions{Src: src, Out: cachedOut, Now: diffNow, Drafts: drafts})
		freshOut := filepath.Join(work, fmt.Sprintf("fresh%d", step), "public")
		freshRes, freshErr := Build(BuildOptions{Src: src, Out: freshOut, Now: diffNow, NoCache: true, Drafts: drafts})

		sessionOK, cachedOK, freshOK := snap.Files != nil, cachedErr == nil, freshErr == nil
		if sessionOK != freshOK || cachedOK != freshOK {
			fail("the three builds disagree on whether the site is valid:\n  session rebuild ok=%v: %v\n  cached build ok=%v: %v %v\n  build from scratch ok=%v: %v %v",
				sessionOK, snap.Problems, cachedOK, cachedErr, cachedRes.Problems, freshOK, freshErr, freshRes.Problems)
		}
		if !freshOK {
			if wantValid {
				fail("an edit meant to keep the site valid broke it (a fault of the test's site generator, or of validation): %v %v", freshErr, freshRes.Problems)
			}
			// A failed build leaves the previous output as it was.
			if msg := compareDiffTrees(readDiffTree(t, cachedOut), lastGood, "the output after the failed cached build", "the output before it"); msg != "" {
				fail("a failed build changed its output folder:\n%s", msg)
			}
			if err := os.RemoveAll(filepath.Dir(freshOut)); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if !wantValid {
			fail("an edit meant to make the site invalid was accepted by all three builds; the test's site generator needs another kind of error")
		}

		fresh := readDiffTree(t, freshOut)
		cached := readDiffTree(t, cachedOut)
		var report []string
		if msg := compareDiffTrees(cached, fresh, "the cached build", "the build from scratch"); msg != "" {
			report = append(report, "the build reusing the disk cache differs from a build from scratch:\n"+msg)
		}
		// The session's snapshot is compared with the files of the tree
		// (it has no folders), the marker file included: the session adds
		// it as an output folder has it. Should a snapshot ever leave it
		// out (the marker says who owns a folder, and the dev server
		// writes none), the comparison leaves it out too rather than fail.
		want := diffTree{files: fresh.files}
		got := filesOf(t, snap.Files)
		if _, ok := got[output.Marker]; !ok {
			want.files = maps.Clone(fresh.files)
			delete(want.files, output.Marker)
		}
		if msg := compareDiffTrees(diffTree{files: got}, want, "the session's rebuild", "the build from scratch"); msg != "" {
			report = append(report, "the dev server's incremental rebuild differs from a build from scratch:\n"+msg)
		}
		if msg := storeHoldsSite(session, snap.Files); msg != "" {
			report = append(report, "the dev server's store: "+msg)
		}
		if report != nil {
			fail("%s", strings.Join(report, "\n"))
		}
		lastGood = cached
		if err := os.RemoveAll(filepath.Dir(freshOut)); err != nil {
			t.Fatal(err)
		}
	}
}

// writeDiffSite brings the site folder from the files before to the files
// after and returns the paths that changed, as a watcher would report them.
func writeDiffSite(t *testing.T, dir string, before, after map[string]string) []string {
	t.Helper()
	var changed []string
	for name, data := range after {
		if old, ok := before[name]; ok && old == data {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		changed = append(changed, name)
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
				t.Fatal(err)
			}
			changed = append(changed, name)
		}
	}
	sort.Strings(changed)
	if changed == nil {
		changed = []string{} // nothing changed; nil would mean everything
	}
	return changed
}

// diffTree is what a folder holds: its files, and its folders, so that an
// empty folder left behind is noticed too.
type diffTree struct {
	files map[string][]byte
	dirs  []string
}

// readDiffTree reads every file and folder under dir. Anything but a
// regular file or a folder (a symbolic link) is recorded as a file whose
// content says so.
func readDiffTree(t *testing.T, dir string) diffTree {
	t.Helper()
	tree := diffTree{files: map[string][]byte{}}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			if rel != "." {
				tree.dirs = append(tree.dirs, rel)
			}
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			tree.files[rel] = data
		default:
			tree.files[rel] = []byte(fmt.Sprintf("not a regular file: %v", d.Type()))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// compareDiffTrees describes how got differs from want, or returns "".
func compareDiffTrees(got, want diffTree, gotName, wantName string) string {
	var differ, missing, extra []string
	for name, data := range want.files {
		other, ok := got.files[name]
		switch {
		case !ok:
			missing = append(missing, name)
		case !bytes.Equal(data, other):
			differ = append(differ, name)
		}
	}
	for name := range got.files {
		if _, ok := want.files[name]; !ok {
			extra = append(extra, name)
		}
	}
	var b strings.Builder
	if got.dirs != nil && want.dirs != nil {
		for _, d := range want.dirs {
			if !slices.Contains(got.dirs, d) {
				fmt.Fprintf(&b, "folder %s is missing from %s\n", d, gotName)
			}
		}
		for _, d := range got.dirs {
			if !slices.Contains(want.dirs, d) {
				fmt.Fprintf(&b, "folder %s is in %s only\n", d, gotName)
			}
		}
	}
	if len(differ)+len(missing)+len(extra) == 0 {
		return b.String()
	}
	sort.Strings(differ)
	sort.Strings(missing)
	sort.Strings(extra)
	list := func(names []string) string {
		if len(names) > 8 {
			return strings.Join(names[:8], " ") + fmt.Sprintf(" and %d more", len(names)-8)
		}
		return strings.Join(names, " ")
	}
	if len(differ) > 0 {
		fmt.Fprintf(&b, "%d files differ: %s\n", len(differ), list(differ))
	}
	if len(missing) > 0 {
		fmt.Fprintf(&b, "%d files missing from %s: %s\n", len(missing), gotName, list(missing))
	}
	if len(extra) > 0 {
		fmt.Fprintf(&b, "%d files in %s only: %s\n", len(extra), gotName, list(extra))
	}
	first := slices.Min(slices.Concat(differ, missing, extra))
	fmt.Fprintf(&b, "first differing file: %s\n%s", first,
		diffExcerpt(want.files[first], got.files[first], wantName, gotName))
	return b.String()
}

// diffExcerpt shows the first lines where got and want part, with two lines
// of context before, long lines cut around the first differing byte.
func diffExcerpt(want, got []byte, wantName, gotName string) string {
	if want == nil {
		want = []byte("(no such file)")
	}
	if got == nil {
		got = []byte("(no such file)")
	}
	wl := strings.Split(string(want), "\n")
	gl := strings.Split(string(got), "\n")
	i := 0
	for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
		i++
	}
	col := 0
	if i < len(wl) && i < len(gl) {
		for col < len(wl[i]) && col < len(gl[i]) && wl[i][col] == gl[i][col] {
			col++
		}
	}
	clip := func(s string) string {
		from, to := min(len(s), max(0, col-60)), min(len(s), col+100)
		for from > 0 && from < len(s) && !utf8.RuneStart(s[from]) {
			from--
		}
		for to < len(s) && !utf8.RuneStart(s[to]) {
			to++
		}
		out := s[from:to]
		if from > 0 {
			out = "…" + out
		}
		if to < len(s) {
			out += "…"
		}
		return out
	}
	var b strings.Builder
	fmt.Fprintf(&b, "  line %d; \"-\" is %s, \"+\" is %s:\n", i+1, wantName, gotName)
	for j := max(0, i-2); j < i; j++ {
		fmt.Fprintf(&b, "    %s\n", clip(wl[j]))
	}
	for j := i; j < min(i+3, len(wl)); j++ {
		fmt.Fprintf(&b, "  - %s\n", clip(wl[j]))
	}
	for j := i; j < min(i+3, len(gl)); j++ {
		fmt.Fprintf(&b, "  + %s\n", clip(gl[j]))
	}
	return b.String()
}

// diffCountries are the countries briefings are spread over, each with
// names that all mean it (the first is the English name).
var diffCountries = []struct {
	code  string
	names []string
}{
	{"ua", []string{"Ukraine", "UA", "UKR"}},
	{"gb", []string{"United Kingdom", "UK", "Great Britain", "GB"}},
	{"fr", []string{"France", "FR", "FRA"}},
	{"de", []string{"Germany", "DE", "DEU"}},
	{"us", []string{"United States", "USA", "U.S.", "US"}},
	{"it", []string{"Italy", "IT", "ITA"}},
	{"ci", []string{"Côte d'Ivoire", "Ivory Coast", "CI"}},
	{"tr", []string{"Türkiye", "Turkey", "TR"}},
}

// diffTags are the topics, in one spelling each; briefings use them in
// several cases.
var diffTags = []string{"NATO", "G7", "security guarantees", "sanctions", "EU accession", "grain corridor"}

var diffWords = strings.Fields(`agreement alliance ambassador assistance budget ceasefire coalition
commitment consultation cooperation council declaration defence delegation diplomacy economy embassy
energy envoy export framework funding government guarantee industry infrastructure investment joint
leaders loan meeting minister mission negotiation observers parliament partnership pledge programme
reconstruction reform resilience summit support talks territory trade training treaty vote`)

// diffBriefing is one briefing of the generated site.
type diffBriefing struct {
	file      string // under content/briefings/
	title     string
	date      string // YYYY-MM-DD, YYYY-MM-DDTHH:MM or RFC 3339
	countries []string
	tags      []string
	summary   string // "" leaves the summary out
	slug      string // "" leaves the slug to the file name
	paras     []string
	link      string // a briefing file (under content/briefings/) the body links to, or ""
	toml      bool   // TOML front matter instead of YAML
	scalar    bool   // one-item lists written as a single value
	draft     bool
	story     string // a key of diffSite.stories, or ""
	// corrections are dated in 2026, after every briefing and before
	// diffNow, so that they stay valid whatever the briefing's date.
	corrections []diffCorrection
	aliases     []string // former addresses, /old/N/
}

type diffCorrection struct{ date, text string }

// diffStory is a file of content/stories/.
type diffStory struct {
	title     string
	concluded bool
	intro     string
}

// diffSite is the generated site: every file it writes follows from it.
type diffSite struct {
	title     string
	perPage   int
	feedLimit int
	briefings []*diffBriefing
	intros    map[string]string // country code → intro
	pageTitle string
	pageBody  string
	pageLink  string            // a briefing file the page links to, or ""
	templates map[string]string // overrides, by name under templates/
	static    map[string]string // by name under static/
	extra     map[string]string // further files by site path: editor leftovers, broken files
	stories   map[string]diffStory
	// bundleFiles are the files beside the briefing kept in a folder of
	// its own (diffBundleDir), by name; its body shows those of
	// bundleShows, in order.
	bundleFiles map[string]string
	bundleShows []string
	// broken holds the site as it was before an edit that made it
	// invalid; the next edit restores it.
	broken *diffSite
	n      int // a counter that makes new names and texts unique
	// editions turns on a Ukrainian edition (languages: uk); then
	// ukTitles are the briefings translated into it, by file, with their
	// Ukrainian titles, ukPage the about page's Ukrainian title ("" for
	// none) and ukIntros the countries' Ukrainian intros.
	editions bool
	ukTitles map[string]string
	ukPage   string
	ukIntros map[string]string
}

func newDiffSite(rng *rand.Rand, perPage int) *diffSite {
	s := &diffSite{
		title:       "Differential Portal",
		perPage:     perPage,
		feedLimit:   4,
		intros:      map[string]string{},
		pageTitle:   "About",
		pageBody:    "This portal is generated by a test.",
		templates:   map[string]string{},
		static:      map[string]string{"extra.txt": "extra file, version 0\n"},
		extra:       map[string]string{},
		stories:     map[string]diffStory{"talks": {title: "The talks", intro: "How the talks went."}},
		bundleFiles: map[string]string{"map.png": "map, version 0\n", "notes.txt": "notes, version 0\n"},
		bundleShows: []string{"map.png"},
	}
	for range 8 + rng.IntN(8) {
		s.briefings = append(s.briefings, s.newBriefing(rng))
	}
	for _, b := range s.briefings {
		if rng.IntN(4) == 0 {
			if o := s.pickBriefing(rng, func(o *diffBriefing) bool { return o != b }); o != nil {
				b.link = o.file
			}
		}
	}
	s.pageLink = s.briefings[rng.IntN(len(s.briefings))].file
	for _, i := range rng.Perm(len(diffCountries))[:2] {
		s.intros[diffCountries[i].code] = s.sentence(rng) + "\n"
	}
	if rng.IntN(2) == 0 {
		s.editTemplate(rng)
	}
	s.editions, s.ukTitles, s.ukIntros = true, map[string]string{}, map[string]string{"ua": "Вступ.\n"}
	for range 3 {
		s.translate(rng)
	}
	return s
}

// files renders the site: site path → content.
func (s *diffSite) files() map[string]string {
	f := map[string]string{
		"site.yaml": fmt.Sprintf("title: %q\nbase_url: https://diff.example.org/\ntimezone: Europe/Kyiv\nper_page: %d\nfeed_limit: %d\n",
			s.title, s.perPage, s.feedLimit),
	}
	for _, b := range s.briefings {
		f["content/briefings/"+b.file] = b.render()
	}
	for code, text := range s.intros {
		f["content/countries/"+code+".md"] = text
	}
	if s.editions {
		f["site.yaml"] += "language: en\nlanguages:\n  uk: {title: Диференційний портал}\n"
		for _, b := range s.briefings {
			if title, ok := s.ukTitles[b.file]; ok {
				f["content/briefings/"+strings.TrimSuffix(b.file, ".md")+".uk.md"] = fmt.Sprintf("---\ntitle: %q\n---\nТекст перекладу %s.\n", title, title)
			}
		}
		for code, text := range s.ukIntros {
			if _, ok := s.intros[code]; ok {
				f["content/countries/"+code+".uk.md"] = text
			}
		}
		if s.ukPage != "" {
			f["content/pages/about.uk.md"] = fmt.Sprintf("---\ntitle: %q\n---\nПро портал.\n", s.ukPage)
		}
	}
	page := fmt.Sprintf("---\ntitle: %q\n---\n%s\n", s.pageTitle, s.pageBody)
	if s.pageLink != "" {
		page += "\nRead [a briefing](../briefings/" + s.pageLink + ").\n"
	}
	f["content/pages/about.md"] = page
	for name, text := range s.templates {
		f["templates/"+name] = text
	}
	for name, text := range s.static {
		f["static/"+name] = text
	}
	for name, text := range s.extra {
		f[name] = text
	}
	bundle := "---\ntitle: \"A bundled report\"\ndate: 2024-05-05\ncountries: [Ukraine]\nsources: [Reuters]\nsummary: \"Files beside it.\"\n---\n![icon](/favicon.svg)\n"
	for _, name := range s.bundleShows {
		bundle += fmt.Sprintf("\n![%s](%s)\n", name, name)
	}
	f[diffBundleDir+"index.md"] = bundle
	for name, text := range s.bundleFiles {
		f[diffBundleDir+name] = text
	}
	for key, st := range s.stories {
		status := "ongoing"
		if st.concluded {
			status = "concluded"
		}
		f["content/stories/"+key+".md"] = fmt.Sprintf("---\ntitle: %q\nstatus: %s\n---\n%s\n", st.title, status, st.intro)
	}
	return f
}

// render writes the briefing's file.
func (b *diffBriefing) render() string {
	var w strings.Builder
	if b.toml {
		q := func(s string) string { return fmt.Sprintf("%q", s) }
		list := func(items []string) string {
			quoted := make([]string, len(items))
			for i, it := range items {
				quoted[i] = q(it)
			}
			return "[" + strings.Join(quoted, ", ") + "]"
		}
		date := b.date
		if len(date) == len("2024-01-02T10:00") {
			date += ":00" // TOML times have seconds
		}
		w.WriteString("+++\n")
		fmt.Fprintf(&w, "title = %s\ndate = %s\ncountries = %s\n", q(b.title), date, list(b.countries))
		if len(b.tags) > 0 {
			fmt.Fprintf(&w, "tags = %s\n", list(b.tags))
		}
		if b.summary != "" {
			fmt.Fprintf(&w, "summary = %s\n", q(b.summary))
		}
		if b.slug != "" {
			fmt.Fprintf(&w, "slug = %s\n", q(b.slug))
		}
		if b.draft {
			w.WriteString("draft = true\n")
		}
		if b.story != "" {
			fmt.Fprintf(&w, "story = %s\n", q(b.story))
		}
		if len(b.aliases) > 0 {
			fmt.Fprintf(&w, "aliases = %s\n", list(b.aliases))
		}
		for _, c := range b.corrections {
			fmt.Fprintf(&w, "\n[[corrections]]\ndate = %s\ntext = %s\n", c.date, q(c.text))
		}
		w.WriteString("\n[[sources]]\nname = \"Reuters\"\nurl = \"https://www.reuters.com/\"\n+++\n")
	} else {
		item := func(s string) string {
			for _, r := range s {
				if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == ' ' || r == '.') {
					return fmt.Sprintf("%q", s)
				}
			}
			return s
		}
		list := func(items []string) string {
			if len(items) == 1 && b.scalar {
				return item(items[0])
			}
			plain := make([]string, len(items))
			for i, it := range items {
				plain[i] = item(it)
			}
			return "[" + strings.Join(plain, ", ") + "]"
		}
		w.WriteString("---\n")
		fmt.Fprintf(&w, "title: %q\ndate: %s\ncountries: %s\nsources:\n  - name: Reuters\n    url: https://www.reuters.com/\n", b.title, b.date, list(b.countries))
		if len(b.tags) > 0 {
			fmt.Fprintf(&w, "tags: %s\n", list(b.tags))
		}
		if b.summary != "" {
			fmt.Fprintf(&w, "summary: %q\n", b.summary)
		}
		if b.slug != "" {
			fmt.Fprintf(&w, "slug: %s\n", b.slug)
		}
		if b.draft {
			w.WriteString("draft: true\n")
		}
		if b.story != "" {
			fmt.Fprintf(&w, "story: %s\n", b.story)
		}
		if len(b.aliases) > 0 {
			fmt.Fprintf(&w, "aliases: [%s]\n", strings.Join(b.aliases, ", "))
		}
		if len(b.corrections) > 0 {
			w.WriteString("corrections:\n")
			for _, c := range b.corrections {
				fmt.Fprintf(&w, "  - date: %s\n    text: %q\n", c.date, c.text)
			}
		}
		w.WriteString("---\n")
	}
	for i, p := range b.paras {
		if i > 0 {
			w.WriteString("\n")
		}
		w.WriteString(p + "\n")
	}
	if b.link != "" {
		fmt.Fprintf(&w, "\nSee also [an earlier briefing](%s).\n", diffRelativeLink(b.file, b.link))
	}
	return w.String()
}

// diffRelativeLink is the link from one briefing file to another, both under
// content/briefings/ and at most one folder down.
func diffRelativeLink(from, to string) string {
	dir := path.Dir(from)
	switch {
	case dir == ".":
		return to
	case path.Dir(to) == dir:
		return path.Base(to)
	}
	return "../" + to
}

// effectiveSlug is the briefing's address: its slug, or its file name
// without a leading date, lower-cased.
func (b *diffBriefing) effectiveSlug() string {
	if b.slug != "" {
		return b.slug
	}
	base := strings.TrimSuffix(path.Base(b.file), ".md")
	if len(base) > 11 && base[4] == '-' && base[7] == '-' && base[10] == '-' {
		base = base[11:]
	}
	return strings.ToLower(base)
}

func (s *diffSite) word(rng *rand.Rand) string { return diffWords[rng.IntN(len(diffWords))] }

func (s *diffSite) sentence(rng *rand.Rand) string {
	s.n++
	words := []string{s.word(rng), s.word(rng), s.word(rng), fmt.Sprintf("number %d", s.n), s.word(rng)}
	if rng.IntN(4) == 0 {
		words[1] = "**" + words[1] + "**"
	}
	text := strings.Join(words, " ") + "."
	return strings.ToUpper(text[:1]) + text[1:]
}

func (s *diffSite) paragraph(rng *rand.Rand) string {
	var sentences []string
	for range 2 + rng.IntN(3) {
		sentences = append(sentences, s.sentence(rng))
	}
	return strings.Join(sentences, " ")
}

func (s *diffSite) newDate(rng *rand.Rand) string {
	day := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(3*365))
	switch rng.IntN(6) {
	case 0, 1:
		return day.Add(time.Duration(rng.IntN(24*60)) * time.Minute).Format("2006-01-02T15:04")
	case 2:
		return day.Add(time.Duration(rng.IntN(24*60))*time.Minute).Format("2006-01-02T15:04:05") + "+02:00"
	}
	return day.Format("2006-01-02")
}

// newFile names a new briefing file, unique by path and by default slug.
func (s *diffSite) newFile(rng *rand.Rand, date string) string {
	s.n++
	stem := fmt.Sprintf("%s-%s-%d", s.word(rng), s.word(rng), s.n)
	switch rng.IntN(5) {
	case 0:
		return date[:4] + "/" + stem + ".md"
	case 1:
		return strings.ToUpper(stem[:1]) + stem[1:] + ".md"
	case 2:
		return stem + ".md"
	}
	return date[:10] + "-" + stem + ".md"
}

func (s *diffSite) newCountries(rng *rand.Rand) []string {
	var out []string
	for _, i := range rng.Perm(len(diffCountries))[:1+rng.IntN(3)] {
		names := diffCountries[i].names
		out = append(out, names[rng.IntN(len(names))])
	}
	return out
}

// diffCaseOf spells a tag in one of three cases.
func diffCaseOf(rng *rand.Rand, tag string) string {
	switch rng.IntN(3) {
	case 0:
		return strings.ToUpper(tag)
	case 1:
		return strings.ToLower(tag)
	}
	return strings.ToUpper(tag[:1]) + strings.ToLower(tag[1:])
}

func (s *diffSite) newTags(rng *rand.Rand) []string {
	var out []string
	for _, i := range rng.Perm(len(diffTags))[:rng.IntN(4)] {
		out = append(out, diffCaseOf(rng, diffTags[i]))
	}
	return out
}

func (s *diffSite) newBriefing(rng *rand.Rand) *diffBriefing {
	date := s.newDate(rng)
	b := &diffBriefing{
		file:      s.newFile(rng, date),
		title:     strings.TrimSuffix(s.sentence(rng), "."),
		date:      date,
		countries: s.newCountries(rng),
		tags:      s.newTags(rng),
		toml:      rng.IntN(5) == 0,
		scalar:    rng.IntN(2) == 0,
	}
	b.title = strings.ReplaceAll(b.title, "**", "")
	if rng.IntN(5) < 3 {
		b.summary = strings.ReplaceAll(s.sentence(rng), "**", "")
	}
	for range 1 + rng.IntN(3) {
		b.paras = append(b.paras, s.paragraph(rng))
	}
	return b
}

// pickBriefing chooses a briefing for which ok holds, or nil.
func (s *diffSite) pickBriefing(rng *rand.Rand, ok func(*diffBriefing) bool) *diffBriefing {
	var fit []*diffBriefing
	for _, b := range s.briefings {
		if ok == nil || ok(b) {
			fit = append(fit, b)
		}
	}
	if len(fit) == 0 {
		return nil
	}
	return fit[rng.IntN(len(fit))]
}

// linked tells whether a page or another briefing links to the file.
func (s *diffSite) linked(file string) bool {
	if s.pageLink == file {
		return true
	}
	for _, b := range s.briefings {
		if b.link == file {
			return true
		}
	}
	return false
}

// slugTaken tells whether a briefing other than b has the slug.
func (s *diffSite) slugTaken(slug string, b *diffBriefing) bool {
	for _, o := range s.briefings {
		if o != b && o.effectiveSlug() == slug {
			return true
		}
	}
	return false
}

// newest is the briefing with the latest date among those for which ok
// holds (comparing the dates as text, near enough for choosing).
func (s *diffSite) newest(ok func(*diffBriefing) bool) *diffBriefing {
	var best *diffBriefing
	for _, b := range s.briefings {
		if !b.draft && ok(b) && (best == nil || b.date[:10] > best.date[:10] || b.date[:10] == best.date[:10] && b.effectiveSlug() < best.effectiveSlug()) {
			best = b
		}
	}
	return best
}

func (s *diffSite) clone() *diffSite {
	c := *s
	c.briefings = nil
	for _, b := range s.briefings {
		cb := *b
		cb.countries = slices.Clone(b.countries)
		cb.tags = slices.Clone(b.tags)
		cb.paras = slices.Clone(b.paras)
		cb.corrections = slices.Clone(b.corrections)
		cb.aliases = slices.Clone(b.aliases)
		c.briefings = append(c.briefings, &cb)
	}
	c.intros = maps.Clone(s.intros)
	c.templates = maps.Clone(s.templates)
	c.static = maps.Clone(s.static)
	c.extra = maps.Clone(s.extra)
	c.stories = maps.Clone(s.stories)
	c.bundleFiles = maps.Clone(s.bundleFiles)
	c.bundleShows = slices.Clone(s.bundleShows)
	c.ukTitles = maps.Clone(s.ukTitles)
	c.ukIntros = maps.Clone(s.ukIntros)
	return &c
}

// diffEdit is one kind of edit. do changes the site and says what it did,
// or returns "" when it does not apply to the site as it is.
type diffEdit struct {
	weight int
	do     func(s *diffSite, rng *rand.Rand) string
	solo   bool // not part of a batch
}

// diffEdits is filled in init: batch refers to it.
var diffEdits []diffEdit

func init() {
	diffEdits = []diffEdit{
		{4, (*diffSite).tagCaseOnNewest, false},
		{2, (*diffSite).tagCase, false},
		{2, (*diffSite).renameTag, false},
		{1, (*diffSite).renameTagEverywhere, false},
		{1, (*diffSite).addOrRemoveTag, false},
		{3, (*diffSite).countryAlias, false},
		{2, (*diffSite).changeCountry, false},
		{1, (*diffSite).addOrRemoveCountry, false},
		{2, (*diffSite).addBriefing, false},
		{2, (*diffSite).removeBriefing, false},
		{2, (*diffSite).renameFile, false},
		{2, (*diffSite).changeSlug, false},
		{3, (*diffSite).changeDate, false},
		{2, (*diffSite).moveYear, false},
		{2, (*diffSite).dropSummary, false},
		{2, (*diffSite).addSummary, false},
		{3, (*diffSite).editBody, false},
		{2, (*diffSite).editTitle, false},
		{1, (*diffSite).editLink, false},
		{1, (*diffSite).toggleDraft, false},
		{2, (*diffSite).editIntro, false},
		{3, (*diffSite).editConfig, false},
		{3, (*diffSite).editTemplate, false},
		{2, (*diffSite).editStatic, false},
		{1, (*diffSite).editPage, false},
		{1, (*diffSite).editLeftover, false},
		{2, (*diffSite).setStory, false},
		{2, (*diffSite).editStory, false},
		{2, (*diffSite).editCorrection, false},
		{2, (*diffSite).editAlias, false},
		{3, (*diffSite).editBundle, false},
		{4, (*diffSite).editEdition, false},
		{1, (*diffSite).batch, true},
		{1, (*diffSite).breakSite, true},
	}
}

// edit applies one random edit and describes it. After an edit that broke
// the site, the edit is the repair.
func (s *diffSite) edit(rng *rand.Rand) string {
	if s.broken != nil {
		*s = *s.broken
		return "repair the site"
	}
	total := 0
	for _, e := range diffEdits {
		total += e.weight
	}
	for {
		n := rng.IntN(total)
		for _, e := range diffEdits {
			if n -= e.weight; n < 0 {
				if desc := e.do(s, rng); desc != "" {
					return desc
				}
				break
			}
		}
	}
}

// setStory puts a briefing into a story, moves it to another, or takes
// it out of its story.
func (s *diffSite) setStory(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	if b.story != "" && rng.IntN(3) == 0 {
		old := b.story
		b.story = ""
		return "take " + b.file + " out of story " + old
	}
	keys := slices.Sorted(maps.Keys(s.stories))
	b.story = keys[rng.IntN(len(keys))]
	return "put " + b.file + " in story " + b.story
}

// editStory retitles a story, concludes or reopens it, rewrites its
// introduction, adds a story, or removes one that no briefing is in.
func (s *diffSite) editStory(rng *rand.Rand) string {
	keys := slices.Sorted(maps.Keys(s.stories))
	key := keys[rng.IntN(len(keys))]
	st := s.stories[key]
	switch rng.IntN(5) {
	case 0:
		st.title = "Story " + s.word(rng)
		s.stories[key] = st
		return "retitle story " + key
	case 1:
		st.concluded = !st.concluded
		s.stories[key] = st
		return "conclude or reopen story " + key
	case 2:
		st.intro = s.sentence(rng)
		s.stories[key] = st
		return "rewrite the introduction of story " + key
	case 3:
		s.n++
		key = fmt.Sprintf("story-%d", s.n)
		s.stories[key] = diffStory{title: "Story " + s.word(rng), intro: s.sentence(rng)}
		return "add story " + key
	}
	for _, b := range s.briefings {
		if b.story == key {
			return ""
		}
	}
	if len(s.stories) == 1 {
		return ""
	}
	delete(s.stories, key)
	return "remove story " + key
}

// editCorrection adds a correction to a briefing, rewrites one, or
// removes one.
func (s *diffSite) editCorrection(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	if len(b.corrections) > 0 && rng.IntN(3) == 0 {
		diffTakeOne(rng, &b.corrections)
		return "remove a correction of " + b.file
	}
	text := strings.ReplaceAll(s.sentence(rng), "**", "*")
	if len(b.corrections) > 0 && rng.IntN(2) == 0 {
		b.corrections[rng.IntN(len(b.corrections))].text = text
		return "rewrite a correction of " + b.file
	}
	date := fmt.Sprintf("2026-%02d-%02d", 1+rng.IntN(12), 1+rng.IntN(28))
	b.corrections = append(b.corrections, diffCorrection{date: date, text: text})
	return "correct " + b.file + " on " + date
}

// editAlias gives a briefing a former address, or takes one away.
func (s *diffSite) editAlias(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	if len(b.aliases) > 0 && rng.IntN(3) == 0 {
		return "drop alias " + diffTakeOne(rng, &b.aliases) + " of " + b.file
	}
	s.n++
	alias := fmt.Sprintf("/old/%d/", s.n)
	b.aliases = append(b.aliases, alias)
	return "give " + b.file + " the alias " + alias
}

// diffTakeOne removes an item of a list at random and returns it.
func diffTakeOne[T any](rng *rand.Rand, list *[]T) T {
	i := rng.IntN(len(*list))
	item := (*list)[i]
	*list = slices.Delete(*list, i, i+1)
	return item
}

// changeTagCase respells one tag of b in another case.
func (s *diffSite) changeTagCase(rng *rand.Rand, b *diffBriefing) string {
	i := rng.IntN(len(b.tags))
	old := b.tags[i]
	if strings.ToLower(old) == strings.ToUpper(old) {
		return ""
	}
	for b.tags[i] == old {
		b.tags[i] = diffCaseOf(rng, old)
	}
	return fmt.Sprintf("tag %q → %q in %s", old, b.tags[i], b.file)
}

func (s *diffSite) tagCaseOnNewest(rng *rand.Rand) string {
	b := s.newest(func(b *diffBriefing) bool { return len(b.tags) > 0 })
	if b == nil {
		return ""
	}
	return "on the newest briefing with tags, " + s.changeTagCase(rng, b)
}

func (s *diffSite) tagCase(rng *rand.Rand) string {
	b := s.pickBriefing(rng, func(b *diffBriefing) bool { return len(b.tags) > 0 })
	if b == nil {
		return ""
	}
	return s.changeTagCase(rng, b)
}

// diffOtherTag is a tag b does not have yet, in some case.
func diffOtherTag(rng *rand.Rand, b *diffBriefing) string {
	for {
		tag := diffTags[rng.IntN(len(diffTags))]
		if !slices.ContainsFunc(b.tags, func(t string) bool { return strings.EqualFold(t, tag) }) {
			return diffCaseOf(rng, tag)
		}
	}
}

func (s *diffSite) renameTag(rng *rand.Rand) string {
	b := s.pickBriefing(rng, func(b *diffBriefing) bool { return len(b.tags) > 0 && len(b.tags) < len(diffTags) })
	if b == nil {
		return ""
	}
	i := rng.IntN(len(b.tags))
	old := b.tags[i]
	b.tags[i] = diffOtherTag(rng, b)
	return fmt.Sprintf("rename tag %q → %q in %s", old, b.tags[i], b.file)
}

func (s *diffSite) renameTagEverywhere(rng *rand.Rand) string {
	from := diffTags[rng.IntN(len(diffTags))]
	s.n++
	to := fmt.Sprintf("%s %d", diffCaseOf(rng, from), s.n)
	n := 0
	for _, b := range s.briefings {
		for i, t := range b.tags {
			if strings.EqualFold(t, from) {
				b.tags[i] = to
				n++
			}
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("rename tag %q → %q in all %d briefings", from, to, n)
}

func (s *diffSite) addOrRemoveTag(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	if len(b.tags) > 0 && rng.IntN(2) == 0 {
		return fmt.Sprintf("remove tag %q from %s", diffTakeOne(rng, &b.tags), b.file)
	}
	if len(b.tags) == len(diffTags) {
		return ""
	}
	tag := diffOtherTag(rng, b)
	b.tags = append(b.tags, tag)
	return fmt.Sprintf("add tag %q to %s", tag, b.file)
}

// diffCountryIndex finds the country a name means.
func diffCountryIndex(name string) int {
	for i, c := range diffCountries {
		if slices.Contains(c.names, name) {
			return i
		}
	}
	panic("unknown country " + name)
}

func (s *diffSite) countryAlias(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	i := rng.IntN(len(b.countries))
	old := b.countries[i]
	names := diffCountries[diffCountryIndex(old)].names
	for b.countries[i] == old {
		b.countries[i] = names[rng.IntN(len(names))]
	}
	return fmt.Sprintf("country %q → %q (the same country) in %s", old, b.countries[i], b.file)
}

// diffOtherCountry names a country b does not list yet.
func diffOtherCountry(rng *rand.Rand, b *diffBriefing) string {
	for {
		c := diffCountries[rng.IntN(len(diffCountries))]
		if !slices.ContainsFunc(b.countries, func(n string) bool { return slices.Contains(c.names, n) }) {
			return c.names[rng.IntN(len(c.names))]
		}
	}
}

func (s *diffSite) changeCountry(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	i := rng.IntN(len(b.countries))
	old := b.countries[i]
	b.countries[i] = diffOtherCountry(rng, b)
	return fmt.Sprintf("country %q → %q (another country) in %s", old, b.countries[i], b.file)
}

func (s *diffSite) addOrRemoveCountry(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	if len(b.countries) > 1 && (len(b.countries) == 3 || rng.IntN(2) == 0) {
		i := rng.IntN(len(b.countries))
		old := b.countries[i]
		b.countries = slices.Delete(b.countries, i, i+1)
		return fmt.Sprintf("remove country %q from %s", old, b.file)
	}
	c := diffOtherCountry(rng, b)
	b.countries = append(b.countries, c)
	return fmt.Sprintf("add country %q to %s", c, b.file)
}

func (s *diffSite) addBriefing(rng *rand.Rand) string {
	b := s.newBriefing(rng)
	if o := s.pickBriefing(rng, func(o *diffBriefing) bool { return !o.draft }); o != nil && rng.IntN(3) == 0 {
		b.link = o.file
	}
	s.briefings = append(s.briefings, b)
	return fmt.Sprintf("add briefing %s dated %s", b.file, b.date)
}

func (s *diffSite) removeBriefing(rng *rand.Rand) string {
	if len(s.briefings) <= 4 {
		return ""
	}
	b := s.pickBriefing(rng, nil)
	s.briefings = slices.DeleteFunc(s.briefings, func(o *diffBriefing) bool { return o == b })
	desc := "remove briefing " + b.file
	for _, o := range s.briefings {
		if o.link == b.file {
			o.link = ""
			desc += ", and the link to it from " + o.file
		}
	}
	if s.pageLink == b.file {
		s.pageLink = ""
		desc += ", and the link to it from the page"
	}
	return desc
}

func (s *diffSite) renameFile(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	old := b.file
	b.file = s.newFile(rng, b.date)
	if b.slug == "" && s.slugTaken(b.effectiveSlug(), b) {
		b.file = old
		return ""
	}
	desc := fmt.Sprintf("rename %s → %s", old, b.file)
	for _, o := range s.briefings {
		if o.link == old {
			o.link = b.file
			desc += ", and the link to it from " + o.file
		}
	}
	if s.pageLink == old {
		s.pageLink = b.file
		desc += ", and the link to it from the page"
	}
	return desc
}

func (s *diffSite) changeSlug(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	old := b.slug
	if b.slug != "" && rng.IntN(3) == 0 {
		b.slug = ""
	} else {
		s.n++
		b.slug = fmt.Sprintf("%s-%d", s.word(rng), s.n)
	}
	if s.slugTaken(b.effectiveSlug(), b) {
		b.slug = old
		return ""
	}
	return fmt.Sprintf("slug %q → %q in %s", old, b.slug, b.file)
}

func (s *diffSite) changeDate(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	old := b.date
	b.date = s.newDate(rng)
	if rng.IntN(4) == 0 {
		b.date = s.pickBriefing(rng, nil).date // the same date as another
	}
	return fmt.Sprintf("date %s → %s in %s", old, b.date, b.file)
}

// moveYear moves a briefing to the same day of another of the years the
// site's dates span.
func (s *diffSite) moveYear(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	if b == nil {
		return ""
	}
	old := b.date
	year, _ := strconv.Atoi(old[:4])
	to := 2023 + rng.IntN(2)
	if to >= year {
		to++
	}
	rest := old[4:]
	if strings.HasPrefix(rest, "-02-29") {
		rest = "-02-28" + rest[len("-02-29"):]
	}
	b.date = strconv.Itoa(to) + rest
	return fmt.Sprintf("date %s → %s in %s, another year", old, b.date, b.file)
}

func (s *diffSite) dropSummary(rng *rand.Rand) string {
	b := s.pickBriefing(rng, func(b *diffBriefing) bool { return b.summary != "" })
	if b == nil {
		return ""
	}
	b.summary = ""
	return "drop the summary of " + b.file
}

func (s *diffSite) addSummary(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	what := "add a summary to "
	if b.summary != "" {
		what = "change the summary of "
	}
	b.summary = strings.ReplaceAll(s.sentence(rng), "**", "")
	return what + b.file
}

func (s *diffSite) editBody(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	i := rng.IntN(len(b.paras))
	switch sentences := strings.SplitAfter(b.paras[i], ". "); rng.IntN(4) {
	case 0:
		b.paras = append(b.paras, s.paragraph(rng))
		return "add a paragraph to " + b.file
	case 1:
		if len(b.paras) > 1 {
			b.paras = slices.Delete(b.paras, i, i+1)
			return fmt.Sprintf("remove paragraph %d of %s", i+1, b.file)
		}
		fallthrough
	default:
		j := rng.IntN(len(sentences))
		sentences[j] = s.sentence(rng)
		if j < len(sentences)-1 {
			sentences[j] += " "
		}
		b.paras[i] = strings.Join(sentences, "")
		return fmt.Sprintf("edit sentence %d of paragraph %d of %s", j+1, i+1, b.file)
	}
}

func (s *diffSite) editTitle(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	b.title = strings.TrimSuffix(strings.ReplaceAll(s.sentence(rng), "**", ""), ".")
	return "retitle " + b.file
}

func (s *diffSite) editLink(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	if b.link != "" && rng.IntN(2) == 0 {
		b.link = ""
		return "remove the link from " + b.file
	}
	o := s.pickBriefing(rng, func(o *diffBriefing) bool { return o != b && !o.draft })
	if o == nil {
		return ""
	}
	b.link = o.file
	return fmt.Sprintf("link %s to %s", b.file, o.file)
}

func (s *diffSite) toggleDraft(rng *rand.Rand) string {
	b := s.pickBriefing(rng, nil)
	if !b.draft && s.linked(b.file) {
		return ""
	}
	b.draft = !b.draft
	return fmt.Sprintf("draft: %v in %s", b.draft, b.file)
}

func (s *diffSite) editIntro(rng *rand.Rand) string {
	c := diffCountries[rng.IntN(len(diffCountries))]
	if _, ok := s.intros[c.code]; ok && rng.IntN(3) == 0 {
		delete(s.intros, c.code)
		return "delete the intro of " + c.code
	}
	s.intros[c.code] = s.paragraph(rng) + "\n"
	return "write the intro of " + c.code
}

func (s *diffSite) editConfig(rng *rand.Rand) string {
	switch rng.IntN(3) {
	case 0:
		old := s.perPage
		for s.perPage == old {
			s.perPage = 1 + rng.IntN(4)
		}
		return fmt.Sprintf("per_page %d → %d", old, s.perPage)
	case 1:
		old := s.feedLimit
		for s.feedLimit == old {
			s.feedLimit = 2 + rng.IntN(5)
		}
		return fmt.Sprintf("feed_limit %d → %d", old, s.feedLimit)
	}
	s.n++
	s.title = fmt.Sprintf("Differential Portal %d", s.n)
	return fmt.Sprintf("site title → %q", s.title)
}

// diffTemplateEdits are the built-in templates the test overrides, each
// with a text of the built-in before which it inserts a visible change.
var diffTemplateEdits = []struct{ name, before string }{
	{"page.html", "</h1>"},
	{"list.html", "</h1>"},
	{"tags.html", "</h1>"},
	{"home.html", "</h1>"},
	{"briefing.html", "</h1>"},
	{"countries.html", "</h1>"},
	{"archive.html", "</h1>"},
	{"archive-year.html", "</h1>"},
	{"partials/item.html", "</h2>"},
	{"partials/countries.html", "</a></li>"},
	{"base.html", "</footer>"},
}

func (s *diffSite) editTemplate(rng *rand.Rand) string {
	e := diffTemplateEdits[rng.IntN(len(diffTemplateEdits))]
	if _, ok := s.templates[e.name]; ok && rng.IntN(3) == 0 {
		delete(s.templates, e.name)
		return "delete the override of " + e.name
	}
	builtin, err := fs.ReadFile(templates.FS, e.name)
	if err != nil || !bytes.Contains(builtin, []byte(e.before)) {
		return "" // the theme changed: this edit no longer applies
	}
	s.n++
	text := strings.Replace(string(builtin), e.before, fmt.Sprintf(" <small>edit %d</small>%s", s.n, e.before), 1)
	s.templates[e.name] = text
	return fmt.Sprintf("override %s (edit %d)", e.name, s.n)
}

func (s *diffSite) editStatic(rng *rand.Rand) string {
	s.n++
	switch rng.IntN(3) {
	case 0:
		if _, ok := s.static["extra.txt"]; ok && rng.IntN(3) == 0 {
			delete(s.static, "extra.txt")
			return "delete static/extra.txt"
		}
		s.static["extra.txt"] = fmt.Sprintf("extra file, version %d\n", s.n)
		return "write static/extra.txt"
	case 1:
		if _, ok := s.static["css/site.css"]; ok && rng.IntN(3) == 0 {
			delete(s.static, "css/site.css")
			return "delete the override of static/css/site.css"
		}
		builtin, err := fs.ReadFile(static.FS, "css/site.css")
		if err != nil {
			return ""
		}
		s.static["css/site.css"] = string(builtin) + fmt.Sprintf(".edited-%d { color: inherit; }\n", s.n)
		return "override static/css/site.css"
	}
	// A file in a folder of its own: removing the last one removes a
	// folder of the output.
	for name := range s.static {
		if strings.HasPrefix(name, "files/") {
			delete(s.static, name)
			return "delete static/" + name
		}
	}
	name := fmt.Sprintf("files/note-%d.txt", s.n)
	s.static[name] = "a note\n"
	return "write static/" + name
}

func (s *diffSite) editPage(rng *rand.Rand) string {
	switch rng.IntN(3) {
	case 0:
		s.n++
		s.pageTitle = fmt.Sprintf("About %d", s.n)
		return "retitle the page"
	case 1:
		s.pageBody = s.paragraph(rng)
		return "edit the page's text"
	}
	if s.pageLink != "" && rng.IntN(2) == 0 {
		s.pageLink = ""
		return "remove the page's link"
	}
	b := s.pickBriefing(rng, func(b *diffBriefing) bool { return !b.draft })
	if b == nil {
		return ""
	}
	s.pageLink = b.file
	return "link the page to " + b.file
}

// diffLeftovers are editor leftovers, which every build ignores: broken
// content in them must change nothing.
var diffLeftovers = []string{
	"content/briefings/.#draft.md",
	"content/briefings/draft.md~",
	"content/briefings/draft.md.swp",
	"content/briefings/_notes.md",
	"content/pages/about.md.tmp",
	"templates/list.html~",
	"static/css/.site.css.swp",
	"static/4913",
}

func (s *diffSite) editLeftover(rng *rand.Rand) string {
	name := diffLeftovers[rng.IntN(len(diffLeftovers))]
	if _, ok := s.extra[name]; ok {
		delete(s.extra, name)
		return "delete the leftover " + name
	}
	s.extra[name] = "---\ntitle: [unclosed\n---\n{{template \"nowhere\"}}\n"
	return "write the leftover " + name
}

// batch makes two or three edits in one step, as a save-all or a checkout
// does.
func (s *diffSite) batch(rng *rand.Rand) string {
	var descs []string
	for len(descs) < 2+rng.IntN(2) {
		e := diffEdits[rng.IntN(len(diffEdits))]
		if e.solo {
			continue
		}
		if d := e.do(s, rng); d != "" {
			descs = append(descs, d)
		}
	}
	return "at once: " + strings.Join(descs, "; ")
}

// breakSite makes the site invalid in one of several ways; the next step
// restores it.
// diffBundleDir is the folder of the briefing kept with its files.
const diffBundleDir = "content/briefings/2024-05-05-bundled-report/"

// editBundle edits the files beside the bundled briefing: redraws one,
// adds one (shown or not), stops showing one, or removes one not shown.
func (s *diffSite) editBundle(rng *rand.Rand) string {
	s.n++
	names := slices.Sorted(maps.Keys(s.bundleFiles))
	switch rng.IntN(5) {
	case 0:
		if len(names) == 0 {
			return ""
		}
		name := names[rng.IntN(len(names))]
		s.bundleFiles[name] = fmt.Sprintf("%s, version %d\n", name, s.n)
		return "redraw " + diffBundleDir + name
	case 1, 2:
		name := fmt.Sprintf("%s-%d.png", s.word(rng), s.n)
		s.bundleFiles[name] = "a new figure\n"
		if rng.IntN(2) == 0 {
			return "add " + diffBundleDir + name
		}
		s.bundleShows = append(s.bundleShows, name)
		return "add and show " + diffBundleDir + name
	case 3:
		if len(s.bundleShows) == 0 {
			return ""
		}
		i := rng.IntN(len(s.bundleShows))
		name := s.bundleShows[i]
		s.bundleShows = slices.Delete(s.bundleShows, i, i+1)
		return "stop showing " + name + " in " + diffBundleDir + "index.md"
	default:
		for _, name := range names {
			if !slices.Contains(s.bundleShows, name) {
				delete(s.bundleFiles, name)
				return "remove " + diffBundleDir + name
			}
		}
		return ""
	}
}

func (s *diffSite) breakSite(rng *rand.Rand) string {
	saved := s.clone()
	// Drafts are left alone: what is wrong in a draft may stay unseen.
	b := s.pickBriefing(rng, func(b *diffBriefing) bool { return !b.draft })
	if b == nil {
		return ""
	}
	var desc string
	switch rng.IntN(7) {
	case 0:
		b.countries[0] = "Ukriane"
		desc = "an unknown country in " + b.file
	case 6:
		if len(s.bundleShows) == 0 {
			return ""
		}
		name := s.bundleShows[rng.IntN(len(s.bundleShows))]
		delete(s.bundleFiles, name)
		desc = "remove " + diffBundleDir + name + ", which the briefing shows"
	case 1:
		o := s.pickBriefing(rng, func(o *diffBriefing) bool { return o != b && !o.draft })
		if o == nil {
			return ""
		}
		b.slug = o.effectiveSlug()
		desc = fmt.Sprintf("slug %q in %s, already %s's", b.slug, b.file, o.file)
	case 2:
		b.link = "missing.md"
		desc = "a link to a missing file in " + b.file
	case 3:
		s.templates["list.html"] = "{{define \"main\"}}{{if}}{{end}}\n"
		desc = "a template that does not parse: templates/list.html"
	case 4:
		s.templates["page.html"] = "{{define \"main\"}}{{.NoSuchField}}{{end}}\n"
		desc = "a template that fails to execute: templates/page.html"
	default:
		s.extra["site.yaml"] = fmt.Sprintf("title: %q\nbase_url: https://diff.example.org/\nper_pag: 2\n", s.title)
		desc = "an unknown key in site.yaml"
	}
	s.broken = saved
	return "break the site: " + desc
}

// translate gives a briefing not yet translated a Ukrainian translation.
func (s *diffSite) translate(rng *rand.Rand) string {
	b := s.pickBriefing(rng, func(b *diffBriefing) bool { _, ok := s.ukTitles[b.file]; return !ok })
	if b == nil {
		return ""
	}
	s.n++
	s.ukTitles[b.file] = fmt.Sprintf("Переклад %d", s.n)
	return "translate " + b.file
}

// editEdition changes the Ukrainian edition: turns it off or on, adds,
// removes or retitles a translation, translates the about page or a
// country's intro.
func (s *diffSite) editEdition(rng *rand.Rand) string {
	switch rng.IntN(6) {
	case 0:
		s.editions = !s.editions
		return fmt.Sprintf("turn the Ukrainian edition %s", map[bool]string{true: "on", false: "off"}[s.editions])
	case 1:
		return s.translate(rng)
	case 2, 3:
		b := s.pickBriefing(rng, func(b *diffBriefing) bool { _, ok := s.ukTitles[b.file]; return ok })
		if b == nil {
			return ""
		}
		if rng.IntN(2) == 0 {
			delete(s.ukTitles, b.file)
			return "remove the translation of " + b.file
		}
		s.n++
		s.ukTitles[b.file] = fmt.Sprintf("Новий переклад %d", s.n)
		return "retitle the translation of " + b.file
	case 4:
		if s.ukPage != "" {
			s.ukPage = ""
			return "remove the page's translation"
		}
		s.n++
		s.ukPage = fmt.Sprintf("Про нас %d", s.n)
		return "translate the page"
	}
	c := diffCountries[rng.IntN(len(diffCountries))]
	if _, ok := s.ukIntros[c.code]; ok {
		delete(s.ukIntros, c.code)
		return "delete the Ukrainian intro of " + c.code
	}
	s.ukIntros[c.code] = "Вступ: " + s.sentence(rng) + "\n"
	return "write the Ukrainian intro of " + c.code
}
