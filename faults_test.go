package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"brief/internal/corpus"
)

// briefCommand runs this test binary as brief in a process of its own.
func briefCommand(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "BRIEF_RUN_MAIN=1")
	return cmd
}

// digest sums every file below dir, names and bytes, to compare outputs.
func digest(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, n)
		fmt.Fprintf(h, "%s %d\n", rel, len(data))
		h.Write(data)
	}
	return fmt.Sprintf("%x (%d files)", h.Sum(nil)[:8], len(names))
}

// TestKilledBuildLeavesThePreviousOutput starts builds of a few thousand
// briefings and kills them with SIGKILL at several moments: the previous
// output must stay exactly as it was, and the next build must succeed.
func TestKilledBuildLeavesThePreviousOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds thousands of briefings")
	}
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if err := corpus.Write(site, corpus.Options{N: 1500}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	if b, err := briefCommand("build", "-src", site, "-out", out).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, b)
	}
	before := digest(t, out)
	// Change the site so that a half-swapped output would show, and build
	// the changed site elsewhere to know what a whole new output is.
	os.WriteFile(filepath.Join(site, "site.yaml"), []byte("title: Renamed Briefings\nbase_url: https://other.example.org/\nper_page: 7\n"), 0o644)
	ref := filepath.Join(dir, "ref", "public")
	if b, err := briefCommand("build", "-src", site, "-out", ref).CombinedOutput(); err != nil {
		t.Fatalf("reference build: %v\n%s", err, b)
	}
	after := digest(t, ref)

	delays := []time.Duration{5 * time.Millisecond, 40 * time.Millisecond, 120 * time.Millisecond, 300 * time.Millisecond,
		600 * time.Millisecond, 900 * time.Millisecond, 1300 * time.Millisecond, 2000 * time.Millisecond}
	killed := 0
	for _, d := range delays {
		cmd := briefCommand("build", "-src", site, "-out", out)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(d)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		if err == nil {
			// The build finished before the kill: its output is the new
			// site, whole. Start over from the old one for the next delay.
			t.Logf("the build finished within %v; not killed", d)
			continue
		}
		killed++
		// Killed before the swap: the old output; after it (while the old
		// one was being deleted): the new one. Never anything else.
		if got := digest(t, out); got != before && got != after {
			t.Fatalf("killed after %v: output is %s, neither the previous %s nor the new %s", d, got, before, after)
		}
	}
	if killed == 0 {
		t.Fatal("no build was killed: the site builds too fast for this test")
	}
	if b, err := briefCommand("build", "-src", site, "-out", out).CombinedOutput(); err != nil {
		t.Fatalf("build after the kills: %v\n%s", err, b)
	}
	if got := digest(t, out); got != after {
		t.Errorf("the build after the kills wrote %s, want the new site %s", got, after)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".public.brief-staging-*"))
	if len(left) > 0 {
		t.Errorf("staging folders of killed builds were not cleaned: %v", left)
	}
	t.Logf("%d builds killed at %v; the output stayed whole each time", killed, delays)
}

// TestTwoBuildsAtOnce runs two builds of the same site into the same output
// at the same moment: each finishes or refuses, and the output is one whole
// build, never a mix.
func TestTwoBuildsAtOnce(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if err := corpus.Write(site, corpus.Options{N: 400}); err != nil {
		t.Fatal(err)
	}
	ref := filepath.Join(dir, "reference")
	if b, err := briefCommand("build", "-src", site, "-out", ref).CombinedOutput(); err != nil {
		t.Fatalf("reference build: %v\n%s", err, b)
	}
	want := digest(t, ref)
	out := filepath.Join(dir, "public")
	for round := range 3 {
		a := briefCommand("build", "-src", site, "-out", out)
		b := briefCommand("build", "-src", site, "-out", out)
		var ea, eb bytes.Buffer
		a.Stderr, b.Stderr = &ea, &eb
		a.Start()
		b.Start()
		errA, errB := a.Wait(), b.Wait()
		for _, r := range []struct {
			err    error
			stderr string
		}{{errA, ea.String()}, {errB, eb.String()}} {
			if r.err != nil && !strings.Contains(r.stderr, "another brief build is writing this output") {
				t.Errorf("round %d: a build failed for another reason: %v\n%s", round, r.err, r.stderr)
			}
		}
		if errA != nil && errB != nil {
			t.Errorf("round %d: both builds refused", round)
		}
		if got := digest(t, out); strings.Split(got, " ")[0] != strings.Split(want, " ")[0] {
			t.Errorf("round %d: output %s, want one whole build %s", round, got, want)
		}
	}
}
