package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// startServer serves s on a loopback port chosen by the system.
func startServer(t *testing.T) (*Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := New(ln.Addr().String())
	ts := httptest.NewUnstartedServer(s)
	ts.Listener.Close()
	ts.Listener = ln
	ts.Start()
	t.Cleanup(func() { s.CloseStreams(); ts.Close() })
	return s, ts.URL
}

func page(title string) []byte {
	return []byte("<!DOCTYPE html><html><head><title>" + title + "</title></head><body class=\"x\"><h1>" + title + "</h1></body></html>")
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// events connects to the event stream and returns a function that waits
// for the next event.
func events(t *testing.T, s *Server, base string) func() (string, map[string]any) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", base+eventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("event stream Content-Type %q", ct)
	}
	type ev struct {
		name string
		data map[string]any
	}
	ch := make(chan ev, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				var data map[string]any
				json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &data)
				ch <- ev{name, data}
			}
		}
	}()
	deadline := time.Now().Add(2 * time.Second)
	for s.Clients() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	return func() (string, map[string]any) {
		select {
		case e := <-ch:
			return e.name, e.data
		case <-time.After(3 * time.Second):
			t.Fatal("no event within 3 s")
			return "", nil
		}
	}
}

func TestReloadEventsAfterRebuilds(t *testing.T) {
	s, base := startServer(t)
	s.Apply(Result{Files: mapSite{"index.html": page("Home"), "briefings/a/index.html": page("A")}}, false)
	next := events(t, s, base)

	s.Apply(Result{Files: mapSite{"index.html": page("Home"), "briefings/a/index.html": page("A2")},
		Changed: []string{"briefings/a/index.html"}}, false)
	name, data := next()
	if name != "reload" || fmt.Sprint(data["pages"]) != "[/briefings/a/]" {
		t.Errorf("after an edit: %s %v", name, data)
	}
	s.Apply(Result{Files: mapSite{"index.html": page("Home"), "briefings/b/index.html": page("A2")},
		Changed: []string{"briefings/b/index.html"}, Redirects: map[string]string{"/briefings/a/": "/briefings/b/"}}, false)
	name, data = next()
	if redirects, _ := data["redirects"].(map[string]any); name != "reload" || redirects["/briefings/a/"] != "/briefings/b/" {
		t.Errorf("after a rename: %s %v", name, data)
	}
	s.Apply(Result{Files: mapSite{"index.html": page("Home"), "css/site.css": []byte("body{}")}}, true)
	if name, _ = next(); name != "css" {
		t.Errorf("after a stylesheet edit: %s", name)
	}
	s.Apply(Result{Problems: []string{"content/briefings/a.md:2:8: bad"}, Failed: true}, false)
	name, data = next()
	if name != "problems" || fmt.Sprint(data["lines"]) != "[content/briefings/a.md:2:8: bad]" {
		t.Errorf("after a failure: %s %v", name, data)
	}
	// The open tabs get the very panel the server puts into the pages it
	// sends.
	_, broken := get(t, base+"/")
	if html, _ := data["html"].(string); html == "" || !strings.Contains(broken, html) {
		t.Errorf("after a failure: the event's panel %q is not the page's:\n%s", html, broken)
	}
	s.Apply(Result{Files: mapSite{"index.html": page("Home")}, Changed: []string{}}, false)
	name, data = next()
	if name != "reload" || data["all"] != true {
		t.Errorf("after the fix: %s %v (every tab reloads to drop its overlay)", name, data)
	}
}

func TestOverlayWhileBrokenAndGoneAfterFix(t *testing.T) {
	s, base := startServer(t)
	s.Apply(Result{Files: mapSite{"index.html": page("Good")}}, false)
	_, body := get(t, base+"/")
	if strings.Contains(body, "brief-overlay") || !strings.Contains(body, `<script src="/__brief/reload.js"></script></body>`) {
		t.Errorf("good page: %s", body)
	}
	// The panel's stylesheet is in every page's head, so that a panel a
	// script adds later is styled at once.
	if !strings.Contains(body, `<link rel="stylesheet" href="/__brief/overlay.css"></head>`) {
		t.Errorf("good page without the panel's stylesheet in its head: %s", body)
	}
	resp, err := http.Get(base + "/__brief/overlay.css")
	if err != nil {
		t.Fatal(err)
	}
	css, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/css; charset=utf-8" || !strings.Contains(string(css), "#brief-overlay") {
		t.Errorf("/__brief/overlay.css: %d %s %.100s", resp.StatusCode, resp.Header.Get("Content-Type"), css)
	}
	s.Apply(Result{Problems: []string{`content/briefings/a.md:3:7: unknown country "<Narnia>"`}, Failed: true}, false)
	code, body := get(t, base+"/")
	if code != 200 || !strings.Contains(body, "<h1>Good</h1>") {
		t.Errorf("broken site does not serve the last good page: %d %s", code, body)
	}
	if !strings.Contains(body, `<body class="x"><div id="brief-overlay" class="brief-overlay" role="alert"`) || !strings.Contains(body, "unknown country &#34;&lt;Narnia&gt;&#34;") {
		t.Errorf("overlay missing or unescaped: %s", body)
	}
	s.Apply(Result{Files: mapSite{"index.html": page("Fixed")}}, false)
	if _, body = get(t, base+"/"); strings.Contains(body, "brief-overlay") || !strings.Contains(body, "Fixed") {
		t.Errorf("overlay still there after the fix: %s", body)
	}
}

// TestRequestsDuringRebuildsGetWholePages swaps between two versions of the
// site while requests run: every answer is one version or the other, whole.
func TestRequestsDuringRebuildsGetWholePages(t *testing.T) {
	s, base := startServer(t)
	long := strings.Repeat("<p>text</p>", 5000)
	versions := []mapSite{
		{"index.html": []byte("<html><body>A" + long + "A</body></html>")},
		{"index.html": []byte("<html><body>B" + long + "B</body></html>")},
	}
	s.Apply(Result{Files: versions[0]}, false)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
				s.Apply(Result{Files: versions[i%2]}, false)
			}
		}
	}()
	for range 200 {
		_, body := get(t, base+"/")
		a := strings.HasPrefix(body, "<html><body>A") && strings.Contains(body, "A<script")
		b := strings.HasPrefix(body, "<html><body>B") && strings.Contains(body, "B<script")
		if !a && !b || len(body) < len(long) {
			t.Fatalf("mixed or partial page of %d bytes", len(body))
		}
	}
	close(stop)
	wg.Wait()
}

func TestServerRefusesWhatIsNotTheSite(t *testing.T) {
	s, base := startServer(t)
	s.Apply(Result{Files: mapSite{"index.html": page("Home"), "404.html": page("Nope"), "a/index.html": page("A"), "css/site.css": []byte("b{}")}}, false)
	port := base[strings.LastIndex(base, ":")+1:]
	tests := []struct {
		method, path, host string
		want               int
	}{
		{"GET", "/", "", 200},
		{"HEAD", "/", "", 200},
		{"GET", "/a/", "", 200},
		{"GET", "/a", "", 301},
		{"GET", "/css/site.css", "", 200},
		{"GET", "/missing/", "", 404},
		{"POST", "/", "", 405},
		{"DELETE", "/", "", 405},
		{"GET", "/", "localhost:" + port, 200},
		{"GET", "/", "evil.example:" + port, 403},
		{"GET", "/", "localhost:1", 403},
		{"GET", "/../../etc/passwd", "", 400},
		{"GET", "/%2e%2e/%2e%2e/etc/passwd", "", 400},
		{"GET", "/a\\..\\..\\etc", "", 400},
		{"GET", "/etc/passwd", "", 404},
		{"GET", "//etc/passwd", "", 400},
		{"GET", "/%2fetc%2fpasswd", "", 404},
		{"GET", "/a/%00", "", 400},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, base+"/", nil)
		req.URL.Opaque = tt.path // sent as written, not cleaned by the client
		if tt.host != "" {
			req.Host = tt.host
		}
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("%s %s (Host %q) = %d, want %d", tt.method, tt.path, tt.host, resp.StatusCode, tt.want)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s: no nosniff header", tt.method, tt.path)
		}
	}
	_, body := get(t, base+"/missing/")
	if !strings.Contains(body, "Nope") {
		t.Error("404 does not serve the site's 404 page")
	}
}

// TestLoadDuringRebuilds sends 1,000 concurrent requests while the site is
// rebuilt over and over: every answer is a whole page of one version or the
// other, none is an error, and no goroutine outlives the load.
func TestLoadDuringRebuilds(t *testing.T) {
	s, base := startServer(t)
	versions := make([]mapSite, 2)
	for v := range versions {
		files := map[string][]byte{}
		for p := range 50 {
			files[fmt.Sprintf("briefings/b%02d/index.html", p)] = []byte(fmt.Sprintf("<html><body>v%d page %d %s end</body></html>", v, p, strings.Repeat("x", 4000)))
		}
		versions[v] = files
	}
	s.Apply(Result{Files: versions[0]}, false)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 100}, Timeout: 10 * time.Second}
	// Warm up so the server's steady goroutines exist before counting.
	get(t, base+"/briefings/b00/")
	client.Transport.(*http.Transport).CloseIdleConnections()
	time.Sleep(50 * time.Millisecond)
	before := runtime.NumGoroutine()

	stop := make(chan struct{})
	rebuilt := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				rebuilt <- n
				return
			default:
				n++
				s.Apply(Result{Files: versions[n%2], Changed: []string{"briefings/b00/index.html"}}, false)
				time.Sleep(time.Millisecond)
			}
		}
	}()
	const requests = 1000
	errs := make(chan error, requests)
	var wg sync.WaitGroup
	for i := range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := i % 50
			resp, err := client.Get(fmt.Sprintf("%s/briefings/b%02d/", base, p))
			if err != nil {
				errs <- err
				return
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			switch {
			case err != nil:
				errs <- err
			case resp.StatusCode != 200:
				errs <- fmt.Errorf("status %d", resp.StatusCode)
			case !(strings.Contains(string(body), fmt.Sprintf("v0 page %d ", p)) || strings.Contains(string(body), fmt.Sprintf("v1 page %d ", p))) ||
				!strings.Contains(string(body), " end<script src=\"/__brief/reload.js\"></script><link rel=\"stylesheet\" href=\"/__brief/overlay.css\"></body>"):
				errs <- fmt.Errorf("partial or wrong page of %d bytes", len(body))
			}
		}()
	}
	wg.Wait()
	close(stop)
	n := <-rebuilt
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	client.Transport.(*http.Transport).CloseIdleConnections()
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before+2 {
		t.Errorf("goroutines: %d before the load, %d after", before, after)
	}
	t.Logf("%d requests during %d rebuilds: no error, no partial page; goroutines %d before, %d after", requests, n, before, runtime.NumGoroutine())
}

// TestHostHeaderForms accepts the forms browsers send for the server's own
// address: no port on the default port, a trailing root dot, brackets.
func TestHostHeaderForms(t *testing.T) {
	for _, tt := range []struct {
		addr, host string
		want       bool
	}{
		{"127.0.0.1:80", "127.0.0.1", true},
		{"127.0.0.1:80", "localhost", true},
		{"127.0.0.1:80", "127.0.0.1:80", true},
		{"127.0.0.1:1313", "127.0.0.1", false}, // no port means 80
		{"127.0.0.1:1313", "localhost.:1313", true},
		{"127.0.0.1:1313", "LOCALHOST:1313", true},
		{"127.0.0.1:1313", "[::1]:1313", true},
		{"127.0.0.1:1313", "evil.example.:1313", false},
		{"127.0.0.1:1313", ".:1313", false},
		{"127.0.0.1:1313", "localhost:1314", false},
		{"127.0.0.1:80", "evil.example", false},
	} {
		if got := New(tt.addr).hostAllowed(tt.host); got != tt.want {
			t.Errorf("server at %s, Host %q: allowed = %v, want %v", tt.addr, tt.host, got, tt.want)
		}
	}
}

// TestAliasesRedirect: an address listed in the site's _redirects is
// answered with a permanent redirect to the briefing, before the small
// page the build writes there, as Netlify or Cloudflare would.
func TestAliasesRedirect(t *testing.T) {
	s, base := startServer(t)
	s.Apply(Result{Files: mapSite{
		"briefings/new/index.html": page("New"),
		"old/index.html":           page("Old"),
		"_redirects":               []byte("# comment\n/old/ /briefings/new/ 301\n/legacy.html /briefings/new/ 301\n"),
	}}, false)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, from := range []string{"/old/", "/legacy.html"} {
		resp, err := client.Get(base + from)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/briefings/new/" {
			t.Errorf("%s: %d to %q, want 301 to /briefings/new/", from, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if code, body := get(t, base+"/old/"); code != http.StatusOK || !strings.Contains(body, "<h1>New</h1>") {
		t.Errorf("following the redirect: %d %s", code, body)
	}
	// Once the alias is gone from the site, the address is a page again.
	s.Apply(Result{Files: mapSite{"old/index.html": page("Old")}}, false)
	if code, body := get(t, base+"/old/"); code != http.StatusOK || !strings.Contains(body, "<h1>Old</h1>") {
		t.Errorf("after the alias went: %d %s", code, body)
	}
}

// mapSite is a site held in a map, for tests.
type mapSite map[string][]byte

func (m mapSite) ReadFile(name string) ([]byte, error) {
	data, ok := m[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return data, nil
}

// goneSite is a site whose files are deleted once a later one is shown.
type goneSite struct {
	files mapSite
	gone  *atomic.Bool
}

func (g goneSite) ReadFile(name string) ([]byte, error) {
	if g.gone.Load() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return g.files.ReadFile(name)
}

// TestRequestDuringSwapReadsTheNewSite: a request that began with one
// site and reads a file after a newer site was shown, and the older one's
// files deleted, gets the newer site's file rather than a 404.
func TestRequestDuringSwapReadsTheNewSite(t *testing.T) {
	s := New("127.0.0.1:1313")
	var oldGone atomic.Bool
	s.Apply(Result{Files: goneSite{mapSite{"index.html": []byte("old")}, &oldGone}}, false)
	st := s.current.Load() // the request begins
	s.Apply(Result{Files: mapSite{"index.html": []byte("new")}, Shown: func() { oldGone.Store(true) }}, false)
	data, err := s.read(&st, "index.html")
	if string(data) != "new" || err != nil {
		t.Errorf("read %q, %v; want the newer site's page", data, err)
	}
	if _, err := s.read(&st, "missing.html"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file no site has: %v", err)
	}
}
