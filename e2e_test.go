package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserPath finds Chromium. Without one the browser tests skip, except
// under CI, where a missing browser is a failure: .ci/run installs it.
func browserPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium found; CI must install Debian's chromium package")
	}
	t.Skip("no Chromium installed (apt-get install chromium); set CI=1 to make this a failure")
	return ""
}

// newBrowser starts a headless Chromium with the flags that work here as
// root and a fresh profile.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browserPath(t)),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if _, err := chromedp.Run(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// waitInPage evaluates a JavaScript condition in the open tab until it is
// true, without reloading the page.
func waitInPage(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
			t.Fatalf("%s: not seen in the browser within 10 s; page text:\n%.1500s", what, text)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestBrowserSeesEditsAndErrorsLive(t *testing.T) {
	ctx := newBrowser(t)
	dir, url, _ := startServe(t, serveSite+"-- static/css/site.css --\nh1 { color: rgb(9, 9, 9); }\n")
	file := filepath.Join(dir, "content/briefings/2023-08-02-talks.md")
	original, _ := os.ReadFile(file)

	if _, err := chromedp.Run(ctx, chromedp.Navigate(url+"briefings/talks/")); err != nil {
		t.Fatal(err)
	}
	waitInPage(t, ctx, "the first version", `document.body.innerText.includes("First version of the text.")`)
	// A marker that survives only as long as the page is not reloaded: the
	// test itself never reloads, so the page's own script must.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.briefMarker = 1`)); err != nil {
		t.Fatal(err)
	}
	waitInPage(t, ctx, "the event stream", `document.documentElement.hasAttribute("data-brief-live")`)

	os.WriteFile(file, []byte(strings.Replace(string(original), "First version", "Second version", 1)), 0o644)
	waitInPage(t, ctx, "the edit", `document.body.innerText.includes("Second version of the text.")`)
	waitInPage(t, ctx, "a reload by the page itself", `window.briefMarker === undefined`)

	os.WriteFile(file, []byte("---\ntitle: [unclosed\n---\n"), 0o644)
	waitInPage(t, ctx, "the overlay", `!!document.getElementById("brief-overlay") && document.getElementById("brief-overlay").innerText.includes("2023-08-02-talks.md:2:8")`)

	os.WriteFile(file, original, 0o644)
	waitInPage(t, ctx, "the overlay gone", `!document.getElementById("brief-overlay") && document.body.innerText.includes("First version of the text.")`)

	// A stylesheet edit swaps the stylesheet without reloading the page.
	waitInPage(t, ctx, "the event stream", `document.documentElement.hasAttribute("data-brief-live")`)
	chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.briefMarker = 2`))
	os.WriteFile(filepath.Join(dir, "static/css/site.css"), []byte("h1 { color: rgb(1, 2, 3); }\n"), 0o644)
	waitInPage(t, ctx, "the new stylesheet", `getComputedStyle(document.querySelector("h1")).color === "rgb(1, 2, 3)"`)
	waitInPage(t, ctx, "no reload for a stylesheet", `window.briefMarker === 2`)

	// A new slug sends the open tab to the new address.
	os.WriteFile(file, []byte(strings.Replace(string(original), "summary:", "slug: talks-renamed\nsummary:", 1)), 0o644)
	waitInPage(t, ctx, "the new address", `location.pathname === "/briefings/talks-renamed/" && document.body.innerText.includes("First version")`)
}
