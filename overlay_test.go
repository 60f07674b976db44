package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// overlayLook is what the reader sees of the error panel, measured in the
// browser.
type overlayLook struct {
	Position, Background, Color, OverflowY string
	FontSize                               float64
	Top, Bottom, Left, Width, Height       float64
	ViewportWidth, ViewportHeight, ScrollY float64
	OnTop                                  bool // the panel, not the page, is at its middle
	Role, Text                             string
	Focusable                              bool
}

const measureOverlay = `(() => {
	const o = document.getElementById("brief-overlay");
	if (!o) return null;
	const s = getComputedStyle(o), r = o.getBoundingClientRect();
	const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
	return {position: s.position, background: s.backgroundColor, color: s.color, overflowY: s.overflowY,
		fontSize: parseFloat(s.fontSize), top: r.top, bottom: r.bottom, left: r.left, width: r.width, height: r.height,
		viewportWidth: innerWidth, viewportHeight: innerHeight, scrollY: scrollY,
		onTop: !!hit && o.contains(hit), role: o.getAttribute("role") || "", text: o.innerText, focusable: o.tabIndex >= 0};
})()`

// rgba parses a computed colour, "rgb(r, g, b)" or "rgba(r, g, b, a)".
func rgba(t *testing.T, css string) (r, g, b, a float64) {
	t.Helper()
	inner, ok := strings.CutSuffix(css, ")")
	if _, rest, found := strings.Cut(inner, "("); ok && found {
		parts := strings.Split(rest, ",")
		a = 1
		var err error
		switch len(parts) {
		case 4:
			_, err = fmt.Sscanf(strings.TrimSpace(parts[3]), "%g", &a)
			fallthrough
		case 3:
			if err == nil {
				_, err = fmt.Sscanf(strings.Join(parts[:3], " "), "%g %g %g", &r, &g, &b)
			}
			if err == nil {
				return r, g, b, a
			}
		}
	}
	t.Fatalf("cannot read the colour %q", css)
	return
}

// contrast is the WCAG contrast ratio of two opaque sRGB colours.
func contrast(t *testing.T, fg, bg string) float64 {
	t.Helper()
	lum := func(css string) float64 {
		r, g, b, _ := rgba(t, css)
		ch := func(v float64) float64 {
			v /= 255
			if v <= 0.04045 {
				return v / 12.92
			}
			return math.Pow((v+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
	}
	l1, l2 := lum(fg), lum(bg)
	return (max(l1, l2) + 0.05) / (min(l1, l2) + 0.05)
}

// checkOverlayLook asserts that the panel is a fixed, opaque, readable
// panel over the top of the viewport, on top of the page.
func checkOverlayLook(t *testing.T, how string, o overlayLook, wantText string) {
	t.Helper()
	if o.Position != "fixed" {
		t.Errorf("%s: the panel's position is %q, want fixed", how, o.Position)
	}
	if math.Abs(o.Top) > 1 || o.Height < 40 || o.Bottom > o.ViewportHeight*0.75 || o.Left > 1 || o.Width < o.ViewportWidth-20 {
		t.Errorf("%s: the panel spans %v–%v px of a %v px viewport, %v px wide from %v, want the top of the viewport, full width, at most 70%% high",
			how, o.Top, o.Bottom, o.ViewportHeight, o.Width, o.Left)
	}
	if _, _, _, a := rgba(t, o.Background); a < 1 {
		t.Errorf("%s: the panel's background %s is not opaque", how, o.Background)
	}
	if c := contrast(t, o.Color, o.Background); c < 7 {
		t.Errorf("%s: text %s on %s has a contrast of %.1f, want at least 7", how, o.Color, o.Background, c)
	}
	if o.FontSize < 13 {
		t.Errorf("%s: the panel's text is %v px, want at least 13", how, o.FontSize)
	}
	if !o.OnTop {
		t.Errorf("%s: the page covers the panel", how)
	}
	if o.OverflowY != "auto" && o.OverflowY != "scroll" {
		t.Errorf("%s: a long panel cannot scroll (overflow-y %s)", how, o.OverflowY)
	}
	if o.Role != "alert" || !o.Focusable {
		t.Errorf("%s: role %q, focusable %v; want an alert a keyboard can reach to scroll it", how, o.Role, o.Focusable)
	}
	if !strings.Contains(o.Text, wantText) {
		t.Errorf("%s: the panel says %q, want %q in it", how, o.Text, wantText)
	}
}

// TestBrowserOverlayKeepsItsLook breaks the site while a long page is open
// and scrolled down, with scripts on, and opens it again with scripts off:
// each time the error panel must be a fixed, opaque, readable panel over
// the top of the viewport, with the same look.
func TestBrowserOverlayKeepsItsLook(t *testing.T) {
	long := strings.Repeat("A paragraph that makes the page long enough to scroll.\n\n", 200)
	dir, url, _ := startServe(t, strings.Replace(serveSite, "First version of the text.\n", "First version of the text.\n\n"+long, 1))
	// The browser starts after the server, so that it closes first: the
	// server's shutdown then waits for no open tab's event stream.
	ctx := newBrowser(t)
	file := filepath.Join(dir, "content/briefings/2023-08-02-talks.md")
	original, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	page := url + "briefings/talks/"
	if err := chromedp.Do(ctx, viewport(1280)); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, page, `document.documentElement.hasAttribute("data-brief-live")`)
	eval[chromedp.Void](t, ctx, `window.scrollTo(0, document.documentElement.scrollHeight)`)
	if y := eval[float64](t, ctx, `scrollY`); y < 1000 {
		t.Fatalf("the page scrolled to %v px only", y)
	}

	// A broken save: the open page shows the panel without reloading.
	eval[chromedp.Void](t, ctx, `window.briefMarker = 1`)
	if err := os.WriteFile(file, []byte("---\ntitle: [unclosed\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const where = "2023-08-02-talks.md:2:8"
	waitInPage(t, ctx, "the panel", fmt.Sprintf(`!!document.getElementById("brief-overlay") && document.getElementById("brief-overlay").innerText.includes(%q)`, where))
	live := eval[overlayLook](t, ctx, measureOverlay)
	if live.ScrollY < 1000 || eval[int](t, ctx, `window.briefMarker`) != 1 {
		t.Errorf("the page reloaded or scrolled back (scrollY %v) to show the panel", live.ScrollY)
	}
	checkOverlayLook(t, "scripts on, scrolled down", live, where)
	screenshot(t, ctx, "overlay-scripts-on.png")

	t.Run("axe", func(t *testing.T) {
		axeSource, err := os.ReadFile(ciTool(t, "BRIEF_AXE", "axe-core/axe.min.js"))
		if err != nil {
			t.Fatal(err)
		}
		eval[chromedp.Void](t, ctx, string(axeSource))
		violations := eval[[]axeViolation](t, ctx, `axe.run(document.getElementById("brief-overlay"), {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
			id: v.id, impact: v.impact || "", help: v.help, count: v.nodes.length, nodes: v.nodes.map(n => n.target.join(" "))})))`, chromedp.EvalAwaitPromise)
		for _, v := range violations {
			t.Errorf("the panel: %s %s: %s %v", v.Impact, v.ID, v.Help, v.Nodes)
		}
	})

	// A page opened while the site is broken comes with the server's panel,
	// which the script replaces once it hears of the problems: alike.
	open(t, ctx, page, `document.documentElement.hasAttribute("data-brief-live")`)
	waitInPage(t, ctx, "the panel", `!!document.getElementById("brief-overlay")`)
	checkOverlayLook(t, "scripts on, opened while broken", eval[overlayLook](t, ctx, measureOverlay), where)

	// Without scripts the server's own copy of the panel shows, alike.
	setScripts := func(on bool) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
			return err
		})
	}
	if err := chromedp.Do(ctx, setScripts(false)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { chromedp.Do(ctx, setScripts(true)) })
	open(t, ctx, page, "")
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.documentElement.scrollHeight)`)); err != nil {
		t.Fatal(err)
	}
	static := eval[overlayLook](t, ctx, measureOverlay)
	if static.ScrollY < 1000 {
		t.Errorf("scripts off: the page scrolled to %v px only", static.ScrollY)
	}
	checkOverlayLook(t, "scripts off, scrolled down", static, where)
	screenshot(t, ctx, "overlay-scripts-off.png")
	if static.Background != live.Background || static.Color != live.Color || static.FontSize != live.FontSize || static.Height != live.Height {
		t.Errorf("the panel looks different with scripts off (%s on %s, %v px, %v px high) than on (%s on %s, %v px, %v px high)",
			static.Color, static.Background, static.FontSize, static.Height, live.Color, live.Background, live.FontSize, live.Height)
	}

	if err := os.WriteFile(file, original, 0o644); err != nil {
		t.Fatal(err)
	}
}

// screenshot saves the viewport into screenshotDir, for a person to look.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(screenshotDir(t), name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
