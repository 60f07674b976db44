package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brief/generator/diag"
	"brief/generator/output"
	"brief/internal/sitetest"
)

// TestIncrementalRebuildEqualsFullBuild edits a site in many ways and, after
// each change, compares the session's incremental result with a full build.
func TestIncrementalRebuildEqualsFullBuild(t *testing.T) {
	files := map[string]string{
		"content/countries/ua.md": "Ukraine's intro.\n",
		"content/pages/about.md":  "---\ntitle: About\n---\nSee [a briefing](../briefings/b03.md).\n",
	}
	for i := range 24 {
		files[fmt.Sprintf("content/briefings/b%02d.md", i)] = briefingFile(fmt.Sprintf("Briefing %d", i), fmt.Sprintf("2024-01-%02dT10:00", i+1),
			[]string{[]string{"Ukraine", "Italy", "France"}[i%3], []string{"Germany", "Japan"}[i%2]}, fmt.Sprintf("tags: [t%d]\n", i%4))
	}
	dir := sitetest.WriteSite(t, fixture(testConfig, files))
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func(name string) string {
		data, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		return string(data)
	}
	s := NewSession(BuildOptions{Src: dir})
	first := s.Rebuild(nil, buildNow)
	if first.Files == nil {
		t.Fatal(first.Problems)
	}
	total := first.Files.Len()

	steps := []struct {
		name    string
		do      func()
		changed []string
		check   func(t *testing.T, snap Snapshot)
	}{
		{"append a sentence", func() { write("content/briefings/b05.md", read("content/briefings/b05.md")+"\nOne more sentence.\n") },
			[]string{"content/briefings/b05.md"}, func(t *testing.T, snap Snapshot) {
				rendered := strings.Join(s.cache.Rendered(), " ")
				if !strings.Contains(rendered, "briefings/b05/index.html") {
					t.Errorf("the edited briefing was not rendered again: %s", rendered)
				}
				if strings.Count(rendered, "briefings/") != 1 {
					t.Errorf("other briefing pages were rendered again: %s", rendered)
				}
				if snap.Stats.Rendered > total/4 {
					t.Errorf("%d of %d files rendered for a one-sentence edit", snap.Stats.Rendered, total)
				}
			}},
		{"change a title", func() {
			write("content/briefings/b07.md", strings.Replace(read("content/briefings/b07.md"), "Briefing 7", "Renamed seven", 1))
		}, []string{"content/briefings/b07.md"}, nil},
		{"change countries", func() {
			write("content/briefings/b08.md", strings.Replace(read("content/briefings/b08.md"), "countries: [France, Germany]", "countries: [Spain]", 1))
		}, []string{"content/briefings/b08.md"}, nil},
		{"change the slug", func() {
			write("content/briefings/b09.md", briefingFile("Nine", "2024-01-10T10:00", []string{"Italy"}, "slug: nine\n"))
		},
			[]string{"content/briefings/b09.md"}, func(t *testing.T, snap Snapshot) {
				if snap.Redirects["/briefings/b09/"] != "/briefings/nine/" {
					t.Errorf("redirects = %v", snap.Redirects)
				}
			}},
		{"rename a file", func() {
			os.Rename(filepath.Join(dir, "content/briefings/b10.md"), filepath.Join(dir, "content/briefings/ten.md"))
		}, []string{"content/briefings/b10.md", "content/briefings/ten.md"}, func(t *testing.T, snap Snapshot) {
			if snap.Redirects["/briefings/b10/"] != "/briefings/ten/" {
				t.Errorf("redirects = %v", snap.Redirects)
			}
		}},
		{"add a briefing", func() { write("content/briefings/new.md", briefingFile("New", "2024-02-01", []string{"Japan"}, "")) },
			[]string{"content/briefings/new.md"}, nil},
		{"remove a briefing", func() { os.Remove(filepath.Join(dir, "content/briefings/b03.md")) },
			[]string{"content/briefings/b03.md"}, nil},
		{"fix the broken link", func() {
			write("content/pages/about.md", "---\ntitle: About\n---\nSee [a briefing](../briefings/b04.md).\n")
		},
			[]string{"content/pages/about.md"}, nil},
		{"remove an unlinked briefing", func() { os.Remove(filepath.Join(dir, "content/briefings/b11.md")) },
			[]string{"content/briefings/b11.md"}, nil},
		{"remove two more at once", func() {
			os.Remove(filepath.Join(dir, "content/briefings/b12.md"))
			os.Remove(filepath.Join(dir, "content/briefings/b13.md"))
		}, []string{"content/briefings/b12.md", "content/briefings/b13.md"}, nil},
		{"edit an intro", func() { write("content/countries/ua.md", "A new intro.\n") }, []string{"content/countries/ua.md"}, nil},
		{"edit a template", func() { write("templates/page.html", "{{define \"main\"}}<h1>{{.Title}}</h1>{{.Body}}{{end}}") }, []string{"templates/page.html"}, nil},
		{"edit the settings", func() { write("site.yaml", testConfig+"description: Changed.\n") }, []string{"site.yaml"}, nil},
		{"edit a stylesheet", func() { write("static/css/site.css", "body{}") }, []string{"static/css/site.css"}, nil},
	}
	for _, st := range steps {
		st.do()
		snap := s.Rebuild(st.changed, buildNow)
		if snap.Files == nil {
			if st.name == "remove a briefing" {
				// About links to b03: the removal is an error, as in a full build.
				_, err := Build(BuildOptions{Src: dir, Now: buildNow, Out: filepath.Join(t.TempDir(), "out")})
				if err == nil {
					t.Errorf("%s: session failed but a full build succeeded: %v", st.name, snap.Problems)
				}
				continue
			}
			t.Fatalf("%s: %v", st.name, snap.Problems)
		}
		out := filepath.Join(t.TempDir(), "out")
		mustBuild(t, BuildOptions{Src: dir, Out: out})
		full := snapshot(t, out)
		// The marker records the files of an output folder; the dev
		// server has none.
		delete(full, output.Marker)
		got := filesOf(t, snap.Files)
		if err := sameFiles(full, got); err != nil {
			t.Errorf("%s: incremental result differs from a full build: %v", st.name, err)
			for _, name := range sortedFileNames(full) {
				if !bytes.Equal(full[name], got[name]) {
					t.Logf("first differing file: %s\n%s", name, firstDiff(got[name], full[name]))
					break
				}
			}
		}
		if st.check != nil {
			st.check(t, snap)
		}
		if msg := storeHoldsSite(s, snap.Files); msg != "" {
			t.Errorf("%s: %s", st.name, msg)
		}
	}
}

// TestSessionFollowsBundleFiles edits the files beside a briefing as the
// dev server sees them: an edited image is served anew, a removed one
// that the body shows fails the rebuild although no page changed, and one
// put back repairs it.
func TestSessionFollowsBundleFiles(t *testing.T) {
	dir := bundleSite(t, "", nil)
	image := "content/briefings/2024-06-13-apulia/detail.png"
	s := NewSession(BuildOptions{Src: dir})
	if snap := s.Rebuild(nil, buildNow); fileOf(t, snap.Files, "briefings/apulia/detail.png") != "PNG detail\n" {
		t.Fatalf("first rebuild: detail.png = %q; %v", fileOf(t, snap.Files, "briefings/apulia/detail.png"), snap.Problems)
	}

	if err := os.WriteFile(filepath.Join(dir, image), []byte("PNG detail, redrawn\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	snap := s.Rebuild([]string{image}, buildNow)
	if got := fileOf(t, snap.Files, "briefings/apulia/detail.png"); got != "PNG detail, redrawn\n" {
		t.Errorf("after the edit detail.png = %q; %v", got, snap.Problems)
	}
	if snap.Changed != nil {
		t.Errorf("a copied file changed, yet the snapshot says only %v changed", snap.Changed)
	}

	if err := os.Remove(filepath.Join(dir, image)); err != nil {
		t.Fatal(err)
	}
	snap = s.Rebuild([]string{image}, buildNow)
	if snap.Files != nil || !strings.Contains(snap.Problems.Err().Error(), `index.md:17:1: error: image "detail.png": the site has no file at /briefings/apulia/detail.png`) {
		t.Errorf("the image the briefing shows is gone, yet the rebuild says: %v", snap.Problems)
	}

	if err := os.WriteFile(filepath.Join(dir, image), []byte("PNG back\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	snap = s.Rebuild([]string{image}, buildNow)
	if got := fileOf(t, snap.Files, "briefings/apulia/detail.png"); got != "PNG back\n" || snap.Problems.Errors() > 0 {
		t.Errorf("after the image came back detail.png = %q; %v", got, snap.Problems)
	}
	fresh, err := Build(BuildOptions{Src: dir, Out: filepath.Join(t.TempDir(), "public"), Now: buildNow, NoCache: true})
	if err != nil || fresh.Pages != snap.Stats.Pages {
		t.Errorf("a build from scratch: %v, %d pages; the session: %d", err, fresh.Pages, snap.Stats.Pages)
	}
}

// filesOf reads every file of a session's site.
func filesOf(t testing.TB, f *Files) map[string][]byte {
	t.Helper()
	out := make(map[string][]byte, f.Len())
	for _, name := range f.Names() {
		data, err := f.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = data
	}
	return out
}

// fileOf reads one file of a session's site, "" when it has none.
func fileOf(t testing.TB, f *Files, name string) string {
	t.Helper()
	if f == nil {
		return ""
	}
	data, err := f.ReadFile(name)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return string(data)
}

// storeHoldsSite tells the session that its site is shown and checks that
// its store then holds that site's files and no others: none is lost, and
// none of an earlier site or of a failed rebuild is left behind. It
// returns what is wrong, or "".
func storeHoldsSite(s *Session, f *Files) string {
	f.Shown()
	n := 0
	err := filepath.WalkDir(s.store.Dir(), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		return err.Error()
	}
	if n != f.Len() {
		return fmt.Sprintf("the store holds %d files for a site of %d", n, f.Len())
	}
	return ""
}

// TestNamesLayers: a site's names over an earlier site's, with names
// added, replaced and removed, and folded into a new base, read the same
// as a plain map kept alongside; the earlier site's names never change.
func TestNamesLayers(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := names{base: map[string]output.Ref{}, changes: map[string]output.Ref{}}
	want := map[string]output.Ref{}
	var ref output.Ref
	for round := range 40 {
		before, frozen := m, maps.Clone(want)
		m = m.next()
		for range rng.IntN(30) {
			name := fmt.Sprintf("p%d", rng.IntN(60))
			r := output.Ref(0) // removed
			if rng.IntN(3) > 0 {
				ref++
				r = ref
			}
			old, had := m.set(name, r)
			if w, ok := want[name]; ok != had || w != old {
				t.Fatalf("round %d: set %s gave %d, %v; want %d, %v", round, name, old, had, w, ok)
			}
			if r == 0 {
				delete(want, name)
			} else {
				want[name] = r
			}
		}
		if got := namesMap(m); !maps.Equal(got, want) || m.n != len(want) {
			t.Fatalf("round %d: names %v (n %d), want %v", round, got, m.n, want)
		}
		if got := namesMap(before); !maps.Equal(got, frozen) {
			t.Fatalf("round %d: the earlier site's names changed", round)
		}
	}
}

func namesMap(m names) map[string]output.Ref {
	out := map[string]output.Ref{}
	m.each(func(name string, r output.Ref) {
		if got, ok := m.get(name); !ok || got != r {
			panic("get and each disagree on " + name)
		}
		out[name] = r
	})
	return out
}

// TestSessionOnAReadOnlySite: where the site's .brief-cache/ cannot be
// made, the session keeps its files among the system's temporary files,
// and removes them when closed.
func TestSessionOnAReadOnlySite(t *testing.T) {
	dir := bundleSite(t, "", nil)
	if err := os.WriteFile(filepath.Join(dir, ".brief-cache"), []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	s := NewSession(BuildOptions{Src: dir})
	snap := s.Rebuild(nil, buildNow)
	if snap.Files == nil {
		t.Fatal(snap.Problems)
	}
	if got := fileOf(t, snap.Files, "briefings/apulia/detail.png"); got != "PNG detail\n" {
		t.Errorf("detail.png = %q", got)
	}
	if !strings.HasPrefix(s.store.Dir(), tmp) {
		t.Errorf("the files are kept in %s, not among the temporary files", s.store.Dir())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "brief", "serve-*")); len(left) > 0 {
		t.Errorf("Close left %v", left)
	}
}

// A theme's warning is the site's as long as its cause is there: the
// dev server parses the theme once, but says what is wrong with it after
// every rebuild, as it does of a briefing's warning.
func TestSessionRepeatsThemeWarnings(t *testing.T) {
	dir := safetySite(t, map[string]string{"templates/i18n/en.yaml": "soruces: Where from\n"})
	want := `the theme has no key "soruces", so it changes nothing (did you mean "sources"?)`
	warned := func(l diag.List) bool {
		for _, p := range l {
			if p.Severity == diag.Warning && strings.Contains(p.String(), want) && strings.HasSuffix(p.Path, "i18n/en.yaml") {
				return true
			}
		}
		return false
	}
	s := NewSession(BuildOptions{Src: dir})
	if snap := s.Rebuild(nil, buildNow); snap.Files == nil || !warned(snap.Problems) {
		t.Fatalf("first rebuild: problems %v, want the warning %q", snap.Problems, want)
	}
	writeSiteFile(t, dir, "content/briefings/a.md", briefingFile("A, again", "2024-01-01", []string{"Italy"}, "tags: [energy]\n"))
	if snap := s.Rebuild([]string{"content/briefings/a.md"}, buildNow); snap.Files == nil || !warned(snap.Problems) {
		t.Errorf("after an edit of a briefing: problems %v, want the warning %q still", snap.Problems, want)
	}
	writeSiteFile(t, dir, "templates/i18n/en.yaml", "sources: Where from\n")
	if snap := s.Rebuild([]string{"templates/i18n/en.yaml"}, buildNow); snap.Files == nil || warned(snap.Problems) {
		t.Errorf("after the key was mended: problems %v, want no warning", snap.Problems)
	}
}
