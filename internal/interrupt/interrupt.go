// Package interrupt catches SIGINT and SIGTERM from the program's first
// moments and holds them until the command decides what they mean.
//
// A program started in the background by a shell script begins with SIGINT
// ignored (POSIX shells do that to asynchronous commands), and the kernel
// throws away a signal that arrives while it is ignored. Go keeps that
// disposition until signal.Notify asks for the signal, so a Notify placed
// in the command's own code leaves a window of start-up (package
// initialisation, some tens of milliseconds, more on a busy machine) in
// which a script's kill -INT is lost for good: brief serve then ran until
// killed. This package asks for the signals in its init, which runs as soon
// as os/signal is ready, before the heavy packages; a signal caught then
// waits in a buffer for Context or Release.
//
// The window before the Go runtime itself starts cannot be closed by any
// program: there, a signal is in the hands of the disposition its parent
// left.
package interrupt

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// stopSignals are the signals that ask brief to stop.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// held receives the stop signals while they are held; two places so that
// a second signal during a clean stop is seen too.
var held = make(chan os.Signal, 2)

func init() {
	signal.Notify(held, stopSignals...)
}

// Release gives the stop signals back the effect they had when the program
// started (usually ending it; nothing where they were ignored), and lets a
// signal held so far take that effect now. Commands that need no clean
// stop call it first thing.
func Release() {
	signal.Stop(held)
	for {
		select {
		case sig := <-held:
			raise(sig)
		default:
			return
		}
	}
}

// raise sends sig to the program itself, now that it has its usual
// effect. Where a process cannot signal itself (Windows), it ends the
// program as the signal would have, with the shells' status for it.
func raise(sig os.Signal) {
	p, err := os.FindProcess(os.Getpid())
	if err == nil {
		err = p.Signal(sig)
	}
	if err != nil {
		os.Exit(130)
	}
}

// Context returns a context that is cancelled by the first stop signal,
// one held since start-up included, so that the command can stop cleanly.
// A second signal ends the program at once with status 130, in case the
// clean stop hangs. The returned function ends the watch and releases the
// signals.
func Context(parent context.Context) (context.Context, context.CancelFunc) {
	signal.Notify(held, stopSignals...)
	ctx, cancel := context.WithCancel(parent)
	done := make(chan struct{})
	go func() {
		select {
		case <-held:
			cancel()
		case <-done:
			return
		}
		select {
		case <-held:
			os.Exit(130)
		case <-done:
		}
	}()
	return ctx, sync.OnceFunc(func() {
		close(done)
		cancel()
		Release()
	})
}
