// Package serve is brief's dev server: it serves a site given by its
// rebuild function, rebuilds it when files change, and tells open browser tabs to reload
// through Server-Sent Events. When a rebuild fails it keeps serving the
// last good site with an overlay that lists the problems.
//
// It knows nothing of how a site is built: it is given a Rebuild function.
package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Site is the files of one rebuild.
type Site interface {
	// ReadFile returns the bytes of the file name, an output name such as
	// "briefings/x/index.html", or an error that wraps fs.ErrNotExist when
	// the site has no such file.
	ReadFile(name string) ([]byte, error)
}

// Result is the outcome of one rebuild.
type Result struct {
	// Files is the whole site; nil when the rebuild failed and the last
	// good site must stay.
	Files Site
	// Shown, when set, is called once the server serves Files: no earlier
	// result will be served again, so what only those held may go.
	Shown func()
	// Problems are the lines to show, `path:line:col: error: message (hint)`.
	Problems []string
	// Failed tells that Problems hold errors, not just warnings.
	Failed bool
	// Changed lists the output files whose content changed; nil means any
	// page may have changed.
	Changed []string
	// Redirects maps old addresses of moved pages to the new ones.
	Redirects map[string]string
}

// RebuildFunc brings the site up to date with the changed paths (relative to
// the site root); nil means rebuild everything.
type RebuildFunc func(changed []string) Result

// Server serves one site and reloads its readers' tabs.
type Server struct {
	hosts map[string]bool // host names accepted besides IP addresses
	port  string

	current atomic.Pointer[state]
	version atomic.Int64

	mu      sync.Mutex
	clients map[chan event]bool
	closed  chan struct{} // ends every event stream on shutdown
}

// state is what the server serves: the last good site and the problems of
// the last rebuild.
type state struct {
	files    Site
	problems []string // shown as an overlay when failed
	failed   bool
	// aliases are the site's /_redirects, old address → new: the server
	// answers them as a host that reads the file would.
	aliases map[string]string
}

type event struct {
	name string
	data []byte
}

//go:embed reload.js
var reloadJS []byte

// overlayCSS is the look of the error panel, linked from every page.
//
//go:embed overlay.css
var overlayCSS []byte

//go:embed overlay.html
var overlaySource string

// overlayTemplate is the markup of the error panel, for the pages the
// server sends and, through the problems event, for pages already open.
var overlayTemplate = template.Must(template.New("overlay").Parse(overlaySource))

// Paths the server answers itself; they cannot clash with a site's files,
// which never start with "__".
const (
	eventsPath   = "/__brief/events"
	scriptPath   = "/__brief/reload.js"
	overlayStyle = "/__brief/overlay.css"
)

// New returns a server with an empty site; Apply installs one. addr is the
// address it will listen on: requests must name it, or localhost, in their
// Host header.
func New(addr string) *Server {
	_, port, _ := net.SplitHostPort(addr)
	s := &Server{clients: map[chan event]bool{}, hosts: allowedHosts(addr), port: port, closed: make(chan struct{})}
	s.current.Store(&state{files: noFiles{}})
	return s
}

// allowedHosts lists the host names that name this server.
func allowedHosts(addr string) map[string]bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	return map[string]bool{"localhost": true, strings.ToLower(host): true}
}

// hostAllowed refuses requests whose Host header is a name other than the
// server's own or localhost: a page on another site could otherwise point a
// DNS name of its own at 127.0.0.1 and read the author's drafts through the
// browser (DNS rebinding). IP addresses cannot be rebound, so any is
// accepted; the port must be the server's. Browsers leave out the default
// port (80 for http), and a name may end in the root's dot ("localhost.").
func (s *Server) hostAllowed(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		// No port: the whole header is the host, on the default port.
		host, port = hostport, "80"
	}
	if port != s.port {
		return false
	}
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	return host != "" && (s.hosts[host] || net.ParseIP(host) != nil)
}

// AllowHost accepts another host name, e.g. the machine's name when the
// server listens on all interfaces.
func (s *Server) AllowHost(name string) {
	s.hosts[strings.TrimSuffix(strings.ToLower(name), ".")] = true
}

// Apply installs the result of a rebuild and tells the open tabs. It
// returns the number of tabs told.
func (s *Server) Apply(res Result, cssOnly bool) int {
	v := s.version.Add(1)
	old := s.current.Load()
	next := &state{files: res.Files, problems: res.Problems, failed: res.Failed || res.Files == nil}
	if res.Files == nil {
		next.files = old.files
	}
	redirects, _ := next.files.ReadFile("_redirects")
	next.aliases = parseRedirects(redirects)
	s.current.Store(next)
	if res.Files != nil && res.Shown != nil {
		res.Shown()
	}

	var ev event
	switch {
	case next.failed:
		ev = problemsEvent(v, res.Problems)
	case cssOnly && !old.failed:
		data, _ := json.Marshal(map[string]any{"version": v})
		ev = event{"css", data}
	default:
		msg := map[string]any{"version": v, "redirects": res.Redirects}
		if res.Changed == nil || old.failed {
			msg["all"] = true
		} else {
			pages := make([]string, 0, len(res.Changed))
			for _, name := range res.Changed {
				pages = append(pages, pageURL(name))
			}
			msg["pages"] = pages
		}
		data, _ := json.Marshal(msg)
		ev = event{"reload", data}
	}
	return s.broadcast(ev)
}

// pageURL maps an output name to the address a browser shows for it.
func pageURL(name string) string {
	if name == "index.html" {
		return "/"
	}
	if strings.HasSuffix(name, "/index.html") {
		return "/" + strings.TrimSuffix(name, "index.html")
	}
	return "/" + name
}

func (s *Server) broadcast(ev event) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		select {
		case c <- ev:
		default: // a tab that does not read is not waited for
		}
	}
	return len(s.clients)
}

// CloseStreams ends every event stream, so that a shutdown need not wait
// for tabs to go away.
func (s *Server) CloseStreams() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.closed:
	default:
		close(s.closed)
	}
}

// Clients counts the connected tabs.
func (s *Server) Clients() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}

// ServeHTTP answers a request for a file of the site, the reload script or
// the event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Host != "" || r.URL.Scheme != "" {
		// "//etc/passwd" or a full URL in the request line: not a path of
		// the site.
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	if !s.hostAllowed(r.Host) {
		http.Error(w, "brief serve answers only requests for its own address", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case eventsPath:
		s.serveEvents(w, r)
		return
	case scriptPath:
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		w.Write(reloadJS)
		return
	case overlayStyle:
		h.Set("Content-Type", "text/css; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		w.Write(overlayCSS)
		return
	}
	name, ok := fileName(r.URL.Path)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	st := s.current.Load()
	if to, ok := st.aliases[r.URL.Path]; ok {
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return
	}
	status := http.StatusOK
	data, err := s.read(&st, name)
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := s.read(&st, name+"/index.html"); err == nil && name != "" {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		status = http.StatusNotFound
		name = "404.html"
		data, err = s.read(&st, name)
		if errors.Is(err, fs.ErrNotExist) {
			data, err = []byte("<!DOCTYPE html><title>Not found</title><h1>Not found</h1>"), nil
		}
	}
	if err != nil {
		http.Error(w, "cannot read "+name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-store")
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, st)
	}
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// read reads a file of the site *st; when that fails while a newer site
// has been installed, the file may be one that only the older site had
// and that is gone (see Result.Shown): it is read from the newer one, and
// *st becomes that.
func (s *Server) read(st **state, name string) ([]byte, error) {
	for {
		data, err := (*st).files.ReadFile(name)
		next := s.current.Load()
		if err == nil || next == *st {
			return data, err
		}
		*st = next
	}
}

// noFiles is the site before the first build.
type noFiles struct{}

func (noFiles) ReadFile(name string) ([]byte, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// parseRedirects reads a _redirects file in the format of Netlify and
// Cloudflare Pages ("from to [status]", # comments) as far as brief writes
// it: plain paths, no wildcards.
func parseRedirects(data []byte) map[string]string {
	if len(data) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		out[f[0]] = f[1]
	}
	return out
}

// fileName maps a request path to the name of a site file: "/" and paths
// ending in "/" mean their index.html. Paths that try to leave the site
// ("..", backslashes, NUL) are refused.
func fileName(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if strings.HasSuffix(p, "/") {
		if name == "" {
			return "index.html", true
		}
		return name + "/index.html", true
	}
	return name, true
}

// inject adds the reload script and the overlay's stylesheet to a page,
// and the overlay when the site is broken, so that it shows even where
// scripts do not run.
func inject(page []byte, st *state) []byte {
	var tail bytes.Buffer
	tail.WriteString(`<script src="` + scriptPath + `"></script>`)
	style := []byte(`<link rel="stylesheet" href="` + overlayStyle + `">`)
	var head []byte
	if st.failed {
		head = []byte(overlayHTML(st.problems))
	}
	out := make([]byte, 0, len(page)+len(style)+len(head)+tail.Len())
	// The stylesheet goes at the end of the head, so that the panel is
	// styled from its first paint and after the site's own styles; a page
	// without a head gets it at the end.
	if i := bytes.Index(page, []byte("</head>")); i >= 0 {
		out = append(out, page[:i]...)
		out = append(out, style...)
		page = page[i:]
	} else {
		tail.Write(style)
	}
	bodyStart := bodyOpenEnd(page)
	out = append(out, page[:bodyStart]...)
	out = append(out, head...)
	rest := page[bodyStart:]
	if i := bytes.LastIndex(rest, []byte("</body>")); i >= 0 {
		out = append(out, rest[:i]...)
		out = append(out, tail.Bytes()...)
		out = append(out, rest[i:]...)
	} else {
		out = append(out, rest...)
		out = append(out, tail.Bytes()...)
	}
	return out
}

// bodyOpenEnd finds the end of the <body ...> tag, or 0.
func bodyOpenEnd(page []byte) int {
	i := bytes.Index(page, []byte("<body"))
	if i < 0 {
		return 0
	}
	j := bytes.IndexByte(page[i:], '>')
	if j < 0 {
		return 0
	}
	return i + j + 1
}

// overlayHTML is the error panel listing the problems.
func overlayHTML(lines []string) string {
	var b strings.Builder
	if err := overlayTemplate.Execute(&b, strings.Join(lines, "\n")); err != nil {
		// The template is the server's own and takes a string: it cannot
		// fail but by a bug, which the panel then shows.
		return "<pre>" + template.HTMLEscapeString(err.Error()) + "</pre>"
	}
	return b.String()
}

// problemsEvent tells the open tabs that the site is broken, with the
// panel to show.
func problemsEvent(version int64, lines []string) event {
	data, _ := json.Marshal(map[string]any{"version": version, "lines": lines, "html": overlayHTML(lines)})
	return event{"problems", data}
}

// serveEvents streams reload events to one tab until it goes away.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("Connection", "keep-alive")
	c := make(chan event, 8)
	s.mu.Lock()
	s.clients[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	// A tab that connects while the site is broken learns it at once.
	if st := s.current.Load(); st.failed {
		ev := problemsEvent(s.version.Load(), st.problems)
		fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
	} else {
		fmt.Fprint(w, ": connected\n\n")
	}
	flusher.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closed:
			return
		case ev := <-c:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
			flusher.Flush()
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			flusher.Flush()
		}
	}
}
