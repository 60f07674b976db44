package main

import (
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"brief/internal/sitetest"
)

const draftSite = `-- site.yaml --
title: Drafts
base_url: https://drafts.example.org/
-- content/briefings/2023-08-02-talks.md --
---
title: Talks
date: 2023-08-02
countries: [Italy]
sources: [Reuters]
---
Published.
-- content/briefings/2023-08-03-plans.md --
---
title: Plans
date: 2023-08-03
countries: [Italy]
sources: [Reuters]
draft: true
---
A draft.
-- content/pages/notes.md --
---
title: Notes
draft: true
---
A draft page.
`

// startServeProcess runs brief serve with args in a process of its own, as
// an author does, and returns its address; the process is stopped with
// SIGINT when the test ends.
func startServeProcess(t *testing.T, args ...string) string {
	t.Helper()
	cmd := briefCommand(append([]string{"serve", "-addr", "127.0.0.1:0"}, args...)...)
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	serving := regexp.MustCompile(`Serving .* at (http://\S+/)`)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m := serving.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("brief serve %v did not start within 20 s:\n%s", args, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// getHTML fetches a page and parses it.
func getHTML(t *testing.T, url string) (int, *html.Node) {
	t.Helper()
	status, body := fetch(t, url)
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return status, doc
}

// draftLabel is the "Draft" label inside n, or nil.
func draftLabel(n *html.Node) *html.Node {
	label := sitetest.Find(n, func(n *html.Node) bool { return hasClass(n, "draft-label") })
	if label != nil && strings.TrimSpace(sitetest.Text(label)) != "Draft" {
		return nil
	}
	return label
}

// listedLabels maps each briefing a list page links to (by address) to
// whether its entry carries the Draft label. entry picks the elements
// that are entries.
func listedLabels(doc *html.Node, entry func(*html.Node) bool) map[string]bool {
	out := map[string]bool{}
	for _, e := range sitetest.FindAll(doc, entry) {
		if a := sitetest.Find(e, sitetest.Tag("a")); a != nil {
			out[sitetest.Attr(a, "href")] = draftLabel(e) != nil
		}
	}
	return out
}

// TestDraftLabels runs brief serve as an author does, without flags: the
// drafts show, labelled on their own page and in every list, and the
// published briefing carries no label. With -drafts=false they are gone.
func TestDraftLabels(t *testing.T) {
	dir := sitetest.WriteSite(t, draftSite)
	url := startServeProcess(t, "-src", dir)

	for _, p := range []string{"briefings/plans/", "notes/"} {
		status, doc := getHTML(t, url+p)
		if status != http.StatusOK {
			t.Fatalf("/%s: status %d, want 200: plain brief serve shows drafts", p, status)
		}
		notice := sitetest.Find(doc, func(n *html.Node) bool { return hasClass(n, "draft-notice") })
		if notice == nil || draftLabel(notice) == nil {
			t.Errorf("/%s: no Draft label at the top of the draft's page", p)
		}
	}
	_, talks := getHTML(t, url+"briefings/talks/")
	if sitetest.Find(talks, func(n *html.Node) bool { return hasClass(n, "draft-notice") }) != nil {
		t.Error("/briefings/talks/: a published briefing is labelled a draft")
	}

	want := map[string]bool{"/briefings/plans/": true, "/briefings/talks/": false}
	lists := []struct {
		path  string
		entry func(*html.Node) bool
	}{
		{"", func(n *html.Node) bool { return n.Data == "article" && hasClass(n, "item") }},
		{"countries/it/", func(n *html.Node) bool { return n.Data == "article" && hasClass(n, "item") }},
		{"archive/2023/", func(n *html.Node) bool { return n.Data == "li" && n.Parent != nil && hasClass(n.Parent, "compact") }},
	}
	for _, l := range lists {
		_, doc := getHTML(t, url+l.path)
		got := listedLabels(doc, l.entry)
		for href, labelled := range want {
			if shown, ok := got[href]; !ok {
				t.Errorf("/%s does not list %s (entries: %v)", l.path, href, got)
			} else if shown != labelled {
				t.Errorf("/%s: %s labelled Draft = %v, want %v", l.path, href, shown, labelled)
			}
		}
	}

	hidden := startServeProcess(t, "-src", dir, "-drafts=false")
	if status, _ := fetch(t, hidden+"briefings/plans/"); status != http.StatusNotFound {
		t.Errorf("-drafts=false: /briefings/plans/ answers %d, want 404", status)
	}
	_, home := getHTML(t, hidden)
	if got := listedLabels(home, func(n *html.Node) bool { return n.Data == "article" && hasClass(n, "item") }); len(got) != 1 || got["/briefings/talks/"] {
		t.Errorf("-drafts=false: the home page lists %v, want only /briefings/talks/ without a label", got)
	}
}
