//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/sys/unix"
)

// The budget of every run of brief on hostile input (issue 18, "Done
// when"): CPU time, user and system together, and the largest resident
// memory, on a 2-core machine. A run still going after hostileWall, or
// holding more than hostileKill of memory, is killed, so that a runaway
// fails alone instead of taking the machine down with it; the address
// space is capped as well, far above what the Go runtime reserves for a
// heap of hostileKill (it maps several times what it uses).
const (
	hostileCPU  = 5 * time.Second
	hostileRSS  = 512 << 20
	hostileWall = 20 * time.Second
	hostileKill = 1 << 30
	hostileAS   = 8 << 30
)

// TestHostile runs the brief command, built once, on every input of issue
// 18's table, each added to a small valid site, in processes of their own
// under a time limit and a cap on memory. Every run must end with the
// expected exit status and message, within hostileCPU and hostileRSS, and
// without a crash (rows). brief serve must report a named pipe and a
// partial that includes itself and go on serving, reached by every name of
// its host (serve). Then the inputs brief accepts up to a limit, or
// refuses only after parsing them, are built at two sizes, n and 2n: the
// test fails when time or memory more than doubles (scaling), so that the
// next quadratic is caught here before an author meets it.
//
// Under -short it runs only in CI (CI=1), without the rows that take
// seconds and with a reduced scaling set.
func TestHostile(t *testing.T) {
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("builds brief and runs it a few hundred times; set CI=1 to run it under -short")
	}
	bin := buildBrief(t)
	t.Run("rows", func(t *testing.T) { testHostileRows(t, bin) })
	t.Run("serve", func(t *testing.T) { testHostileServe(t, bin) })
	t.Run("scaling", func(t *testing.T) { testHostileScaling(t, bin) })
}

// buildBrief compiles the command into a temporary folder: the test binary
// itself would carry the race detector under -race, and its own code.
func buildBrief(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("GOROOT") == "" {
			t.Fatal("no go command on PATH to build brief with")
		}
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "brief")
	cmd := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// measured is one finished run of brief.
type measured struct {
	code           int // exit status; -1 when killed by a signal
	stdout, stderr string
	cpu            time.Duration // user + system
	rss            int64         // peak resident memory as the kernel reports it, bytes: an upper bound (see finish)
	peak           int64         // brief's own peak resident memory, sampled, bytes
	wall           time.Duration
	killed         string // why it was killed: "time" or "memory"; "" when it ended by itself
}

// output is everything the run printed.
func (m measured) output() string { return m.stdout + m.stderr }

// cappedBuffer keeps the first MiB written to it: a runaway may print
// without end.
type cappedBuffer struct {
	mu  sync.Mutex
	b   bytes.Buffer
	cut bool
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := 1<<20 - c.b.Len(); room < len(p) {
		c.b.Write(p[:max(room, 0)])
		c.cut = true
		return len(p), nil
	}
	return c.b.Write(p)
}

func (c *cappedBuffer) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cut {
		return c.b.String() + "\n[… cut at 1 MiB]"
	}
	return c.b.String()
}

// briefEnv is the environment without the settings that change how the Go
// runtime spends memory: brief's own defaults are what is measured.
func briefEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		switch name, _, _ := strings.Cut(kv, "="); name {
		case "GOGC", "GOMEMLIMIT", "GODEBUG", "BRIEF_RUN_MAIN":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// startBrief starts bin with args under the address-space cap, with env
// ("NAME=value") added to the environment.
func startBrief(t *testing.T, bin string, env []string, stdout, stderr io.Writer, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(briefEnv(), env...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Start returns once the program is executing: the cap applies to it
	// from its first allocations on.
	lim := unix.Rlimit{Cur: hostileAS, Max: hostileAS}
	if err := unix.Prlimit(cmd.Process.Pid, unix.RLIMIT_AS, &lim, nil); err != nil {
		t.Logf("cannot cap the memory of brief: %v", err)
	}
	return cmd
}

// finish waits for cmd, killing it after hostileWall, and reads its usage.
//
// The peak memory the kernel reports for a child (rusage's Maxrss) is at
// least that of the process that started it, the test binary: the child
// shares its parent's memory until it executes brief, and Linux keeps the
// larger figure. It is a sound upper bound, used for the budget; the
// child's own peak is read from /proc while it runs (VmHWM, which only
// grows), for the tables and the scaling test.
func finish(cmd *exec.Cmd, stdout, stderr *cappedBuffer, start time.Time) measured {
	var killed atomic.Value
	killed.Store("")
	kill := func(why string) {
		if killed.CompareAndSwap("", why) {
			cmd.Process.Kill()
		}
	}
	timer := time.AfterFunc(hostileWall, func() { kill("time") })
	var hwm atomic.Int64
	done, polled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(polled)
		status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
		for {
			if kb := peakKiB(status); kb > 0 {
				hwm.Store(kb << 10)
				if kb<<10 > hostileKill {
					kill("memory")
				}
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	cmd.Wait()
	close(done)
	<-polled
	timer.Stop()
	m := measured{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String(),
		wall: time.Since(start), killed: killed.Load().(string), peak: hwm.Load()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		m.rss = ru.Maxrss << 10 // KiB on Linux
	}
	return m
}

// peakKiB reads VmHWM from a /proc/PID/status file: 0 when the process is
// gone or has no memory of its own any more (a zombie).
func peakKiB(status string) int64 {
	data, err := os.ReadFile(status)
	if err != nil {
		return 0
	}
	_, rest, ok := strings.Cut(string(data), "\nVmHWM:")
	if !ok {
		return 0
	}
	line, _, _ := strings.Cut(rest, "\n")
	kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(line), "kB")), 10, 64)
	return kb
}

// runBrief runs bin with args to the end (or to hostileWall) and measures it.
func runBrief(t *testing.T, bin string, args ...string) measured {
	t.Helper()
	return runBriefEnv(t, bin, nil, args...)
}

// runBriefEnv is runBrief with env added to the environment.
func runBriefEnv(t *testing.T, bin string, env []string, args ...string) measured {
	t.Helper()
	var stdout, stderr cappedBuffer
	start := time.Now()
	cmd := startBrief(t, bin, env, &stdout, &stderr, args...)
	return finish(cmd, &stdout, &stderr, start)
}

// crashSigns are what the Go runtime prints when a program dies.
var crashSigns = []string{"panic", "fatal error", "goroutine "}

// checkSane reports a run that crashed, was killed, went over the budget,
// or printed a raw control or bidirectional formatting character (file
// names and messages must be printed escaped).
func checkSane(t *testing.T, what string, m measured) {
	t.Helper()
	switch m.killed {
	case "time":
		t.Errorf("%s: still running after %v; killed (CPU %.2f s, %d MiB)\n%.3000s", what, hostileWall, m.cpu.Seconds(), m.peak>>20, m.output())
		return
	case "memory":
		t.Errorf("%s: holding more than %d MiB of memory after %.1f s; killed (CPU %.2f s)\n%.3000s", what, hostileKill>>20, m.wall.Seconds(), m.cpu.Seconds(), m.output())
		return
	}
	for _, s := range crashSigns {
		if strings.Contains(m.output(), s) {
			t.Errorf("%s: the output holds %q: brief crashed\n%.3000s", what, s, m.output())
			break
		}
	}
	if m.cpu > hostileCPU {
		t.Errorf("%s: %.2f s of CPU, more than %v", what, m.cpu.Seconds(), hostileCPU)
	}
	if m.rss > hostileRSS {
		t.Errorf("%s: %d MiB of memory (%d MiB its own), more than %d MiB", what, m.rss>>20, m.peak>>20, hostileRSS>>20)
	}
	if r, ok := rawControl(m.output()); ok {
		t.Errorf("%s: the output holds the raw character %U; it must be printed escaped\n%.3000s", what, r, m.output())
	}
}

// rawControl finds a character that must never reach the terminal as it
// is: a control character other than a line break or tab, or one that
// changes the direction of text.
func rawControl(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			return r, true
		case r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x61c:
			return r, true
		}
	}
	return 0, false
}

// A small valid site: the hostile input of a row is added to it.
const (
	hostileConfig = "title: Test\nbase_url: https://example.org/\n"
	okFront       = "title: T\ndate: 2023-08-02\ncountries: [Ukraine]\nsources: [{name: Reuters, url: \"https://www.reuters.com/\"}]\nsummary: S\n"
)

// briefingText is a valid briefing with extra lines of front matter
// (each ending in a line break) and a body.
func briefingText(extra, body string) string {
	return "---\n" + okFront + extra + "---\n" + body
}

// seq joins n items made by item(i) with sep.
func seq(n int, sep string, item func(i int) string) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(item(i))
	}
	return b.String()
}

// writeFiles writes files (paths relative to root) into root.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// sparse makes p a file of size bytes that takes no room on the disk.
func sparse(t *testing.T, p string, size int64) {
	t.Helper()
	os.MkdirAll(filepath.Dir(p), 0o755)
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
}

// symlink makes p a symbolic link to target, in place of what p was.
func symlink(t *testing.T, target, p string) {
	t.Helper()
	os.RemoveAll(p)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
}

// mustBuild builds site into out; the build must succeed.
func mustBuild(t *testing.T, bin, site, out string) {
	t.Helper()
	if m := runBrief(t, bin, "build", "-src", site, "-out", out); m.code != 0 {
		t.Fatalf("the build before the hostile change failed:\n%s", m.output())
	}
}

// outputHolds reports the first file under out whose bytes contain s.
func outputHolds(t *testing.T, out, s string) string {
	t.Helper()
	found := ""
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || found != "" || !d.Type().IsRegular() {
			return nil
		}
		if data, err := os.ReadFile(p); err == nil && bytes.Contains(data, []byte(s)) {
			found = p
		}
		return nil
	})
	return found
}

// outcome is what one command must do: exit with code and print a line
// holding msg ("" when any output will do).
type outcome struct {
	code int
	msg  string
}

// hostileRow is one input of issue 18's table.
type hostileRow struct {
	row  int // of the table
	name string
	// files are added to the small site (or replace its files); setup
	// makes what files cannot: links, pipes, sparse files, an earlier
	// build into out.
	files map[string]string
	setup func(t *testing.T, site, out string)
	// check and build are what brief check and brief build must do;
	// skipCheck leaves out check where the row is about the output, or
	// where check would only repeat what build does at length.
	check, build outcome
	skipCheck    bool
	// heavy rows take seconds; -short leaves them out.
	heavy bool
	// after looks at the output once both have run.
	after func(t *testing.T, site, out string)
}

// refused is an error at every command; warned is a warning that does
// not stop the build.
func refused(msg string) [2]outcome { return [2]outcome{{1, msg}, {1, msg}} }

func warned(msg string) [2]outcome { return [2]outcome{{0, msg}, {0, msg}} }

// hostileRows lists the inputs; bin is the brief command, for rows that
// build once before the hostile change.
func hostileRows(bin string) []hostileRow {
	rows := []hostileRow{}
	add := func(r hostileRow, o [2]outcome) {
		r.check, r.build = o[0], o[1]
		rows = append(rows, r)
	}
	briefing := func(extra, body string) map[string]string {
		return map[string]string{"content/briefings/y.md": briefingText(extra, body)}
	}
	tags := func(n int) string {
		return "tags: [" + seq(n, ", ", func(i int) string { return "t" + strconv.Itoa(i) }) + "]\n"
	}

	const sizeMsg = "at most 64 KB are allowed" // of front matter

	// 1. Tags: output grew with the square of their number.
	add(hostileRow{row: 1, name: "4,000 tags in one briefing", files: briefing(tags(4000), "Body.\n")},
		refused("4,000 tags; at most 50"))
	add(hostileRow{row: 1, name: "100,000 tags in one briefing (780 KB)", files: briefing(tags(100000), "Body.\n")},
		refused(sizeMsg))

	// 2. A table padded to its header's width.
	table := func(cols, rows int) string {
		return "Intro.\n\n" + strings.Repeat("|a", cols) + "|\n" + strings.Repeat("|-", cols) + "|\n" + strings.Repeat("|x|\n", rows)
	}
	add(hostileRow{row: 2, name: "table of 2,000 columns over 2,000 one-cell rows (16 KB)", files: briefing("", table(2000, 2000))},
		refused("table has 2000 columns, more than 64"))
	add(hostileRow{row: 2, name: "table of 10,000 columns over 10,000 one-cell rows (80 KB)", files: briefing("", table(10000, 10000))},
		refused("table has 10000 columns, more than 64"))

	// 3. Nesting before the parsers run.
	nest := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	const nestMsg = "nest deeper than 20 levels"
	// Above 64 KB of fields the size is refused first; below, the nesting.
	add(hostileRow{row: 3, name: "tags: [[[…]]] 40,000 deep in front matter (80 KB)", files: briefing("tags: "+nest(40000)+"\n", "Body.\n")},
		refused(sizeMsg))
	add(hostileRow{row: 3, name: "tags: [[[…]]] 100,000 deep in front matter (200 KB)", files: briefing("tags: "+nest(100000)+"\n", "Body.\n")},
		refused(sizeMsg))
	add(hostileRow{row: 3, name: "tags: [[[…]]] 30,000 deep in front matter (60 KB)", files: briefing("tags: "+nest(30000)+"\n", "Body.\n")},
		refused(nestMsg))
	add(hostileRow{row: 3, name: "tags = [[[…]]] 100,000 deep in TOML front matter", files: map[string]string{
		"content/briefings/y.md": "+++\ntitle = \"T\"\ntags = " + nest(100000) + "\n+++\nBody.\n"}},
		refused(sizeMsg))
	add(hostileRow{row: 3, name: "tags = [[[…]]] 30,000 deep in TOML front matter", files: map[string]string{
		"content/briefings/y.md": "+++\ntitle = \"T\"\ntags = " + nest(30000) + "\n+++\nBody.\n"}},
		refused(nestMsg))
	add(hostileRow{row: 3, name: "[[[…]]] 30,000 deep in site.yaml (under its size limit)", files: map[string]string{
		"site.yaml": hostileConfig + "menu: " + nest(30000) + "\n"}},
		refused(nestMsg))
	add(hostileRow{row: 3, name: "[[[…]]] 40,000 deep in site.yaml", files: map[string]string{"site.yaml": hostileConfig + "menu: " + nest(40000) + "\n"}},
		refused("site.yaml: error: file is 78.2 KB, more than the 64 KB allowed"))
	add(hostileRow{row: 3, name: "[[[…]]] 100,000 deep in site.yaml", files: map[string]string{"site.yaml": hostileConfig + "menu: " + nest(100000) + "\n"}},
		refused("site.yaml: error: file is 195.4 KB, more than the 64 KB allowed"))

	// 4. Nothing from outside the site.
	outside := func(t *testing.T, site string, files map[string]string) {
		writeFiles(t, filepath.Join(filepath.Dir(site), "outside"), files)
	}
	const secret = "SECRET-FROM-OUTSIDE-THE-SITE"
	noSecret := func(t *testing.T, site, out string) {
		if p := outputHolds(t, out, secret); p != "" {
			t.Errorf("%s holds text from outside the site", p)
		}
	}
	o := warned("static: warning: symbolic link not followed")
	add(hostileRow{row: 4, name: "static/ a link to /etc", setup: func(t *testing.T, site, out string) {
		symlink(t, "/etc", filepath.Join(site, "static"))
	}, after: func(t *testing.T, site, out string) {
		for _, name := range []string{"passwd", "shadow", "hostname", "os-release", "group"} {
			if _, err := os.Lstat(filepath.Join(out, name)); err == nil {
				t.Errorf("the output holds %s, from /etc", name)
			}
		}
	}}, o)
	add(hostileRow{row: 4, name: "static/ a link to a folder outside the site", setup: func(t *testing.T, site, out string) {
		outside(t, site, map[string]string{"secret.txt": secret})
		symlink(t, "../outside", filepath.Join(site, "static"))
	}, after: noSecret}, o)
	o = refused("content/ is a symbolic link")
	add(hostileRow{row: 4, name: "content/ a link to a folder of briefings outside the site", setup: func(t *testing.T, site, out string) {
		outside(t, site, map[string]string{"briefings/z.md": briefingText("", secret+"\n")})
		symlink(t, "../outside", filepath.Join(site, "content"))
	}}, o)
	o = warned("templates/briefing.html: warning: symbolic link not followed")
	add(hostileRow{row: 4, name: "a template a link to a file outside the site", setup: func(t *testing.T, site, out string) {
		outside(t, site, map[string]string{"briefing.html": `{{define "main"}}` + secret + `{{end}}`})
		symlink(t, "../../outside/briefing.html", filepath.Join(site, "templates", "briefing.html"))
	}, after: noSecret}, o)
	o = warned("templates/page.html: warning: symbolic link not followed")
	add(hostileRow{row: 4, name: "a template a link to /etc/passwd", setup: func(t *testing.T, site, out string) {
		symlink(t, "/etc/passwd", filepath.Join(site, "templates", "page.html"))
	}, after: func(t *testing.T, site, out string) {
		if p := outputHolds(t, out, "root:x:0:0"); p != "" {
			t.Errorf("%s holds /etc/passwd", p)
		}
	}}, o)
	o = warned("templates: warning: symbolic link not followed")
	add(hostileRow{row: 4, name: "templates/ a link to a folder outside the site", setup: func(t *testing.T, site, out string) {
		outside(t, site, map[string]string{"briefing.html": `{{define "main"}}` + secret + `{{end}}`})
		symlink(t, "../outside", filepath.Join(site, "templates"))
	}, after: noSecret}, o)
	o = refused("site.yaml is a symbolic link")
	add(hostileRow{row: 4, name: "site.yaml a link to /etc/passwd", setup: func(t *testing.T, site, out string) {
		symlink(t, "/etc/passwd", filepath.Join(site, "site.yaml"))
	}}, o)

	// 5. The previous output is never written: a static file added between
	// builds where a page is.
	var before string
	add(hostileRow{row: 5, name: "static/robots.txt added after a build", setup: func(t *testing.T, site, out string) {
		mustBuild(t, bin, site, out)
		before = digest(t, out)
		writeFiles(t, site, map[string]string{"static/robots.txt": "User-agent: *\nDisallow: /\n"})
	}, after: func(t *testing.T, site, out string) {
		if got := digest(t, out); got != before {
			t.Errorf("the previous output changed: %s, was %s", got, before)
		}
	}}, refused("static/robots.txt: error: would replace the file brief generates at robots.txt"))

	// 6. A partial that includes itself.
	o = refused(`partial "loop" is nested more than 16 deep`)
	add(hostileRow{row: 6, name: `{{define "loop"}}{{partial "loop" .}}{{end}} used by a page`, files: map[string]string{
		"templates/partials/loop.html": `{{define "loop"}}{{partial "loop" .}}{{end}}`,
		"templates/briefing.html":      `{{define "main"}}{{partial "loop" .}}{{end}}`,
	}}, o)

	// 7. Work that grew with the square of the input.
	tomlSources := "+++\ntitle = \"T\"\ndate = 2023-08-02\ncountries = [\"Ukraine\"]\nsummary = \"S\"\n" +
		strings.Repeat("[[sources]]\nname = \"R\"\nurl = \"https://example.org/\"\n", 20000) + "+++\nBody.\n"
	add(hostileRow{row: 7, name: "TOML front matter with 20,000 [[sources]]", files: map[string]string{"content/briefings/y.md": tomlSources}},
		refused(sizeMsg))
	tomlArray := "+++\ntitle = \"T\"\ndate = 2023-08-02\ncountries = [\"Ukraine\"]\nsummary = \"S\"\ntags = [" +
		seq(40000, ", ", func(int) string { return `"t"` }) + "]\n[[sources]]\nname = \"R\"\nurl = \"https://example.org/\"\n+++\nBody.\n"
	add(hostileRow{row: 7, name: "a 40,000-item TOML array", files: map[string]string{"content/briefings/y.md": tomlArray}},
		refused(sizeMsg))
	footnotes := seq(40000, "", func(i int) string { return "[^" + strconv.Itoa(i) + "]" }) + "\n\n" +
		seq(40000, "", func(i int) string { return "[^" + strconv.Itoa(i) + "]: n\n" })
	add(hostileRow{row: 7, name: "40,000 footnotes", files: briefing("", footnotes)},
		refused("footnote"))
	definitions := seq(100000, "", func(i int) string { return "[" + strconv.FormatInt(int64(i), 36) + "]:/\n" })
	add(hostileRow{row: 7, name: "100,000 link reference definitions", files: briefing("", definitions)},
		refused("more than 1000 link reference definitions in one file"))
	fence := func(lang, line string, size int) string {
		return "Intro.\n\n```" + lang + "\nall:\n" + strings.Repeat(line, size/len(line)) + "\n```\n"
	}
	const notHighlighted = "warning: code block not highlighted"
	for _, size := range []int{20 << 10, 80 << 10} {
		add(hostileRow{row: 7, name: fmt.Sprintf("a %d KB line in a makefile code block", size>>10), files: briefing("", fence("makefile", "a", size))},
			warned(notHighlighted))
		add(hostileRow{row: 7, name: fmt.Sprintf("a %d KB line in an hcl code block", size>>10), files: briefing("", fence("hcl", `\\`, size))},
			warned(notHighlighted))
	}
	// The worst the highlighting limits let through: 64 KB of makefile in
	// blocks of 16 KB, every line just under the limit of 1,000 bytes.
	worst := strings.Repeat("```makefile\n"+strings.Repeat(strings.Repeat("a", 999)+"\n", 16)+"```\n\n", 4)
	add(hostileRow{row: 7, name: "64 KB of makefile in 999-byte lines (all within the limits)", files: briefing("", worst), heavy: true, skipCheck: true},
		warned(""))
	// Bodies of 1 MB, the limit, made of the constructs that cost goldmark
	// most for each byte: each ">" or "- " is a node of its own, and
	// repeats its markup on every line (24 MB of HTML); "*a* " is the
	// costliest body found that passes every limit.
	const mb = 1000000
	add(hostileRow{row: 7, name: "1 MB of block quotes 90 deep", heavy: true, skipCheck: true,
		files: briefing("", strings.Repeat(strings.Repeat(">", 90)+" q\n\n", (mb-200)/94))}, refused("MB of HTML; at most 4 MB are allowed"))
	add(hostileRow{row: 7, name: "1 MB of lists 99 deep", heavy: true, skipCheck: true,
		files: briefing("", strings.Repeat(strings.Repeat("- ", 99)+"x\n\n", (mb-200)/202))}, refused("MB of HTML; at most 4 MB are allowed"))
	add(hostileRow{row: 7, name: "1 MB of emphasis, *a* *a* … (all within the limits)", heavy: true, skipCheck: true,
		files: briefing("", strings.Repeat("*a* ", (mb-200)/4)+"\n")}, warned(""))

	// 8. Named pipes: never opened.
	fifo := func(name string) func(t *testing.T, site, out string) {
		return func(t *testing.T, site, out string) {
			p := filepath.Join(site, filepath.FromSlash(name))
			os.Remove(p)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	o = warned("content/briefings/p.md: warning: a named pipe")
	add(hostileRow{row: 8, name: "a FIFO named content/briefings/p.md", setup: fifo("content/briefings/p.md")}, o)
	o = warned("templates/page.html: warning: a named pipe")
	add(hostileRow{row: 8, name: "a FIFO named templates/page.html", setup: fifo("templates/page.html")}, o)
	o = warned("static/feed.txt: warning: a named pipe")
	add(hostileRow{row: 8, name: "a FIFO named static/feed.txt", setup: fifo("static/feed.txt")}, o)
	o = refused("site.yaml is a named pipe")
	add(hostileRow{row: 8, name: "a FIFO named site.yaml", setup: fifo("site.yaml")}, o)

	// 9. Files far too large, read by their size, not whole.
	add(hostileRow{row: 9, name: "a 5 GB sparse file in static/", setup: func(t *testing.T, site, out string) {
		sparse(t, filepath.Join(site, "static", "disk.img"), 5<<30)
	}}, refused("static/disk.img: error: the file is 5 GiB, over the 256 MiB limit"))
	add(hostileRow{row: 9, name: "a 1 GB sparse site.yaml", setup: func(t *testing.T, site, out string) {
		sparse(t, filepath.Join(site, "site.yaml"), 1<<30)
	}}, refused("site.yaml: error: file is 1,024 MB, more than the 64 KB allowed"))
	add(hostileRow{row: 9, name: "a 1 GB sparse template", setup: func(t *testing.T, site, out string) {
		writeFiles(t, site, map[string]string{"templates/page.html": `{{define "main"}}{{.Body}}{{end}}`})
		sparse(t, filepath.Join(site, "templates", "page.html"), 1<<30)
	}}, refused("templates/page.html: error: cannot read template: open page.html: the file is 1 GiB, over the 1 MiB limit"))
	add(hostileRow{row: 9, name: "a 1 GB sparse briefing", setup: func(t *testing.T, site, out string) {
		sparse(t, filepath.Join(site, "content", "briefings", "x.md"), 1<<30)
	}}, refused("content/briefings/x.md: error: file is 1,024 MB, more than the 1 MB allowed"))

	// 10. Files brief did not write, and files in the way of its own.
	add(hostileRow{row: 10, name: "CNAME and .git/ put into the output after a build", skipCheck: true, setup: func(t *testing.T, site, out string) {
		mustBuild(t, bin, site, out)
		writeFiles(t, out, map[string]string{"CNAME": "briefings.example.org\n", ".git/HEAD": "ref: refs/heads/gh-pages\n"})
	}, after: func(t *testing.T, site, out string) {
		for _, name := range []string{"CNAME", ".git/HEAD", "index.html"} {
			if _, err := os.Stat(filepath.Join(out, name)); err != nil {
				t.Errorf("the previous output lost %s: %v", name, err)
			}
		}
	}}, [2]outcome{{}, {1, ".git/, CNAME (add them to keep: in site.yaml"}})
	o = refused("static/index.html: error: would replace the file brief generates at index.html")
	add(hostileRow{row: 10, name: "static/index.html", files: map[string]string{"static/index.html": "<h1>Mine</h1>\n"}}, o)
	o = refused("static/briefings/x/index.html: error: would replace the file brief generates at briefings/x/index.html")
	add(hostileRow{row: 10, name: "static/briefings/x/index.html", files: map[string]string{"static/briefings/x/index.html": "<h1>Mine</h1>\n"}}, o)
	o = warned("content/briefings/a.MD")
	add(hostileRow{row: 10, name: "a.MD in content/briefings/", files: map[string]string{"content/briefings/a.MD": briefingText("", "Body.\n")}}, o)
	o = warned("content/briefings/b.markdown")
	add(hostileRow{row: 10, name: "b.markdown in content/briefings/", files: map[string]string{"content/briefings/b.markdown": briefingText("", "Body.\n")}}, o)

	// 12. A tag that cannot be a folder name.
	add(hostileRow{row: 12, name: "a tag of 300 bytes", files: briefing("tags: ["+strings.Repeat("a", 300)+"]\n", "Body.\n")},
		refused("content/briefings/y.md:7:8: error: a tag is 300 characters long; at most 100 are allowed"))

	// 13. Terminal and page hygiene.
	o = refused(`content/briefings/a\nb.md`)
	add(hostileRow{row: 13, name: "a file name with a line break", files: map[string]string{"content/briefings/a\nb.md": briefingText("", "Body.\n")}}, o)
	o = refused(`content/briefings/\x1b[2Jx\x1b]0;owned\x07.md`)
	add(hostileRow{row: 13, name: "a file name with terminal escape codes", files: map[string]string{"content/briefings/\x1b[2Jx\x1b]0;owned\x07.md": briefingText("", "Body.\n")}}, o)
	add(hostileRow{row: 13, name: "BEL and ESC in a title", files: map[string]string{
		"content/briefings/y.md": "---\ntitle: \"Bell\\a and \\e[31mred\"\ndate: 2023-08-02\ncountries: [Ukraine]\nsources: [{name: R, url: \"https://example.org/\"}]\nsummary: S\n---\nBody.\n"}},
		refused("content/briefings/y.md:2:8: error: title: control character U+0007"))
	o = warned(`content/briefings/y.md:7:8: warning: tag "Na\u200bto" holds invisible characters; they were removed`)
	add(hostileRow{row: 13, name: "a zero-width space in a tag", files: briefing("tags: [\"Na\u200bto\", Nato]\n", "Body.\n"), after: func(t *testing.T, site, out string) {
		if dirs := subfolders(filepath.Join(out, "tags")); len(dirs) != 1 {
			t.Errorf("tags/ holds %v, want one tag", dirs)
		}
	}}, o)
	add(hostileRow{row: 13, name: "a bidi override in a tag", files: briefing("tags: [\"\u202eevil\"]\n", "Body.\n")},
		refused("content/briefings/y.md:7:8: error: a tag: bidirectional control U+202E"))
	add(hostileRow{row: 13, name: "a bidi override in a country name", files: map[string]string{
		"content/briefings/y.md": "---\ntitle: T\ndate: 2023-08-02\ncountries: [\"Ukr\u202eaine\"]\nsources: [{name: R, url: \"https://example.org/\"}]\nsummary: S\n---\nBody.\n"}},
		refused("content/briefings/y.md:4:13: error: a country: bidirectional control U+202E"))
	// An invisible character in a country name still names the country
	// (the lookup ignores it): one country page, no look-alike.
	add(hostileRow{row: 13, name: "a zero-width space in a country name", files: map[string]string{
		"content/briefings/y.md": "---\ntitle: T\ndate: 2023-08-02\ncountries: [\"Ukr\u200baine\"]\nsources: [{name: R, url: \"https://example.org/\"}]\nsummary: S\n---\nBody.\n"},
		after: func(t *testing.T, site, out string) {
			if dirs := subfolders(filepath.Join(out, "countries")); len(dirs) != 1 || dirs[0] != "ua" {
				t.Errorf("countries/ holds %v, want [ua]", dirs)
			}
		}}, warned(""))
	add(hostileRow{row: 13, name: "base_url with user:pass@", files: map[string]string{"site.yaml": "title: Test\nbase_url: https://user:pass@example.org/\n"}},
		refused("site.yaml:2:11: error: base_url: address \"https://user:pass@example.org/\" holds a user name or password"))
	add(hostileRow{row: 13, name: "base_url with a #fragment", files: map[string]string{"site.yaml": "title: Test\nbase_url: https://example.org/#top\n"}},
		refused("site.yaml:2:11: error: base_url: address \"https://example.org/#top\" has a fragment"))
	add(hostileRow{row: 13, name: "a wrong item in a TOML array, on line 6", files: map[string]string{
		"content/briefings/y.md": "+++\ntitle = \"T\"\ndate = 2023-08-02\ncountries = [\"Ukraine\"]\nsummary = \"S\"\ntags = [\"ok\", [1]]\n[[sources]]\nname = \"R\"\nurl = \"https://example.org/\"\n+++\nBody.\n"}},
		refused("content/briefings/y.md:6:15: error: a tag must be text, not a list"))
	return rows
}

// testHostileRows runs check and build on every row and prints what each
// cost.
func testHostileRows(t *testing.T, bin string) {
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-4s %-66s %-6s %4s %7s %7s %7s\n", "row", "input", "cmd", "exit", "CPU s", "MiB", "wall s")
	for _, r := range hostileRows(bin) {
		if r.heavy && testing.Short() {
			continue
		}
		t.Run(fmt.Sprintf("%d/%s", r.row, r.name), func(t *testing.T) {
			dir := t.TempDir()
			site, out := filepath.Join(dir, "site"), filepath.Join(dir, "public")
			writeFiles(t, site, map[string]string{"site.yaml": hostileConfig, "content/briefings/x.md": briefingText("", "Body.\n")})
			writeFiles(t, site, r.files)
			if r.setup != nil {
				r.setup(t, site, out)
			}
			type cmd struct {
				args []string
				want outcome
			}
			cmds := []cmd{{[]string{"check", "-src", site}, r.check}, {[]string{"build", "-src", site, "-out", out}, r.build}}
			if r.skipCheck {
				cmds = cmds[1:]
			}
			for _, c := range cmds {
				m := runBrief(t, bin, c.args...)
				fmt.Fprintf(&table, "%-4d %-66s %-6s %4d %7.2f %7d %7.2f\n", r.row, clip(r.name, 66), c.args[0], m.code, m.cpu.Seconds(), m.peak>>20, m.wall.Seconds())
				what := c.args[0]
				checkSane(t, what, m)
				if m.killed != "" {
					continue
				}
				if m.code != c.want.code {
					t.Errorf("%s: exit %d, want %d\n%.3000s", what, m.code, c.want.code, m.output())
				}
				if c.want.msg != "" && !strings.Contains(m.stderr, c.want.msg) {
					t.Errorf("%s: no line holds %q\n%.3000s", what, c.want.msg, m.output())
				}
				if testing.Verbose() {
					t.Logf("%s (exit %d):\n%.600s", what, m.code, m.stderr)
				}
			}
			if r.after != nil {
				r.after(t, site, out)
			}
		})
	}
	t.Log(table.String())
}

// subfolders lists the folders in dir.
func subfolders(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	return dirs
}

// clip shortens s to n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// waitOutput polls the output of a running brief until it holds s.
func waitOutput(t *testing.T, what string, bufs []*cappedBuffer, s string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var all string
		for _, b := range bufs {
			all += b.String()
		}
		if strings.Contains(all, s) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %q not printed within 10 s; output:\n%.3000s", what, s, all)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// get requests path from the server at addr with the Host header host.
func get(t *testing.T, addr, host, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", "http://"+addr+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Errorf("GET %s (Host %s): %v", path, host, err)
		return 0, ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// testHostileServe runs brief serve and makes, while it runs, the changes
// that blinded or killed the dev server: a named pipe saved under content/
// (row 8) and a partial that includes itself (row 6). The server must
// report each, go on serving and rebuilding, and stop on Ctrl-C. It is
// reached by the Host names browsers send (row 11): on port 80, when the
// test may listen there, without the port.
func testHostileServe(t *testing.T, bin string) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	writeFiles(t, site, map[string]string{"site.yaml": hostileConfig, "content/briefings/x.md": briefingText("", "Body.\n")})
	addr, defaultPort := "127.0.0.1:0", false
	if l, err := net.Listen("tcp", "127.0.0.1:80"); err == nil {
		l.Close()
		addr, defaultPort = "127.0.0.1:80", true
	}
	var stdout, stderr cappedBuffer
	bufs := []*cappedBuffer{&stdout, &stderr}
	start := time.Now()
	cmd := startBrief(t, bin, nil, &stdout, &stderr, "serve", "-src", site, "-addr", addr)
	var m measured
	var stopTook time.Duration
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		sent := time.Now()
		cmd.Process.Signal(os.Interrupt)
		m = finish(cmd, &stdout, &stderr, start)
		stopTook = time.Since(sent)
	}
	defer stop()
	waitOutput(t, "start", bufs, "Serving ")
	_, url, _ := strings.Cut(stdout.String(), " at http://")
	addr, _, _ = strings.Cut(url, "/")
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("no address in %q: %v", stdout.String(), err)
	}

	// Row 11: the forms of the server's own name.
	hosts := []string{"127.0.0.1:" + port, "localhost:" + port, "localhost.:" + port}
	if defaultPort {
		hosts = append(hosts, "127.0.0.1", "localhost", "localhost.")
	} else {
		t.Logf("cannot listen on port 80: Host without the default port is left to generator/serve's TestHostHeaderForms")
	}
	for _, host := range hosts {
		if code, _ := get(t, addr, host, "/"); code != http.StatusOK {
			t.Errorf("Host %s: %d, want 200", host, code)
		}
	}
	if code, _ := get(t, addr, "evil.example", "/"); code != http.StatusForbidden {
		t.Errorf("Host evil.example: %d, want 403", code)
	}
	host := hosts[0]

	// Row 8: a named pipe saved under content/ is reported, and the edits
	// after it still rebuild the site.
	if err := syscall.Mkfifo(filepath.Join(site, "content", "briefings", "p.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitOutput(t, "a named pipe under content/", bufs, "named pipe")
	writeFiles(t, site, map[string]string{"content/briefings/x.md": briefingText("", "Edited after the pipe.\n")})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, body := get(t, addr, host, "/briefings/x/"); strings.Contains(body, "Edited after the pipe.") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the edit after the pipe was not served within 10 s\n%.3000s", stdout.String()+stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}

	// Row 6: a partial that includes itself is an error; the last good
	// site is still served.
	writeFiles(t, site, map[string]string{
		"templates/partials/loop.html": `{{define "loop"}}{{partial "loop" .}}{{end}}`,
		"templates/briefing.html":      `{{define "main"}}{{partial "loop" .}}{{end}}`,
	})
	waitOutput(t, "a partial that includes itself", bufs, `partial "loop" is nested more than 16 deep`)
	if code, body := get(t, addr, host, "/briefings/x/"); code != http.StatusOK || !strings.Contains(body, "Edited after the pipe.") {
		t.Errorf("after the looping partial: %d, the last good page not served", code)
	}

	stop()
	checkSane(t, "serve", m)
	if m.code != 0 {
		t.Errorf("serve: exit %d after Ctrl-C, want 0\n%.3000s", m.code, m.output())
	}
	if stopTook > 5*time.Second || m.killed != "" {
		t.Errorf("serve took %v to stop after Ctrl-C", stopTook)
	}
	t.Logf("serve: CPU %.2f s, %d MiB over %.1f s", m.cpu.Seconds(), m.peak>>20, m.wall.Seconds())
}

// scalingShape is an input brief accepts up to a limit, or refuses only
// after parsing it. files(n) is a site holding it at size n. The baseline
// is the same site at size base: 0, without it, for an input brief
// accepts; for one it refuses, a size just over the limit, so that the
// baseline takes the same path (a refused site is not rendered).
type scalingShape struct {
	name  string
	base  int
	n     int
	code  int  // exit status of the build at n and 2n
	short bool // in the reduced set run under -short
	files func(n int) map[string]string
}

// briefings makes k briefings from one text.
func briefings(k int, text string) map[string]string {
	files := map[string]string{"site.yaml": hostileConfig}
	for i := range k {
		files[fmt.Sprintf("content/briefings/b%03d.md", i)] = text
	}
	return files
}

func scalingShapes() []scalingShape {
	yamlFront := func(extra string) string {
		return "---\ntitle: T\ndate: 2023-08-02\ncountries: [Ukraine]\nsummary: S\n" + extra + "---\nBody.\n"
	}
	tomlFront := "+++\ntitle = \"T\"\ndate = 2023-08-02\ncountries = [\"Ukraine\"]\nsummary = \"S\"\n"
	tomlSource := func(i int) string {
		return fmt.Sprintf("[[sources]]\nname = \"Source %d\"\nurl = \"https://example.org/%d\"\n", i, i)
	}
	code := func(k int, lang, line string) func(n int) map[string]string {
		// n lines in four blocks, each line numbered: up to 16 KB a
		// block, 64 KB a file.
		return func(n int) map[string]string {
			body := "Intro.\n\n"
			for b := range 4 {
				body += "```" + lang + "\n" + seq(n/4, "", func(i int) string { return fmt.Sprintf("%s %d %d\n", line, b, i) }) + "```\n\n"
			}
			return briefings(k, briefingText("", body))
		}
	}
	return []scalingShape{
		{name: "paragraphs", n: 700, files: func(n int) map[string]string {
			return briefings(6, briefingText("", seq(n, "\n\n", func(i int) string {
				return fmt.Sprintf("Paragraph %d has *some emphasis*, a [link](https://example.org/%d), `code` and words enough to fill a line of a briefing.", i, i)
			})+"\n"))
		}},
		{name: "table of 64 columns", n: 150, short: true, files: func(n int) map[string]string {
			row := strings.Repeat("| a ", 64) + "|\n"
			return briefings(4, briefingText("", "Intro.\n\n"+strings.Repeat("| h ", 64)+"|\n"+strings.Repeat("|---", 64)+"|\n"+strings.Repeat(row, n)))
		}},
		{name: "footnotes", n: 450, short: true, files: func(n int) map[string]string {
			refs := seq(n, "\n\n", func(i int) string { return fmt.Sprintf("Claim %d.[^%d]", i, i) })
			defs := seq(n, "", func(i int) string { return fmt.Sprintf("[^%d]: Source %d.\n", i, i) })
			return briefings(6, briefingText("", "Intro.\n\n"+refs+"\n\n"+defs))
		}},
		{name: "link definitions", n: 450, files: func(n int) map[string]string {
			uses := seq(n, "\n\n", func(i int) string { return fmt.Sprintf("See [source %d][r%d].", i, i) })
			defs := seq(n, "", func(i int) string { return fmt.Sprintf("[r%d]: https://example.org/%d\n", i, i) })
			return briefings(15, briefingText("", "Intro.\n\n"+uses+"\n\n"+defs))
		}},
		{name: "reference links in one paragraph", n: 450, files: func(n int) map[string]string {
			lines := seq(n, "\n", func(i int) string { return fmt.Sprintf("line %d cites [a source][r] and goes on", i) })
			return briefings(20, briefingText("", "Intro.\n\n"+lines+"\n\n[r]: https://example.org/\n"))
		}},
		// Sources beyond the limit of 100 are refused after the front
		// matter is parsed: the parsers see up to 64 KB and 2,000 lines.
		{name: "sources, YAML (refused)", base: 101, n: 600, code: 1, files: func(n int) map[string]string {
			return briefings(12, yamlFront("sources:\n"+seq(n, "", func(i int) string {
				return fmt.Sprintf("  - {name: S%d, url: \"https://e.org/%d\"}\n", i, i)
			})))
		}},
		{name: "[[sources]], TOML (refused)", base: 101, n: 300, code: 1, short: true, files: func(n int) map[string]string {
			return briefings(150, tomlFront+seq(n, "", tomlSource)+"+++\nBody.\n")
		}},
		{name: "a TOML array of tags (refused)", base: 51, n: 6000, code: 1, files: func(n int) map[string]string {
			return briefings(40, tomlFront+"tags = ["+seq(n, ", ", func(int) string { return `"t"` })+"]\n"+tomlSource(0)+"+++\nBody.\n")
		}},
		{name: "lists 18 deep, repeated (refused)", base: 51, n: 700, code: 1, files: func(n int) map[string]string {
			item := strings.Repeat("[", 18) + "a" + strings.Repeat("]", 18)
			return briefings(4, yamlFront("sources: [{name: R, url: \"https://example.org/\"}]\ntags: ["+seq(n, ", ", func(int) string { return item })+"]\n"))
		}},
		{name: "block quotes 90 deep, repeated", n: 600, short: true, files: func(n int) map[string]string {
			return briefings(1, briefingText("", seq(n, "\n\n", func(i int) string { return strings.Repeat(">", 90) + " quote " + strconv.Itoa(i) })+"\n"))
		}},
		{name: "makefile code, 250-byte lines", base: 4, n: 120, short: true, files: code(1, "makefile", strings.Repeat("a", 240))},
		{name: "hcl code, 250-byte lines", base: 4, n: 120, files: code(10, "hcl", `x = "`+strings.Repeat(`\\`, 120)+`"`)},
	}
}

// Thresholds of the scaling test: from n to 2n, the work above the
// baseline may grow by these factors at most (2, and a margin for noise);
// below the minimums the work is too small to judge.
const (
	maxCPURatio = 2.6
	maxRSSRatio = 2.3
	minCPUWork  = 40 * time.Millisecond
	minRSSWork  = 16 << 20
)

// scalingEnv turns the garbage collector off in the builds of the
// scaling test. Peak memory then is all the memory a build allocates: the
// same to a few hundred kilobytes from one run to the next, where with
// the collector on it moves by a third with the moments a collection
// happens to run, and it grows with the square of the input whenever
// live memory or the work of allocating does. CPU time is steadier too.
var scalingEnv = []string{"GOGC=off", "GOMEMLIMIT=off"}

// scaling holds what a shape cost at its baseline, at n and at 2n, one
// sample a build. CPU time is judged by the least of its samples, as a
// busy machine only ever adds to it; memory by the median.
type scaling struct {
	cpu [3][]time.Duration
	rss [3][]int64
}

func (sc *scaling) cpuAt(i int) time.Duration { return slices.Min(sc.cpu[i]) }

func (sc *scaling) rssAt(i int) int64 {
	v := slices.Sorted(slices.Values(sc.rss[i]))
	return v[len(v)/2]
}

// ratios are the growth of the work above the baseline from n to 2n,
// scaled so that work linear in the size gives 2 whatever the baseline's
// size; ok is false where the work is too small to judge.
func (sc *scaling) ratios(s scalingShape) (cpu, rss float64, cpuOK, rssOK bool) {
	linear := float64(2*s.n-s.base) / float64(s.n-s.base) / 2
	cpuWork := [2]float64{float64(sc.cpuAt(1) - sc.cpuAt(0)), float64(sc.cpuAt(2) - sc.cpuAt(0))}
	rssWork := [2]float64{float64(sc.rssAt(1) - sc.rssAt(0)), float64(sc.rssAt(2) - sc.rssAt(0))}
	cpu, rss = cpuWork[1]/cpuWork[0]/linear, rssWork[1]/rssWork[0]/linear
	return cpu, rss, cpuWork[0] >= float64(minCPUWork), rssWork[1] >= minRSSWork
}

// measureShape builds the shape's site at its baseline, n and 2n, in
// rounds of one build each, so that a busy moment of the machine slows
// all three alike, and adds the samples to sc.
func measureShape(t *testing.T, bin string, s scalingShape, rounds int, sc *scaling) {
	t.Helper()
	dir := t.TempDir()
	sizes := []int{s.base, s.n, 2 * s.n}
	for i, n := range sizes {
		writeFiles(t, filepath.Join(dir, strconv.Itoa(i)), s.files(n))
	}
	for round := range rounds {
		for i, n := range sizes {
			site := filepath.Join(dir, strconv.Itoa(i))
			m := runBriefEnv(t, bin, scalingEnv, "build", "-src", site, "-out", filepath.Join(dir, fmt.Sprintf("out-%d-%d", i, round), "public"))
			sc.cpu[i] = append(sc.cpu[i], m.cpu)
			sc.rss[i] = append(sc.rss[i], m.peak)
			if i == 0 || round > 0 {
				continue
			}
			what := fmt.Sprintf("n=%d", n)
			checkSane(t, what, m)
			if m.killed != "" {
				t.FailNow()
			}
			if m.code != s.code {
				t.Errorf("%s: exit %d, want %d\n%.2000s", what, m.code, s.code, m.output())
			}
		}
	}
}

// testHostileScaling builds each shape at its baseline, n and 2n, three
// times each, and compares the work above the baseline. A shape over a
// threshold is measured three times more before it fails: a busy machine
// may slow a few runs, rarely six.
func testHostileScaling(t *testing.T, bin string) {
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-34s %5s %5s %21s %6s %15s %6s\n", "shape", "base", "n", "CPU ms: base, n, 2n", "ratio", "MiB: base,n,2n", "ratio")
	for _, s := range scalingShapes() {
		if testing.Short() && !s.short {
			continue
		}
		t.Run(s.name, func(t *testing.T) {
			sc := &scaling{}
			measureShape(t, bin, s, 3, sc)
			cpu, rss, cpuOK, rssOK := sc.ratios(s)
			if cpuOK && cpu > maxCPURatio || rssOK && rss > maxRSSRatio {
				t.Logf("ratios %.2f (CPU) and %.2f (memory): measuring again", cpu, rss)
				measureShape(t, bin, s, 3, sc)
				cpu, rss, cpuOK, rssOK = sc.ratios(s)
			}
			cpuNote, rssNote := fmt.Sprintf("%6.2f", cpu), fmt.Sprintf("%6.2f", rss)
			switch {
			case !cpuOK:
				cpuNote = "   n/a"
				t.Logf("CPU: %v of work at n, too little to judge", sc.cpuAt(1)-sc.cpuAt(0))
			case cpu > maxCPURatio:
				t.Errorf("CPU time above the baseline grew %.2f times (for 2 if linear) from n=%d to %d (%v → %v): more than linear",
					cpu, s.n, 2*s.n, sc.cpuAt(1)-sc.cpuAt(0), sc.cpuAt(2)-sc.cpuAt(0))
			}
			switch {
			case !rssOK:
				rssNote = "   n/a"
			case rss > maxRSSRatio:
				t.Errorf("memory above the baseline grew %.2f times (for 2 if linear) from n=%d to %d (%d → %d MiB): more than linear",
					rss, s.n, 2*s.n, (sc.rssAt(1)-sc.rssAt(0))>>20, (sc.rssAt(2)-sc.rssAt(0))>>20)
			}
			fmt.Fprintf(&table, "%-34s %5d %5d %5d %7d %7d  %s %4d %4d %4d   %s\n", clip(s.name, 34), s.base, s.n,
				sc.cpuAt(0).Milliseconds(), sc.cpuAt(1).Milliseconds(), sc.cpuAt(2).Milliseconds(), cpuNote,
				sc.rssAt(0)>>20, sc.rssAt(1)>>20, sc.rssAt(2)>>20, rssNote)
		})
	}
	t.Log(table.String())
}
