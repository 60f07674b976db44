// Command editlatency measures how long an edit takes to reach the browser
// with brief serve: it starts the server on a site, then appends a sentence
// to one briefing at a time and polls that briefing's page over HTTP until
// the sentence is served. It prints the startup time, the median edit
// time and the server's memory.
//
//	go run ./bench/editlatency -brief ./brief -site /dev/shm/corpus-10k -edits 10
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

func main() {
	bin := flag.String("brief", "brief", "brief binary")
	site := flag.String("site", "", "site folder")
	edits := flag.Int("edits", 10, "number of edits")
	addr := flag.String("addr", "127.0.0.1:18913", "address for brief serve")
	flag.Parse()

	var files []string
	filepath.WalkDir(filepath.Join(*site, "content", "briefings"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	if len(files) < *edits {
		fail("too few briefings")
	}

	start := time.Now()
	cmd := exec.Command(*bin, "serve", "-src", *site, "-addr", *addr)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		fail(err.Error())
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	lines := bufio.NewScanner(stdout)
	go func() {
		for lines.Scan() {
		}
	}()
	base := "http://" + *addr
	for !served(base+"/", "<html") {
		if time.Since(start) > 5*time.Minute {
			fail("server did not start")
		}
		time.Sleep(5 * time.Millisecond)
	}
	startup := time.Since(start)

	slug := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}-`)
	var times []time.Duration
	for i := range *edits {
		f := files[(i*7919)%len(files)]
		name := slug.ReplaceAllString(strings.TrimSuffix(filepath.Base(f), ".md"), "")
		page := base + "/briefings/" + name + "/"
		if !served(page, "</html>") {
			fail("page not served: " + page)
		}
		sentence := fmt.Sprintf("Edit number %d arrives at %d.", i, time.Now().UnixNano())
		src, _ := os.ReadFile(f)
		t0 := time.Now()
		if err := os.WriteFile(f, append(src, []byte("\n"+sentence+"\n")...), 0o644); err != nil {
			fail(err.Error())
		}
		for !served(page, sentence) {
			if time.Since(t0) > 30*time.Second {
				os.WriteFile(f, src, 0o644)
				fail("edit not served: " + page)
			}
			time.Sleep(time.Millisecond)
		}
		times = append(times, time.Since(t0))
		// The revert is served before the next edit: on a large site a
		// rebuild can take longer than any fixed pause, and the next edit
		// would then wait for it.
		os.WriteFile(f, src, 0o644)
		for served(page, sentence) {
			if time.Since(t0) > 60*time.Second {
				fail("revert not served: " + page)
			}
			time.Sleep(time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond)
	}
	sort.Slice(times, func(a, b int) bool { return times[a] < times[b] })
	fmt.Printf("startup until the first page is served: %s\n", startup.Round(time.Millisecond))
	fmt.Printf("edit to served page: median %s, min %s, max %s over %d edits\n",
		times[len(times)/2].Round(100*time.Microsecond), times[0].Round(100*time.Microsecond), times[len(times)-1].Round(100*time.Microsecond), len(times))
	if rss, peak, ok := memory(cmd.Process.Pid); ok {
		fmt.Printf("server memory: RSS %d MiB after the edits, peak %d MiB\n", rss>>10, peak>>10)
	}
}

// memory reads a process's resident memory now and at its peak, in KiB,
// where the system tells (Linux).
func memory(pid int) (rss, peak int, ok bool) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 {
			switch f[0] {
			case "VmRSS:":
				rss, _ = strconv.Atoi(f[1])
			case "VmHWM:":
				peak, _ = strconv.Atoi(f[1])
			}
		}
	}
	return rss, peak, rss > 0
}

func served(url, want string) bool {
	resp, err := http.Get(url)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return strings.Contains(string(body), want)
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "editlatency:", msg)
	os.Exit(1)
}
