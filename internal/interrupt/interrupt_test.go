//go:build unix

package interrupt

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test run this binary as a program that signals itself
// and then releases the signals.
func TestMain(m *testing.M) {
	if os.Getenv("INTERRUPT_SELF") == "1" {
		syscall.Kill(os.Getpid(), syscall.SIGINT)
		time.Sleep(100 * time.Millisecond) // the signal is held, not acted on
		Release()
		time.Sleep(2 * time.Second)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestSignalBeforeContextIsNotLost sends SIGINT before anyone waits for
// it, as happens during start-up: the context made afterwards must still
// end.
func TestSignalBeforeContextIsNotLost(t *testing.T) {
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	ctx, stop := Context(context.Background())
	defer stop()
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the SIGINT sent before Context did not end its context")
	}
}

// TestReleaseKeepsTheUsualEffect runs a program that signals itself
// while the signals are held and then releases them: with SIGINT in its
// default state the program dies of it, as it would have without this
// package; started with SIGINT ignored, it goes on.
func TestReleaseKeepsTheUsualEffect(t *testing.T) {
	for _, ignored := range []bool{false, true} {
		var cmd *exec.Cmd
		if ignored {
			cmd = exec.Command("sh", "-c", `trap '' INT; exec "$0" -test.run=^$`, os.Args[0])
		} else {
			cmd = exec.Command(os.Args[0], "-test.run=^$")
		}
		cmd.Env = append(os.Environ(), "INTERRUPT_SELF=1")
		err := cmd.Run()
		var exit *exec.ExitError
		switch {
		case ignored && err != nil:
			t.Errorf("started with SIGINT ignored: %v, want a normal end", err)
		case !ignored && !errors.As(err, &exit):
			t.Errorf("started with SIGINT in its default state: %v, want death by SIGINT", err)
		case !ignored:
			ws := exit.Sys().(syscall.WaitStatus)
			if !ws.Signaled() || ws.Signal() != syscall.SIGINT {
				t.Errorf("the program ended with %v, want death by SIGINT", err)
			}
		}
	}
}
