package generator

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"brief/generator/load"
	"brief/generator/markdown"
	"brief/generator/render"
	"brief/generator/site"
	"brief/internal/corpus"
	"brief/templates"
)

// TestNativeMatchesTemplates renders sites twice, with the default theme's
// Go renderers and with html/template alone, and requires every file to be
// byte-identical: the Go code must stay a faithful copy of the templates,
// escaping included.
func TestNativeMatchesTemplates(t *testing.T) {
	example, probs := load.Load(os.DirFS(".."), load.Options{Now: benchNow})
	if probs.Errors() > 0 {
		t.Fatal(probs)
	}
	t.Run("example", func(t *testing.T) { requireSameRender(t, example) })

	dir := t.TempDir()
	if err := corpus.Write(dir, corpus.Options{N: 300}); err != nil {
		t.Fatal(err)
	}
	generated, probs := load.Load(os.DirFS(dir), load.Options{Now: benchNow})
	if probs.Errors() > 0 {
		t.Fatal(probs)
	}
	t.Run("corpus", func(t *testing.T) { requireSameRender(t, generated) })

	// The same sites with hostile text in every field a page prints, and
	// addresses the loader would refuse, under a base path.
	for seed := range uint64(6) {
		for name, s := range map[string]*site.Site{"example": example, "corpus": generated} {
			t.Run(fmt.Sprintf("hostile-%s-%d", name, seed), func(t *testing.T) {
				requireSameRender(t, hostile(s, rand.New(rand.NewPCG(seed, 7))))
			})
		}
	}
}

// TestNativeStepsAsideForOverrides checks that a site overriding a template
// gets that template, not the built-in Go renderer.
func TestNativeStepsAsideForOverrides(t *testing.T) {
	s, probs := load.Load(os.DirFS(".."), load.Options{Now: benchNow})
	if probs.Errors() > 0 {
		t.Fatal(probs)
	}
	shows := map[string]string{
		"briefing.html":      "briefings/italy-ukraine-agreement/index.html",
		"base.html":          "countries/ua/index.html",
		"partials/item.html": "index.html",
	}
	for name, page := range shows {
		t.Run(name, func(t *testing.T) {
			overridden := fstest.MapFS{}
			all, err := fs.Glob(templates.FS, "*.html")
			more, _ := fs.Glob(templates.FS, "partials/*.html")
			if err != nil || len(all) == 0 || len(more) == 0 {
				t.Fatalf("no templates embedded: %v", err)
			}
			for _, f := range append(all, more...) {
				data, err := templates.FS.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if f == name {
					data = bytes.Replace(data, []byte("<article class=\"item\">"), []byte("<article class=\"item\" data-overridden>"), 1)
					data = bytes.Replace(data, []byte("<body class="), []byte("<body data-overridden class="), 1)
					data = bytes.Replace(data, []byte("<div class=\"body\">"), []byte("<div data-overridden class=\"body\">"), 1)
				}
				overridden[f] = &fstest.MapFile{Data: data}
			}
			files := renderWith(t, s, overridden, templates.FS)
			if !bytes.Contains(files[page], []byte("data-overridden")) {
				t.Fatalf("with %s overridden, %s did not use it", name, page)
			}
		})
	}
}

func requireSameRender(t *testing.T, s *site.Site) {
	t.Helper()
	native := renderWith(t, s, templates.FS, templates.FS)
	viaTemplates := renderWith(t, s, templates.FS, nil)
	if len(native) != len(viaTemplates) {
		t.Fatalf("native render wrote %d files, templates %d", len(native), len(viaTemplates))
	}
	differ := 0
	for name, want := range viaTemplates {
		got := native[name]
		if bytes.Equal(got, want) {
			continue
		}
		differ++
		if differ <= 3 {
			t.Errorf("%s differs from the template's rendering:\n%s", name, firstDifference(got, want))
		}
	}
	if differ > 0 {
		t.Fatalf("%d of %d files differ", differ, len(viaTemplates))
	}
}

func renderWith(t *testing.T, s *site.Site, theme, defaults fs.FS) map[string][]byte {
	t.Helper()
	out := &memOutput{files: map[string][]byte{}}
	_, probs := render.Render(s, render.Options{Templates: theme, DefaultTemplates: defaults, Markdown: markdown.New(markdown.Options{}), Out: out})
	if probs.Errors() > 0 {
		t.Fatal(probs)
	}
	return out.files
}

// firstDifference shows where two renderings part, with some context.
func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-120)
	clip := func(b []byte) string { return string(b[from:min(len(b), i+120)]) }
	return fmt.Sprintf("at byte %d\nnative:    %q\ntemplates: %q", i, clip(got), clip(want))
}

// hostile returns a copy of s whose printed text is full of characters
// that need escaping, and whose addresses hold what URLs may not.
func hostile(s *site.Site, rng *rand.Rand) *site.Site {
	pieces := []string{"<b>", "</title>", "&amp;", "&", "\"", "'", "+", "<!--", "]]>", "\x00", "\xff", "é", "—", " ", "javascript:alert(1)", "%", "%2F", "%zz", "{{.}}", "\\", "`", "\n", "a", "Kyiv"}
	text := func() string {
		var b strings.Builder
		for range 1 + rng.IntN(6) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	addr := func() string {
		return []string{"https://x.org/a b?q=1&r='x'", "javascript:alert(1)", "HTTP://X.ORG/%41%zz", "mailto:a@b.org", "data:text/html,<b>", "//x.org/(x)", "https://x.org/é#frag"}[rng.IntN(7)]
	}
	c := *s
	c.Config.Title = text()
	c.Config.Description = text()
	c.Config.Publisher = text()
	c.Config.BaseURL = "https://example.org/brief" + []string{"", "s", "%20x", "'q'"}[rng.IntN(4)]
	c.Briefings = make([]*site.Briefing, len(s.Briefings))
	for i, orig := range s.Briefings {
		b := *orig
		b.Title, b.Summary, b.Author = text(), text(), text()
		if rng.IntN(3) == 0 {
			b.Summary = ""
		}
		b.Sources = append([]site.Source(nil), orig.Sources...)
		for j := range b.Sources {
			b.Sources[j].Name, b.Sources[j].Title = text(), text()
			b.Sources[j].URL = addr()
		}
		b.Tags = append([]site.Tag(nil), orig.Tags...)
		for j := range b.Tags {
			b.Tags[j].Name = text()
		}
		// Countries point into the shared registry: rename copies.
		b.Countries = append(b.Countries[:0:0], orig.Countries...)
		for j, c := range b.Countries {
			renamed := *c
			renamed.Common = text()
			b.Countries[j] = &renamed
		}
		c.Briefings[i] = &b
	}
	return &c
}
