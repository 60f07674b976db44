//go:build unix

package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"brief/generator/output"
	"brief/internal/sitetest"
	"brief/static"
)

// The tests of this file hold brief to what it promises about the files
// around a build: nothing from outside the site comes in, no file makes it
// wait or read without end, and the previous output is never written, nor
// a file someone else put there deleted.

// safetySite is a small valid site.
func safetySite(t *testing.T, extra map[string]string) string {
	t.Helper()
	files := map[string]string{
		"content/briefings/a.md": briefingFile("A", "2024-01-01", []string{"Italy"}, "tags: [energy]\n"),
		"content/briefings/b.md": briefingFile("B", "2024-01-02", []string{"Japan"}, ""),
		"content/pages/about.md": "---\ntitle: About\n---\nWho we are.\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	return sitetest.WriteSite(t, fixture(testConfig, files))
}

func writeSiteFile(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// problemLines formats problems as a build prints them, paths relative to
// the site.
func problemLines(dir string, probs []fmt.Stringer) []string {
	var lines []string
	for _, p := range probs {
		lines = append(lines, strings.TrimPrefix(p.String(), dir+"/"))
	}
	return lines
}

func buildLines(dir string, res BuildResult) []string {
	s := make([]fmt.Stringer, len(res.Problems))
	for i, p := range res.Problems {
		s[i] = p
	}
	return problemLines(dir, s)
}

func snapLines(dir string, snap Snapshot) []string {
	s := make([]fmt.Stringer, len(snap.Problems))
	for i, p := range snap.Problems {
		s[i] = p
	}
	return problemLines(dir, s)
}

// heldOutput keeps a second name for every file of an output folder, and
// its bytes: whatever a later build does with the output's names, the data
// of its files must not change.
type heldOutput struct {
	dir   string
	bytes map[string][]byte
}

func holdOutput(t *testing.T, out string) heldOutput {
	t.Helper()
	h := heldOutput{dir: t.TempDir(), bytes: snapshot(t, out)}
	for name := range h.bytes {
		p := filepath.Join(h.dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.Link(filepath.Join(out, filepath.FromSlash(name)), p); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

func (h heldOutput) check(t *testing.T, step string) {
	t.Helper()
	for name, want := range h.bytes {
		got, err := os.ReadFile(filepath.Join(h.dir, filepath.FromSlash(name)))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s: the previous output's %s was written (now %q)", step, name, got)
		}
	}
}

// TestPreviousOutputIsNeverWritten runs builds that change pages, static
// files and the stylesheet over an output, failing in each way a build can
// fail and then succeeding, and checks that no file of the output that was
// live during a build ever changed: carried-over pages share their data
// with it.
func TestPreviousOutputIsNeverWritten(t *testing.T) {
	dir := safetySite(t, map[string]string{"static/css/site.css": "body { color: black; }\n", "static/robots-note.txt": "v1\n"})
	out := filepath.Join(dir, "public")
	mustBuild(t, BuildOptions{Src: dir})

	failSwap := output.WithFaults(func(op, name string) error {
		if op == "swap" {
			return errors.New("injected swap failure")
		}
		return nil
	})
	steps := []struct {
		name   string
		edit   func()
		opts   []output.Option
		failed bool
	}{
		{"a static file edited, the swap fails", func() {
			writeSiteFile(t, dir, "static/css/site.css", "body { color: red; }\n")
			writeSiteFile(t, dir, "static/robots-note.txt", "v2\n")
		}, []output.Option{failSwap}, true},
		{"a static file named like a generated one", func() { writeSiteFile(t, dir, "static/robots.txt", "User-agent: *\n") }, nil, true},
		{"a briefing edited, writes fail", func() {
			os.Remove(filepath.Join(dir, "static/robots.txt"))
			writeSiteFile(t, dir, "content/briefings/b.md", briefingFile("B", "2024-01-02", []string{"Japan"}, "")+"\nMore.\n")
		}, []output.Option{faultAfter(3, syscall.ENOSPC)}, true},
		{"a briefing edited, the swap fails", func() {}, []output.Option{failSwap}, true},
		{"everything goes through", func() {}, nil, false},
	}
	for _, step := range steps {
		before := snapshot(t, out)
		held := holdOutput(t, out)
		step.edit()
		_, err := Build(BuildOptions{Src: dir, Now: buildNow, outputOptions: step.opts})
		if (err != nil) != step.failed {
			t.Fatalf("%s: err = %v", step.name, err)
		}
		held.check(t, step.name)
		if step.failed {
			if err := sameFiles(before, snapshot(t, out)); err != nil {
				t.Errorf("%s: the output changed: %v", step.name, err)
			}
		}
	}
	if css, _ := os.ReadFile(filepath.Join(out, "css/site.css")); string(css) != "body { color: red; }\n" {
		t.Errorf("after the last build css/site.css = %q", css)
	}
}

// TestStaticFileCannotReplaceAGeneratedOne: a static file with the name of
// a page, a feed, the sitemap or the stylesheet brief writes would replace
// it silently; it is an error naming both, in a build, a check and the dev
// server.
func TestStaticFileCannotReplaceAGeneratedOne(t *testing.T) {
	for name, hint := range map[string]string{
		"index.html":             "remove it, or override the template instead",
		"briefings/a/index.html": "remove it, or override the template instead",
		"robots.txt":             "remove it, or override the template instead",
		"sitemap.xml":            "remove it, or override the template instead",
		"feed.xml":               "remove it, or override the template instead",
		"tags/energy/feed.xml":   "remove it, or override the template instead",
		"css/chroma.css":         "remove it: brief writes the stylesheet of code highlighting itself",
	} {
		t.Run(name, func(t *testing.T) {
			dir := safetySite(t, nil)
			out := filepath.Join(dir, "public")
			mustBuild(t, BuildOptions{Src: dir})
			before := snapshot(t, out)
			writeSiteFile(t, dir, "static/"+name, "not brief's")
			want := []string{fmt.Sprintf("static/%s: error: would replace the file brief generates at %s (%s)", name, name, hint)}

			res, err := Build(BuildOptions{Src: dir, Now: buildNow})
			if !errors.Is(err, ErrInvalidSite) || !slices.Equal(buildLines(dir, res), want) {
				t.Errorf("build: %v\n%q\nwant %q", err, buildLines(dir, res), want)
			}
			if err := sameFiles(before, snapshot(t, out)); err != nil {
				t.Errorf("the output changed: %v", err)
			}
			check := Check(dir, buildNow)
			var lines []string
			for _, p := range check.Problems {
				lines = append(lines, strings.TrimPrefix(p.String(), dir+"/"))
			}
			if !slices.Equal(lines, want) {
				t.Errorf("check: %q\nwant %q", lines, want)
			}
			snap := NewSession(BuildOptions{Src: dir}).Rebuild(nil, buildNow)
			if snap.Files != nil || !slices.Equal(snapLines(dir, snap), want) {
				t.Errorf("dev server: files %v, problems %q\nwant %q", snap.Files != nil, snapLines(dir, snap), want)
			}
		})
	}
}

// TestThemeStaticFilesReplaceNothing: the theme's own static files never
// take the name of a file the render writes.
func TestThemeStaticFilesReplaceNothing(t *testing.T) {
	dir := safetySite(t, nil)
	res := mustBuild(t, BuildOptions{Src: dir})
	if len(res.Problems) != 0 {
		t.Errorf("problems: %v", res.Problems)
	}
	n := 0
	fs.WalkDir(static.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) != ".go" {
			n++
		}
		return nil
	})
	if res.Static != n {
		t.Errorf("%d static files copied, the theme has %d", res.Static, n)
	}
}

// TestLinksInStaticAndTemplatesAreNotFollowed: links out of the site, as
// the folders themselves or as files in them, bring nothing in; each is a
// warning, and the theme's file of the same name is used.
func TestLinksInStaticAndTemplatesAreNotFollowed(t *testing.T) {
	outside := t.TempDir()
	const secret = "SECRET-FROM-OUTSIDE"
	writeSiteFile(t, outside, "shadow", secret)
	writeSiteFile(t, outside, "base.html", `{{define "base"}}`+secret+`{{end}}`)
	writeSiteFile(t, outside, "partials/entry.html", secret)
	writeSiteFile(t, outside, "css/site.css", secret)

	cases := []struct {
		name  string
		links map[string]string // site path → target
		want  []string
	}{
		{"static folder", map[string]string{"static": outside},
			[]string{"static: warning: symbolic link not followed (make static/ a folder of the site, not a link to one)"}},
		{"static files", map[string]string{"static/shadow": filepath.Join(outside, "shadow"), "static/css/site.css": filepath.Join(outside, "css/site.css")},
			[]string{
				"static/css/site.css: warning: symbolic link not followed (copy the file into static/ instead)",
				"static/shadow: warning: symbolic link not followed (copy the file into static/ instead)",
			}},
		{"static subfolder", map[string]string{"static/etc": outside},
			[]string{"static/etc: warning: symbolic link not followed (copy the file into static/ instead)"}},
		{"templates folder", map[string]string{"templates": outside},
			[]string{"templates: warning: symbolic link not followed (make templates/ a folder of the site, not a link to one)"}},
		{"template files", map[string]string{"templates/base.html": filepath.Join(outside, "base.html"), "templates/partials": filepath.Join(outside, "partials")},
			[]string{
				"templates/base.html: warning: symbolic link not followed (copy the file into templates/ instead)",
				"templates/partials: warning: symbolic link not followed (copy the file into templates/ instead)",
			}},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			dir := safetySite(t, map[string]string{"static/own.txt": "own\n"})
			for from, to := range tt.links {
				p := filepath.Join(dir, filepath.FromSlash(from))
				if from == "static" {
					os.RemoveAll(p)
				}
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.Symlink(to, p); err != nil {
					t.Fatal(err)
				}
			}
			res := mustBuild(t, BuildOptions{Src: dir})
			if got := buildLines(dir, res); !slices.Equal(got, tt.want) {
				t.Errorf("build problems:\n%q\nwant\n%q", got, tt.want)
			}
			for name, data := range snapshot(t, filepath.Join(dir, "public")) {
				if strings.Contains(string(data), secret) {
					t.Errorf("%s holds a file from outside the site", name)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "public/css/site.css")); err != nil {
				t.Error("the theme's css/site.css is missing")
			}
			// The dev server says and does the same.
			snap := NewSession(BuildOptions{Src: dir}).Rebuild(nil, buildNow)
			if got := snapLines(dir, snap); !slices.Equal(got, tt.want) {
				t.Errorf("dev server problems:\n%q\nwant\n%q", got, tt.want)
			}
			for name, data := range filesOf(t, snap.Files) {
				if strings.Contains(string(data), secret) {
					t.Errorf("the dev server serves %s from outside the site", name)
				}
			}
		})
	}
}

// TestSpecialFilesAreNeverOpened: a named pipe in static/ or templates/
// would make a build wait for ever if it were opened; it is skipped with a
// warning, in a build and in the dev server.
func TestSpecialFilesAreNeverOpened(t *testing.T) {
	dir := safetySite(t, map[string]string{"templates/partials/own.html": `{{define "own"}}{{end}}`})
	for _, name := range []string{"static/pipe", "static/css/pipe.css", "templates/pipe.html", "templates/partials/pipe.html", "templates/base.html"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("cannot make a named pipe here: %v", err)
		}
	}
	want := []string{
		"static/css/pipe.css: warning: a named pipe (FIFO), not a file; skipped (brief reads ordinary files only; replace it with one)",
		"static/pipe: warning: a named pipe (FIFO), not a file; skipped (brief reads ordinary files only; replace it with one)",
		"templates/base.html: warning: a named pipe (FIFO), not a file; skipped (brief reads ordinary files only; replace it with one)",
		"templates/partials/pipe.html: warning: a named pipe (FIFO), not a file; skipped (brief reads ordinary files only; replace it with one)",
		"templates/pipe.html: warning: a named pipe (FIFO), not a file; skipped (brief reads ordinary files only; replace it with one)",
	}
	withTimeout(t, func() {
		res := mustBuild(t, BuildOptions{Src: dir})
		if got := buildLines(dir, res); !slices.Equal(got, want) {
			t.Errorf("build problems:\n%q\nwant\n%q", got, want)
		}
		snap := NewSession(BuildOptions{Src: dir}).Rebuild(nil, buildNow)
		if got := snapLines(dir, snap); snap.Files == nil || !slices.Equal(got, want) {
			t.Errorf("dev server problems:\n%q\nwant\n%q", got, want)
		}
		check := Check(dir, buildNow)
		if len(check.Problems) != len(want) {
			t.Errorf("check problems: %v", check.Problems)
		}
	})
}

func withTimeout(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("blocked: a file was opened that should not have been")
	}
}

// TestFilesOverTheLimits: a huge static file is refused before a byte of
// it is copied, a large one is copied without being held in memory, and a
// template over its limit is an error.
func TestFilesOverTheLimits(t *testing.T) {
	dir := safetySite(t, nil)
	huge := filepath.Join(dir, "static/disk.img")
	os.MkdirAll(filepath.Dir(huge), 0o755)
	f, err := os.Create(huge)
	if err == nil {
		err = f.Truncate(5 << 30) // sparse: no disk space used
		f.Close()
	}
	if err != nil {
		t.Skipf("cannot make a sparse file: %v", err)
	}
	start := time.Now()
	res, err := Build(BuildOptions{Src: dir, Now: buildNow})
	want := []string{"static/disk.img: error: the file is 5 GiB, over the 256 MiB limit for a static file (serve such a file from elsewhere and link to it)"}
	if !errors.Is(err, ErrInvalidSite) || !slices.Equal(buildLines(dir, res), want) {
		t.Errorf("5 GiB static file: %v %q", err, buildLines(dir, res))
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("refusing a huge file took %v", d)
	}

	// 24 MiB is copied block by block: the build allocates far less.
	os.Remove(huge)
	big := strings.Repeat("0123456789abcdef", 24<<16)
	writeSiteFile(t, dir, "static/data.bin", big)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	mustBuild(t, BuildOptions{Src: dir, NoCache: true})
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("copying a 24 MiB static file allocated %d MiB", alloc>>20)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "public/data.bin")); string(data) != big {
		t.Error("the large static file was not copied whole")
	}
	// And a build with nothing changed compares it without reading it
	// into memory either.
	mustBuild(t, BuildOptions{Src: dir})
	if res := mustBuild(t, BuildOptions{Src: dir}); !res.Unchanged {
		t.Error("a build with nothing changed was not recognised as one")
	}

	writeSiteFile(t, dir, "templates/page.html", `{{define "main"}}`+strings.Repeat("x", 2<<20)+`{{end}}`)
	res, err = Build(BuildOptions{Src: dir, Now: buildNow})
	want = []string{"templates/page.html: error: cannot read template: open page.html: the file is 2 MiB, over the 1 MiB limit for a template"}
	if !errors.Is(err, ErrInvalidSite) || !slices.Equal(buildLines(dir, res), want) {
		t.Errorf("2 MiB template: %v %q", err, buildLines(dir, res))
	}
}

// TestFilesBriefDidNotWrite: a file someone put into the output stops the
// build, which names it, until the site keeps it or it is deleted; kept
// files are carried over, also when nothing else changed and when the
// build cache is gone.
func TestFilesBriefDidNotWrite(t *testing.T) {
	dir := safetySite(t, nil)
	out := filepath.Join(dir, "public")
	mustBuild(t, BuildOptions{Src: dir})
	for name, data := range map[string]string{
		"CNAME":                    "briefings.example.org\n",
		".nojekyll":                "",
		".git/HEAD":                "ref: refs/heads/gh-pages\n",
		".git/refs/heads/gh-pages": "0123\n",
		".well-known/security.txt": "Contact: mailto:x@example.org\n",
		"briefings/a/notes.txt":    "a note\n",
		"extra1.txt":               "1",
		"extra2.txt":               "2",
	} {
		writeSiteFile(t, out, name, data)
	}
	before := snapshot(t, out)
	_, err := Build(BuildOptions{Src: dir, Now: buildNow})
	want := "the output folder " + out + " holds files brief did not write: .git/, .nojekyll, .well-known/, CNAME, briefings/a/notes.txt and 2 more " +
		"(add them to keep: in site.yaml to carry them over, or delete them); the previous output is unchanged"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	if err := sameFiles(before, snapshot(t, out)); err != nil {
		t.Errorf("the output changed: %v", err)
	}

	// Kept: carried over by every kind of build.
	writeSiteFile(t, dir, "site.yaml", testConfig+"keep: [CNAME, .nojekyll, .git, .well-known/, briefings/a/notes.txt, extra1.txt]\n")
	os.Remove(filepath.Join(out, "extra2.txt"))
	kept := []string{"CNAME", ".nojekyll", ".git/HEAD", ".git/refs/heads/gh-pages", ".well-known/security.txt", "briefings/a/notes.txt", "extra1.txt"}
	for _, step := range []struct {
		name string
		do   func()
		opts BuildOptions
	}{
		{"site.yaml changed", func() {}, BuildOptions{Src: dir}},
		{"nothing changed", func() {}, BuildOptions{Src: dir}},
		{"a briefing added", func() {
			writeSiteFile(t, dir, "content/briefings/c.md", briefingFile("C", "2024-01-03", []string{"Chile"}, ""))
		}, BuildOptions{Src: dir}},
		{"a briefing removed, no cache used", func() { os.Remove(filepath.Join(dir, "content/briefings/c.md")) }, BuildOptions{Src: dir, NoCache: true}},
		{"the cache deleted", func() { os.RemoveAll(filepath.Join(dir, ".brief-cache")) }, BuildOptions{Src: dir}},
	} {
		step.do()
		held := holdOutput(t, out)
		mustBuild(t, step.opts)
		held.check(t, step.name)
		for _, name := range kept {
			a, errA := os.Stat(filepath.Join(out, name))
			b, errB := os.Stat(filepath.Join(held.dir, name))
			if errA != nil || errB != nil || !os.SameFile(a, b) {
				t.Errorf("%s: %s was not kept as it was: %v %v", step.name, name, errA, errB)
			}
		}
	}

	// Without the cache, the output's own record (in its marker) tells
	// brief's pages of a briefing removed since from someone's files: they
	// go, and the kept files stay.
	writeSiteFile(t, dir, "content/briefings/c.md", briefingFile("C", "2024-01-03", []string{"Chile"}, ""))
	mustBuild(t, BuildOptions{Src: dir})
	os.Remove(filepath.Join(dir, "content/briefings/c.md"))
	os.RemoveAll(filepath.Join(dir, ".brief-cache"))
	mustBuild(t, BuildOptions{Src: dir})
	if _, err := os.Stat(filepath.Join(out, "briefings/c")); err == nil {
		t.Error("without the cache, the removed briefing's page stayed")
	}
	for _, name := range kept {
		if _, err := os.Lstat(filepath.Join(out, name)); err != nil {
			t.Errorf("without the cache, %s was not kept: %v", name, err)
		}
	}

	// An output with a marker but no record (an older brief's): pages of a
	// briefing removed since cannot be told from someone's files, so the
	// build refuses and says why.
	writeSiteFile(t, dir, "content/briefings/c.md", briefingFile("C", "2024-01-03", []string{"Chile"}, ""))
	mustBuild(t, BuildOptions{Src: dir})
	os.Remove(filepath.Join(dir, "content/briefings/c.md"))
	os.RemoveAll(filepath.Join(dir, ".brief-cache"))
	if err := os.WriteFile(filepath.Join(out, output.Marker), []byte(output.MarkerText), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Build(BuildOptions{Src: dir, Now: buildNow})
	// The search files named by their content changed with the briefings,
	// so their former versions are among the files listed.
	want = "the output folder " + out + " holds files this build does not write, and brief has no record of writing them (the output was written by an older brief): " +
		"briefings/c/, countries/cl/, page/, search/"
	wantEnd := " (add them to keep: in site.yaml to carry them over, or delete them); the previous output is unchanged"
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), wantEnd) {
		t.Errorf("without a record: %v\nwant %s…%s", err, want, wantEnd)
	}
	os.RemoveAll(filepath.Join(out, "briefings/c"))
	os.RemoveAll(filepath.Join(out, "countries/cl"))
	os.RemoveAll(filepath.Join(out, "page"))
	os.RemoveAll(filepath.Join(out, "search"))

	// A path brief writes cannot also be kept.
	writeSiteFile(t, dir, "site.yaml", testConfig+"keep: [robots.txt, tags, CNAME]\n")
	res, err := Build(BuildOptions{Src: dir, Now: buildNow})
	wantLines := []string{
		"site.yaml: error: keep: robots.txt is a file brief writes (remove it from keep:)",
		"site.yaml: error: keep: tags is a folder brief writes into, with tags/energy/feed.xml (remove it from keep:)",
	}
	if !errors.Is(err, ErrInvalidSite) || !slices.Equal(buildLines(dir, res), wantLines) {
		t.Errorf("keep of brief's own files: %v\n%q\nwant %q", err, buildLines(dir, res), wantLines)
	}
}

// TestFilesBriefDidNotWriteFromTheCache: pages of an earlier build that
// the site no longer has are brief's own and go without a word, as the
// build cache's manifest tells, even when the cache was written by another
// brief.
func TestFilesBriefDidNotWriteFromTheCache(t *testing.T) {
	dir := safetySite(t, map[string]string{"content/briefings/c.md": briefingFile("C", "2024-01-03", []string{"Chile"}, "tags: [mining]\n")})
	out := filepath.Join(dir, "public")
	mustBuild(t, BuildOptions{Src: dir})
	os.Remove(filepath.Join(dir, "content/briefings/c.md"))
	mustBuild(t, BuildOptions{Src: dir, NoCache: true}) // reads the manifest, saves nothing
	if _, err := os.Stat(filepath.Join(out, "tags/mining")); err == nil {
		t.Error("the pages of a removed briefing survived")
	}
}
