package generator

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"brief/generator/output"
	"brief/internal/sitetest"
)

// faultAfter makes the n-th and every later file creation fail with err.
func faultAfter(n int64, err error) output.Option {
	var count atomic.Int64
	return output.WithFaults(func(op, name string) error {
		if op == "create" && count.Add(1) > n {
			return &os.PathError{Op: "write", Path: name, Err: err}
		}
		return nil
	})
}

func TestWriteFaultsLeaveThePreviousOutput(t *testing.T) {
	files := map[string]string{}
	for i := range 40 {
		files[fmt.Sprintf("content/briefings/b%02d.md", i)] = briefingFile(fmt.Sprintf("B%d", i), "2024-01-02", []string{"Italy", "Japan"}, "")
	}
	dir := sitetest.WriteSite(t, fixture(testConfig, files))
	out := filepath.Join(dir, "public")
	mustBuild(t, BuildOptions{Src: dir})
	before := snapshot(t, out)
	os.WriteFile(filepath.Join(dir, "content/briefings/new.md"), []byte(briefingFile("New", "2024-03-01", []string{"Chile"}, "")), 0o644)

	tried := 0
	for _, fault := range []error{syscall.ENOSPC, syscall.EACCES, syscall.EROFS, syscall.EIO} {
		for _, after := range []int64{0, 1, 7, 60, 100} {
			tried++
			// Every file is created in the staging folder, written or
			// linked from the previous output: well over 100 of them,
			// with the build cache or without.
			_, err := Build(BuildOptions{Src: dir, Now: buildNow, NoCache: after >= 100, outputOptions: []output.Option{faultAfter(after, fault)}})
			if err == nil || !errors.Is(err, fault) || !strings.Contains(err.Error(), "previous output is unchanged") {
				t.Errorf("%v after %d writes: err = %v", fault, after, err)
			}
			if err := sameFiles(before, snapshot(t, out)); err != nil {
				t.Fatalf("%v after %d writes changed the output: %v", fault, after, err)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".public.brief-staging-*")); len(left) > 0 {
				t.Fatalf("%v after %d writes left %v", fault, after, left)
			}
		}
	}
	t.Logf("%d write faults injected; the output stayed as it was each time", tried)
	// Once the disk is fine again, the build goes through.
	mustBuild(t, BuildOptions{Src: dir})
	if _, err := os.Stat(filepath.Join(out, "countries/cl/index.html")); err != nil {
		t.Error("the build after the faults did not write the new briefing")
	}
}

// TestRealFullDisk builds onto a 1 MiB tmpfs, which needs root and mount
// (CI has both); the fault-injection test above covers every machine.
func TestRealFullDisk(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("mounting a tmpfs needs root; TestWriteFaultsLeaveThePreviousOutput covers a full disk by injection")
	}
	disk := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s); TestWriteFaultsLeaveThePreviousOutput covers a full disk by injection", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", disk).Run() })
	files := map[string]string{}
	for i := range 5 {
		files[fmt.Sprintf("content/briefings/b%02d.md", i)] = briefingFile(fmt.Sprintf("B%d", i), "2024-01-02", []string{"Italy"}, "")
	}
	dir := sitetest.WriteSite(t, fixture(testConfig, files))
	out := filepath.Join(disk, "public")
	mustBuild(t, BuildOptions{Src: dir, Out: out})
	before := snapshot(t, out)
	// Enough briefings to fill the disk twice over.
	for i := range 400 {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("content/briefings/more%03d.md", i)),
			[]byte(briefingFile(fmt.Sprintf("More %d", i), "2024-02-01", []string{"Italy", "France"}, "")+strings.Repeat("Filler text. ", 300)), 0o644)
	}
	_, err := Build(BuildOptions{Src: dir, Out: out, Now: buildNow})
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("err = %v, want no space left on device", err)
	}
	if err := sameFiles(before, snapshot(t, out)); err != nil {
		t.Errorf("a full disk changed the output: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(disk, ".public.brief-staging-*")); len(left) > 0 {
		t.Errorf("staging left on the full disk: %v", left)
	}
}
