package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"brief/internal/interrupt"
)

// TestMain lets the test scripts run brief as a command without building
// it, and lets tests start this test binary as brief in a process of its
// own (BRIEF_RUN_MAIN=1), to kill it or run two at once.
func TestMain(m *testing.M) {
	if os.Getenv("BRIEF_RUN_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	testscript.Main(releasedM{m}, map[string]func(){
		"brief": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// releasedM runs the tests with the stop signals released: held for a
// command that never comes, they would keep Ctrl-C from ending go test.
type releasedM struct{ m *testing.M }

func (r releasedM) Run() int {
	interrupt.Release()
	return r.m.Run()
}

// TestScripts runs the end-to-end command scripts in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script"})
}
