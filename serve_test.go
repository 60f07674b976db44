package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"brief/generator/serve"
	"brief/internal/sitetest"
)

const serveSite = `-- site.yaml --
title: Live
base_url: https://live.example.org/
-- content/briefings/2023-08-02-talks.md --
---
title: Talks begin
date: 2023-08-02
countries: [Italy, Ukraine]
sources: [{name: Reuters, url: "https://www.reuters.com/"}]
summary: Talks began.
---
First version of the text.
-- content/briefings/2023-07-12-vilnius.md --
---
title: Vilnius
date: 2023-07-12
countries: [Lithuania]
sources: [NATO]
summary: The summit.
---
Summit text.
`

// lockedBuffer collects the server's output lines safely.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServe runs brief serve on a fixture site and returns its folder and
// address.
func startServe(t *testing.T, archive string) (string, string, *lockedBuffer) {
	t.Helper()
	dir := sitetest.WriteSite(t, archive)
	out := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	opts, closeSession := serveOptions(dir, "127.0.0.1:0", false, false, out, io.Discard)
	opts.Ready = func(url string) { ready <- url }
	go func() { done <- serve.Run(ctx, opts) }()
	var url string
	select {
	case url = <-ready:
	case err := <-done:
		t.Fatalf("serve stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve did not shut down cleanly: %v", err)
		}
		if err := closeSession(); err != nil {
			t.Error(err)
		}
		// The pages it kept on disk go with it.
		if left, _ := filepath.Glob(filepath.Join(dir, ".brief-cache", "serve-*")); len(left) > 0 {
			t.Errorf("the dev server left %v", left)
		}
	})
	return dir, url, out
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// waitFor polls url until its body satisfies ok.
func waitFor(t *testing.T, url string, what string, ok func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, body := fetch(t, url)
		if ok(body) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not served within 5 s; last body:\n%.2000s", what, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestServeRebuildsOnEditsAndShowsErrors(t *testing.T) {
	dir, url, out := startServe(t, serveSite)
	page := url + "briefings/talks/"
	file := filepath.Join(dir, "content/briefings/2023-08-02-talks.md")
	original, _ := os.ReadFile(file)

	_, body := fetch(t, page)
	if !strings.Contains(body, "First version of the text.") || !strings.Contains(body, "/__brief/reload.js") {
		t.Fatalf("first page: %.1500s", body)
	}
	// Links point at the local server.
	if !strings.Contains(body, `<link rel="canonical" href="`+page+`">`) {
		t.Errorf("canonical link does not point at the dev server")
	}

	os.WriteFile(file, append(append([]byte{}, original...), "\nAn appended sentence.\n"...), 0o644)
	waitFor(t, page, "the edit", func(b string) bool { return strings.Contains(b, "An appended sentence.") })

	// Broken front matter: the last good page stays, with the overlay.
	os.WriteFile(file, []byte("---\ntitle: [unclosed\n---\n"), 0o644)
	body = waitFor(t, page, "the overlay", func(b string) bool { return strings.Contains(b, "brief-overlay") })
	if !strings.Contains(body, "An appended sentence.") || !strings.Contains(body, "2023-08-02-talks.md:2:8") {
		t.Errorf("broken site page lacks the last good text or the error line: %.3000s", body)
	}
	_, other := fetch(t, url)
	if !strings.Contains(other, "brief-overlay") {
		t.Error("the overlay is not on every page")
	}

	// Fixed: the overlay goes, no restart needed.
	os.WriteFile(file, original, 0o644)
	waitFor(t, page, "the fix", func(b string) bool {
		return !strings.Contains(b, "brief-overlay") && strings.Contains(b, "First version of the text.")
	})
	// A new briefing appears on the home page.
	os.WriteFile(filepath.Join(dir, "content/briefings/new.md"), []byte(strings.Replace(string(original), "Talks begin", "Brand new", 1)+"slug: brand-new\n"), 0o644)
	waitFor(t, url, "a new briefing", func(b string) bool { return strings.Contains(b, "Brand new") })

	log := out.String()
	for _, want := range []string{"Serving ", "first build: rebuilt in", "content/briefings/2023-08-02-talks.md changed: rebuilt in", "rebuild failed"} {
		if !strings.Contains(log, want) {
			t.Errorf("output lacks %q:\n%s", want, log)
		}
	}
}

func TestServeRefusesAPortInUse(t *testing.T) {
	_, url, _ := startServe(t, serveSite)
	addr := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")
	var stdout, stderr strings.Builder
	if code := run([]string{"serve", "-src", t.TempDir(), "-addr", addr}, &stdout, &stderr); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "already in use") {
		t.Errorf("stderr = %q", stderr.String())
	}
}

// TestServeFollowsFilesBesideABriefing edits the image a briefing keeps in
// its folder while brief serve runs: the server serves the new bytes, and
// an image added beside it is served too.
func TestServeFollowsFilesBesideABriefing(t *testing.T) {
	dir, url, _ := startServe(t, serveSite+`-- content/briefings/2024-06-13-apulia/index.md --
---
title: Apulia
date: 2024-06-13
countries: [Italy]
sources: [Reuters]
summary: The summit.
---
![The region](map.png)
-- content/briefings/2024-06-13-apulia/map.png --
PNG first
`)
	folder := filepath.Join(dir, "content/briefings/2024-06-13-apulia")
	if code, body := fetch(t, url+"briefings/apulia/map.png"); code != http.StatusOK || body != "PNG first\n" {
		t.Fatalf("first image: %d %q", code, body)
	}
	if err := os.WriteFile(filepath.Join(folder, "map.png"), []byte("PNG redrawn\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, url+"briefings/apulia/map.png", "the redrawn image", func(b string) bool { return b == "PNG redrawn\n" })
	if err := os.WriteFile(filepath.Join(folder, "chart.svg"), []byte("<svg/>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, url+"briefings/apulia/chart.svg", "a new file beside the briefing", func(b string) bool { return b == "<svg/>\n" })
}
