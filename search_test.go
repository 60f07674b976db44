package main

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"brief/generator"
	"brief/generator/load"
	"brief/generator/site"
	"brief/internal/corpus"
	"brief/internal/sitetest"
)

const (
	// searchQueryBudget is what loading /search/ and running a two-word
	// query may transfer in all, uncompressed: the page, its CSS and
	// script, the manifest, the filters, the chunks and the result cards
	// of the first page of results.
	searchQueryBudget = 400_000
	// searchFileBudget is the most one search file may weigh.
	searchFileBudget = 100_000
)

// TestSearchAtScale builds 10,000 generated briefings, opens /search/ in
// headless Chromium with its cache off, types two words of one
// briefing's title and checks that briefing comes first, and that what the
// browser fetched (by its own resource timing) stays within budget.
func TestSearchAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 10,000 briefings and searches them in Chromium")
	}
	// bench/scale.sh measures a site it built itself, of any size, with
	// this same test: BRIEF_SEARCH_SITE names the site's folder and
	// BRIEF_SEARCH_OUT its output.
	src, out, n := os.Getenv("BRIEF_SEARCH_SITE"), os.Getenv("BRIEF_SEARCH_OUT"), 10_000
	now := time.Now()
	if src == "" || out == "" {
		src, out = t.TempDir(), filepath.Join(t.TempDir(), "public")
		if err := corpus.Write(src, corpus.Options{N: n, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		res, err := generator.Build(generator.BuildOptions{Src: src, Out: out, Now: now, NoCache: true})
		if err != nil {
			t.Fatalf("building 10,000 briefings: %v\n%v", err, res.Problems)
		}
	}
	s, _ := load.Load(os.DirFS(src), load.Options{Now: now})
	if os.Getenv("BRIEF_SEARCH_SITE") != "" {
		n = len(s.Briefings)
	}
	if len(s.Briefings) != n || n == 0 {
		t.Fatalf("loaded %d briefings, want %d", len(s.Briefings), n)
	}
	query, want := rarestTitlePair(s.Briefings)
	t.Logf("query %q: %d titles hold both words; the newest is %s", query, len(want), want[0])

	ctx := newBrowser(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	if err := chromedp.Do(ctx, viewport(1280), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, srv.URL+"/search/", `!document.getElementById("search-filters").hidden`)
	typeQuery(t, ctx, query)
	waitInPage(t, ctx, "results", fmt.Sprintf(`location.search === %q && !document.getElementById("search-results").hidden && !document.getElementById("search-results").hasAttribute("aria-busy")`,
		"?q="+strings.ReplaceAll(query, " ", "+")))

	got := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#search-results > li h2 a")).map(a => new URL(a.href).pathname)`)
	if len(got) == 0 || got[0] != want[0] {
		t.Fatalf("%q: the first result is %v, want %s, the newest of the titles with both words", query, got, want[0])
	}
	// Every title with both words ranks above the rest, newest first.
	if n := min(len(want), len(got)); !slices.Equal(got[:n], want[:n]) {
		t.Errorf("%q: the results begin %v, want the titles with both words, newest first: %v", query, got[:n], want[:n])
	}

	type fetched struct {
		Name        string
		Transfer    int `json:"transferSize"`
		EncodedBody int `json:"encodedBodySize"`
	}
	entries := eval[[]fetched](t, ctx, `[...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].map(e => ({name: e.name, transferSize: e.transferSize, encodedBodySize: e.encodedBodySize}))`)
	total, list := 0, []string{}
	for _, e := range entries {
		if e.Transfer == 0 {
			t.Errorf("%s: a transfer size of 0 (from a cache?)", e.Name)
		}
		total += e.Transfer
		name := strings.TrimPrefix(e.Name, srv.URL)
		list = append(list, fmt.Sprintf("%s %d", name, e.Transfer))
		if strings.HasPrefix(name, "/search/") && name != "/search/" && e.EncodedBody > searchFileBudget {
			t.Errorf("%s: %d bytes, over the %d of a search file", name, e.EncodedBody, searchFileBudget)
		}
	}
	t.Logf("%d briefings, %q: %d bytes transferred in %d files:\n\t%s", n, query, total, len(entries), strings.Join(list, "\n\t"))
	if total > searchQueryBudget {
		t.Errorf("loading /search/ and searching %q transferred %d bytes, over the budget of %d", query, total, searchQueryBudget)
	}
}

// TestSearchLabelsDrafts builds a site with its drafts, as brief serve
// shows it, and searches it in Chromium: the draft's result carries the
// theme's Draft label, the published briefing's none.
func TestSearchLabelsDrafts(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser checks run in the full test pass")
	}
	out := filepath.Join(t.TempDir(), "public")
	if res, err := generator.Build(generator.BuildOptions{Src: sitetest.WriteSite(t, draftSite), Out: out, Drafts: true, Now: time.Now()}); err != nil {
		t.Fatalf("%v\n%v", err, res.Problems)
	}
	ctx := newBrowser(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	open(t, ctx, srv.URL+"/search/?q=italy", `document.querySelectorAll("#search-results > li").length === 2`)
	got := eval[map[string]string](t, ctx, `Object.fromEntries(Array.from(document.querySelectorAll("#search-results > li")).map(li =>
		[new URL(li.querySelector("h2 a").href).pathname, Array.from(li.querySelectorAll(".meta .draft-label")).map(e => e.textContent).join()]))`)
	if want := map[string]string{"/briefings/plans/": "Draft", "/briefings/talks/": ""}; !maps.Equal(got, want) {
		t.Errorf("the results' Draft labels: %v, want %v", got, want)
	}
}

// rarestTitlePair picks two words of a title, the second typed last, that
// together are in the fewest titles; it returns them as a query and the
// addresses of the briefings whose titles hold both, newest first. A
// generated title names a made-up place, so the rarest pair is usually
// in one title alone; when it is in several, the newest must come first.
// The numbers that end each generated title are left out.
func rarestTitlePair(bs []*site.Briefing) (string, []string) {
	word := regexp.MustCompile(`[A-Za-z]+`)
	titles := make([][]string, len(bs))
	for i, b := range bs {
		titles[i] = word.FindAllString(strings.ToLower(b.Title), -1)
	}
	vocab := map[string]bool{}
	for _, ws := range titles {
		for _, w := range ws {
			vocab[w] = true
		}
	}
	// A title holds the pair (a, b) when it has the word a and a word
	// that begins with b: the last word of a query matches as a prefix.
	type pair struct{ a, b string }
	holders := map[pair][]int{}
	for i, ws := range titles {
		var starts []string
		for _, w := range ws {
			for k := 2; k <= len(w); k++ {
				if vocab[w[:k]] {
					starts = append(starts, w[:k])
				}
			}
		}
		starts = slices.Compact(slices.Sorted(slices.Values(starts)))
		for _, a := range slices.Compact(slices.Sorted(slices.Values(ws))) {
			for _, b := range starts {
				if a != b {
					holders[pair{a, b}] = append(holders[pair{a, b}], i)
				}
			}
		}
	}
	var best pair
	for p, ids := range holders {
		n, m := len(ids), len(holders[best])
		if best.a == "" || n < m || n == m && p.a+" "+p.b < best.a+" "+best.b {
			best = p
		}
	}
	ids := slices.Clone(holders[best])
	slices.SortStableFunc(ids, func(i, j int) int { return bs[j].Date.Compare(bs[i].Date) })
	urls := make([]string, len(ids))
	for k, i := range ids {
		urls[k] = bs[i].URL()
	}
	return best.a + " " + best.b, urls
}
