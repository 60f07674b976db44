//go:build linux

package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"brief/internal/corpus"
)

var stopRuns = flag.Int("stop-runs", 30, "how many times TestServeStopsOnInterrupt starts and interrupts brief serve")

// stopBound is how long brief serve may take to end after SIGINT.
const stopBound = 5 * time.Second

// TestServeStopsOnInterrupt starts brief serve the way a shell script
// starts a background job, with SIGINT ignored, and sends it SIGINT at
// random moments: during its first build, during rebuilds after edits
// and while idle. Every time it must end within stopBound, cleanly.
// -stop-runs sets the number of runs; -short makes it a few.
func TestServeStopsOnInterrupt(t *testing.T) {
	runs := *stopRuns
	if testing.Short() {
		runs = min(runs, 6)
	}
	bin, err := filepath.EvalSymlinks(buildBrief(t))
	if err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(t.TempDir(), "site")
	// Big enough that a first build or a full rebuild takes a few
	// hundred milliseconds, so that random moments fall inside them.
	if err := corpus.Write(site, corpus.Options{N: 300}); err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	var briefings []string
	filepath.WalkDir(filepath.Join(site, "content", "briefings"), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			briefings = append(briefings, p)
		}
		return nil
	})
	if len(briefings) == 0 {
		t.Fatal("no briefings in the corpus")
	}
	settings := filepath.Join(site, "site.yaml")
	original, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}

	phases := []string{"first build", "rebuild", "idle"}
	for i := range runs {
		phase := phases[i%len(phases)]
		var stdout, stderr cappedBuffer
		// The shell ignores SIGINT and execs brief, which inherits the
		// ignored signal as a script's background job does.
		cmd := exec.Command("sh", "-c", `trap '' INT; exec "$0" "$@"`, bin, "serve", "-src", site, "-addr", "127.0.0.1:0")
		cmd.Env = briefEnv()
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		// Until brief's own handler is in, SIGINT is thrown away by the
		// kernel; that moment is TestStopSignalsAreCaughtFirst's.
		waitCaught(t, cmd.Process.Pid, bin, exited)

		var delay time.Duration
		switch phase {
		case "first build":
			delay = time.Duration(rng.IntN(500)) * time.Millisecond
		case "rebuild":
			waitOutput(t, "start", []*cappedBuffer{&stdout, &stderr}, "Serving ")
			if rng.IntN(2) == 0 {
				// A setting changes every page: a full rebuild.
				os.WriteFile(settings, append(append([]byte{}, original...), fmt.Sprintf("description: run %d\n", i)...), 0o644)
			} else {
				f := briefings[rng.IntN(len(briefings))]
				data, _ := os.ReadFile(f)
				os.WriteFile(f, append(data, fmt.Sprintf("\nEdited in run %d.\n", i)...), 0o644)
			}
			delay = time.Duration(rng.IntN(400)) * time.Millisecond
		case "idle":
			waitOutput(t, "start", []*cappedBuffer{&stdout, &stderr}, "Serving ")
			delay = time.Duration(rng.IntN(200)) * time.Millisecond
		}
		time.Sleep(delay)
		servedBefore := strings.Contains(stdout.String(), "Serving ")
		sent := time.Now()
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		select {
		case err := <-exited:
			took := time.Since(sent)
			if err != nil {
				t.Errorf("run %d (%s, %v after start-up): brief serve ended with %v\nstdout:\n%s\nstderr:\n%s", i, phase, delay, err, clip(stdout.String(), 2000), clip(stderr.String(), 2000))
			}
			t.Logf("run %d: SIGINT %v into %s (serving: %v), ended in %v", i, delay, phase, servedBefore, took.Round(time.Millisecond))
		case <-time.After(stopBound):
			// The goroutines say where it hangs.
			cmd.Process.Signal(syscall.SIGQUIT)
			select {
			case <-exited:
			case <-time.After(2 * time.Second):
				cmd.Process.Kill()
				<-exited
			}
			t.Errorf("run %d: brief serve still ran %v after SIGINT sent %v into %s\nstdout:\n%s\nstderr:\n%s", i, stopBound, delay, phase, clip(stdout.String(), 2000), clip(stderr.String(), 20000))
		}
	}
}

// waitCaught waits until the process pid runs bin and catches SIGINT, as
// /proc tells. (The shell that starts it catches SIGINT too.)
func waitCaught(t *testing.T, pid int, bin string, exited <-chan error) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
		if exe == bin {
			caught, err := catchesSIGINT(pid)
			if err != nil {
				t.Fatal(err)
			}
			if caught {
				return
			}
		}
		select {
		case err := <-exited:
			t.Fatalf("brief serve ended before catching SIGINT: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("brief serve did not catch SIGINT within 10 s")
		}
		time.Sleep(time.Millisecond)
	}
}

// catchesSIGINT reads the mask of caught signals of a process.
func catchesSIGINT(pid int) (bool, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return false, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if hex, ok := strings.CutPrefix(sc.Text(), "SigCgt:"); ok {
			mask, err := strconv.ParseUint(strings.TrimSpace(hex), 16, 64)
			if err != nil {
				return false, err
			}
			return mask&(1<<(syscall.SIGINT-1)) != 0, nil
		}
	}
	return false, errors.New("no SigCgt in /proc/pid/status")
}

// TestStopSignalsAreCaughtFirst checks that brief asks for SIGINT before
// any of its own packages or its modules start up: a program started with
// SIGINT ignored loses every SIGINT until it asks, and start-up takes tens
// of milliseconds, more on a busy machine (the Ctrl-C that brief serve
// ignored when a script started it). The Go runtime's trace of package
// initialisation gives the order.
func TestStopSignalsAreCaughtFirst(t *testing.T) {
	bin := buildBrief(t)
	cmd := exec.Command("sh", "-c", `trap '' INT; exec "$0" "$@"`, bin, "version")
	cmd.Env = append(briefEnv(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("brief version: %v\n%s", err, out)
	}
	const first = "brief/internal/interrupt"
	var before []string
	found := false
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || f[0] != "init" {
			continue
		}
		if f[1] == first {
			found = true
			break
		}
		if top, _, _ := strings.Cut(f[1], "/"); top == "brief" || strings.Contains(top, ".") {
			before = append(before, f[1])
		}
	}
	if !found {
		t.Fatalf("no init of %s in the trace:\n%s", first, out)
	}
	if len(before) > 0 {
		t.Errorf("%s starts after %v: a SIGINT during their start-up is lost", first, before)
	}
}
