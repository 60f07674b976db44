package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"brief/internal/sitetest"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestBadInputs runs brief on every case of testdata/bad: a small site with
// something wrong. Each case states the command, the exit status and the
// exact problem lines (`path:line:col: error: message (hint)`, paths relative to
// the site). Besides the site's files, a case may hold:
//
//	-- args --      the command and its flags, -src and -out are added (default: build)
//	-- exit --      the expected exit status
//	-- stderr --    the expected problem lines, in order
//	-- symlinks --  lines "path -> target" made into symbolic links
//	-- fifos --     lines "path" made into named pipes (FIFOs)
//
// The links are made first, so that a link may stand for a folder of the
// site (content -> ../outside): a file of the case whose path goes through
// such a link is written at the link's target, which must then lie in the
// case's temporary folder. A site.yaml is added when the case has none and
// does not say "no site.yaml" in its comment. Every case must end within
// seconds (a named pipe opened would wait forever), and a failed build
// must leave nothing behind.
var updateBad = flag.Bool("update-bad", false, "write the problems brief reports into testdata/bad (review the diff!)")

func TestBadInputs(t *testing.T) {
	cases, _ := filepath.Glob("testdata/bad/*.txtar")
	if len(cases) < 100 {
		t.Fatalf("only %d bad-input cases; the corpus must hold at least 100", len(cases))
	}
	for _, file := range cases {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			site := filepath.Join(dir, "site")
			special := map[string]string{}
			hasConfig := false
			for _, f := range ar.Files {
				switch f.Name {
				case "args", "exit", "stderr", "symlinks", "fifos":
					special[f.Name] = string(f.Data)
				case "site.yaml":
					hasConfig = true
				}
			}
			links := makeLinks(t, site, special["symlinks"])
			for _, f := range ar.Files {
				if _, ok := special[f.Name]; ok {
					continue
				}
				p := throughLinks(t, dir, site, f.Name, links)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, bytes.TrimSuffix(f.Data, []byte("<no newline>\n")), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, name := range strings.Fields(special["fifos"]) {
				p := throughLinks(t, dir, site, name, links)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := syscall.Mkfifo(p, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := os.Lstat(filepath.Join(site, "site.yaml")); err != nil && !hasConfig && !strings.Contains(string(ar.Comment), "no site.yaml") {
				os.WriteFile(filepath.Join(site, "site.yaml"), []byte("title: Test\nbase_url: https://example.org/\n"), 0o644)
			}
			if _, err := os.Lstat(filepath.Join(site, "content")); err != nil {
				os.MkdirAll(filepath.Join(site, "content"), 0o755)
			}
			args := strings.Fields(special["args"])
			if len(args) == 0 {
				args = []string{"build"}
			}
			out := filepath.Join(dir, "public")
			for i, a := range args {
				args[i] = strings.ReplaceAll(a, "CONTENT", filepath.Join(site, "content"))
			}
			args = append(args, "-src", site)
			if args[0] == "build" && !slices.Contains(args, "-out") {
				args = append(args, "-out", out)
			}
			wantExit, _ := strconv.Atoi(strings.TrimSpace(special["exit"]))
			var stdout, stderr bytes.Buffer
			done := make(chan int, 1)
			go func() { done <- run(args, &stdout, &stderr) }()
			var code int
			select {
			case code = <-done:
			case <-time.After(20 * time.Second):
				// Most likely a named pipe was opened: open its other
				// end, so that the stuck read ends, and give up.
				for _, name := range strings.Fields(special["fifos"]) {
					if f, err := os.OpenFile(throughLinks(t, dir, site, name, links), os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
						f.Close()
					}
				}
				t.Fatal("still running after 20 s")
			}
			if code != wantExit {
				t.Errorf("exit %d, want %d\nstderr:\n%s", code, wantExit, stderr.String())
			}
			var got []string
			for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
				if line == "" || line == "error: the site has errors; nothing was written" {
					continue
				}
				line = strings.TrimPrefix(line, site+"/")
				got = append(got, strings.ReplaceAll(line, site, "SITE"))
			}
			want := strings.Split(strings.TrimSpace(special["stderr"]), "\n")
			if special["stderr"] == "" {
				want = nil
			}
			if *updateBad {
				for i := range ar.Files {
					if ar.Files[i].Name == "stderr" {
						ar.Files[i].Data = []byte(strings.Join(got, "\n") + "\n")
						if len(got) == 0 {
							ar.Files[i].Data = nil
						}
					}
				}
				os.WriteFile(file, txtar.Format(ar), 0o644)
				return
			}
			if !slices.Equal(got, want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if wantExit != 0 && args[0] == "build" {
				if _, err := os.Stat(out); err == nil {
					t.Error("a failed build wrote an output folder")
				}
				if leftovers, _ := filepath.Glob(filepath.Join(dir, ".public.brief-staging-*")); len(leftovers) > 0 {
					t.Errorf("staging folders left behind: %v", leftovers)
				}
			}
		})
	}
}

// makeLinks makes the symbolic links of a case ("path -> target" lines,
// paths relative to the site) and returns them by path.
func makeLinks(t *testing.T, site, spec string) map[string]string {
	t.Helper()
	links := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(spec), "\n") {
		from, to, ok := strings.Cut(line, " -> ")
		if !ok {
			continue
		}
		p := filepath.Join(site, filepath.FromSlash(from))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.Symlink(to, p); err != nil {
			t.Fatal(err)
		}
		links[path.Clean(from)] = to
	}
	return links
}

// throughLinks is where the case's file name (relative to the site) is
// written: when a folder on its path is one of the case's links, the file
// goes to the link's target instead, which must lie inside dir, the case's
// temporary folder (a case never writes into /etc).
func throughLinks(t *testing.T, dir, site, name string, links map[string]string) string {
	t.Helper()
	name = path.Clean(name)
	for prefix := name; prefix != "." && prefix != "/"; prefix = path.Dir(prefix) {
		to, ok := links[prefix]
		if !ok {
			continue
		}
		if prefix == name {
			t.Fatalf("%s is both a file and a link of the case", name)
		}
		target := filepath.FromSlash(to)
		if !filepath.IsAbs(target) {
			target = filepath.Join(site, filepath.FromSlash(path.Dir(prefix)), target)
		}
		if rel, err := filepath.Rel(dir, target); err != nil || !filepath.IsLocal(rel) {
			t.Fatalf("%s goes through the link %s -> %s, out of the case's folder", name, prefix, to)
		}
		rest, _ := strings.CutPrefix(name, prefix+"/")
		return filepath.Join(target, filepath.FromSlash(rest))
	}
	return filepath.Join(site, filepath.FromSlash(name))
}

// TestHostileTextIsEscaped builds a briefing whose title, summary, tag and
// source hold markup, and checks that it shows as text everywhere it
// appears and never runs: HTML pages, feeds, JSON-LD and the search index.
func TestHostileTextIsEscaped(t *testing.T) {
	const (
		title   = `<script>alert('t')</script> & "quotes"`
		summary = `<img src=x onerror=alert('s')>`
		tag     = `<script>alert('g')</script>`
		source  = `</script><script>alert('src')</script>`
	)
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	files := map[string]string{
		"site.yaml": "title: Test\nbase_url: https://example.org/\n",
		"content/briefings/x.md": "---\ntitle: " + strconv.Quote(title) + "\ndate: 2023-08-02\ncountries: [Ukraine]\nsources: [{name: " +
			strconv.Quote(source) + ", url: \"https://example.org/a?b=c&d=e\"}]\nsummary: " + strconv.Quote(summary) + "\ntags: [" + strconv.Quote(tag) + "]\n---\nBody <script>alert('body')</script>.\n",
	}
	for name, data := range files {
		p := filepath.Join(site, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	out := filepath.Join(dir, "public")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-src", site, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("build failed: %s", stderr.String())
	}
	pages := []string{"briefings/x/index.html", "index.html", "archive/index.html", "search/index.html", "countries/ua/index.html", "tags/script-alert-g-script/index.html", "tags/index.html"}
	for _, p := range pages {
		doc := sitetest.ReadHTML(t, filepath.Join(out, p))
		for _, s := range sitetest.FindAll(doc, sitetest.Tag("script")) {
			if sitetest.Attr(s, "type") == "application/ld+json" || sitetest.Attr(s, "src") == "/js/search.js" ||
				sitetest.Attr(s, "type") == "application/json" && sitetest.Attr(s, "id") == "search-words" {
				continue // the theme's own
			}
			t.Errorf("%s: a script element from content: %s", p, sitetest.Text(s))
		}
		for _, img := range sitetest.FindAll(doc, sitetest.Tag("img")) {
			t.Errorf("%s: an img element from content: %v", p, img.Attr)
		}
	}
	doc := sitetest.ReadHTML(t, filepath.Join(out, "briefings/x/index.html"))
	if h1 := sitetest.Find(doc, sitetest.Tag("h1")); h1 == nil || sitetest.Text(h1) != title {
		t.Errorf("h1 does not show the title as text")
	}
	text := sitetest.Text(doc)
	for _, want := range []string{summary, tag, source} {
		if !strings.Contains(text, want) {
			t.Errorf("briefing page does not show %q as text", want)
		}
	}
	// JSON-LD: valid JSON with the title as data, and no way out of its
	// script element.
	ld := sitetest.Find(doc, sitetest.TagAttr("script", "type", "application/ld+json"))
	var article map[string]any
	if ld == nil || json.Unmarshal([]byte(sitetest.Text(ld)), &article) != nil || article["headline"] != title {
		t.Errorf("JSON-LD missing or wrong: %v", article)
	}
	raw, _ := os.ReadFile(filepath.Join(out, "briefings/x/index.html"))
	if strings.Count(string(raw), "</script>") != 1 {
		t.Errorf("the page closes %d script elements, want only the JSON-LD one", strings.Count(string(raw), "</script>"))
	}
	// Feeds carry the text, escaped by XML.
	f := sitetest.ReadFeed(t, filepath.Join(out, "feed.xml"))
	if f.Items[0].Title != title || f.Items[0].Description != summary || !slices.Contains(f.Items[0].Categories, tag) {
		t.Errorf("feed item = %q / %q / %v", f.Items[0].Title, f.Items[0].Description, f.Items[0].Categories)
	}
	if strings.Contains(f.Items[0].Content, "<script") {
		t.Errorf("feed content carries a script: %s", f.Items[0].Content)
	}
	jf := sitetest.ReadFeed(t, filepath.Join(out, "feed.json"))
	if jf.Items[0].Title != title {
		t.Errorf("JSON feed title = %q", jf.Items[0].Title)
	}
	// The search files hold the text; their bytes hold no markup at all.
	var manifest struct {
		Fragments struct{ Lists []string }
	}
	data, _ := os.ReadFile(filepath.Join(out, "search/manifest.json"))
	if err := json.Unmarshal(data, &manifest); err != nil || len(manifest.Fragments.Lists) == 0 {
		t.Fatalf("search manifest = %s, %v", data, err)
	}
	var hashes []string
	list, _ := os.ReadFile(filepath.Join(out, "search/fragments", manifest.Fragments.Lists[0]+".json"))
	if err := json.Unmarshal(list, &hashes); err != nil || len(hashes) == 0 {
		t.Fatalf("search fragments list = %s, %v", list, err)
	}
	bundle, _ := os.ReadFile(filepath.Join(out, "search/fragments", hashes[0]+".json"))
	var cards []map[string]any
	if err := json.Unmarshal(bundle, &cards); err != nil || cards[0]["title"] != title || cards[0]["summary"] != summary {
		t.Errorf("search result card = %v, %v", cards, err)
	}
	err := filepath.WalkDir(filepath.Join(out, "search"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := os.ReadFile(p)
		if bytes.ContainsAny(data, "<>") {
			t.Errorf("%s holds raw < or >", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
