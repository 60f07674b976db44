package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"brief/internal/sitetest"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestBadInputs runs brief on every case of testdata/bad: a small site with
// something wrong. Each case states the command, the exit status and the
// exact problem lines (`path:line:col: message (hint)`, paths relative to
// the site). Besides the site's files, a case may hold:
//
//	-- args --      the command and its flags, -src and -out are added (default: build)
//	-- exit --      the expected exit status
//	-- stderr --    the expected problem lines, in order
//	-- symlinks --  lines "path -> target" made into symbolic links
//
// A site.yaml is added when the case has none and does not say
// "no site.yaml" in its comment. A failed build must leave nothing behind.
var updateBad = flag.Bool("update-bad", false, "write the problems brief reports into testdata/bad (review the diff!)")

func TestBadInputs(t *testing.T) {
	cases, _ := filepath.Glob("testdata/bad/*.txtar")
	if len(cases) < 40 {
		t.Fatalf("only %d bad-input cases; the corpus must hold at least 40", len(cases))
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
				case "args", "exit", "stderr", "symlinks":
					special[f.Name] = string(f.Data)
					continue
				case "site.yaml":
					hasConfig = true
				}
				p := filepath.Join(site, filepath.FromSlash(f.Name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, bytes.TrimSuffix(f.Data, []byte("<no newline>\n")), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if !hasConfig && !strings.Contains(string(ar.Comment), "no site.yaml") {
				os.WriteFile(filepath.Join(site, "site.yaml"), []byte("title: Test\nbase_url: https://example.org/\n"), 0o644)
			}
			os.MkdirAll(filepath.Join(site, "content"), 0o755)
			for _, line := range strings.Split(strings.TrimSpace(special["symlinks"]), "\n") {
				if from, to, ok := strings.Cut(line, " -> "); ok {
					if err := os.Symlink(to, filepath.Join(site, filepath.FromSlash(from))); err != nil {
						t.Fatal(err)
					}
				}
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
			start := time.Now()
			code := run(args, &stdout, &stderr)
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
			if code != wantExit {
				t.Errorf("exit %d, want %d\nstderr:\n%s", code, wantExit, stderr.String())
			}
			var got []string
			for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
				if line == "" || line == "brief build: the site has errors; nothing was written" {
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
			if sitetest.Attr(s, "type") == "application/ld+json" || sitetest.Attr(s, "src") == "/js/search.js" {
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
	// The search index holds the text; its bytes hold no markup at all.
	idx, _ := os.ReadFile(filepath.Join(out, "search/index.json"))
	var entries []map[string]any
	if err := json.Unmarshal(idx, &entries); err != nil || entries[0]["title"] != title || entries[0]["summary"] != summary {
		t.Errorf("search index = %v, %v", entries, err)
	}
	if bytes.ContainsAny(idx, "<>") {
		t.Error("the search index holds raw < or >")
	}
}
