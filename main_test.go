package main

import (
	"flag"
	"os"
	"testing"
	"time"

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
	allowLongerRun()
	return r.m.Run()
}

// allowLongerRun raises go test's default limit of 10 minutes to 25 for
// this package. Its end-to-end tests (a browser going through both
// editions with axe-core, a search on a 10,000-briefing site, processes
// killed and interrupted at random moments) take about 6 minutes on 2
// quiet cores, and passed 10 on 2 busy ones, where the limit would kill
// a run that was passing. go test always passes -test.timeout, so the
// default is told by its value; any other value given is kept.
func allowLongerRun() {
	if !flag.Parsed() {
		flag.Parse()
	}
	if f := flag.Lookup("test.timeout"); f != nil && f.Value.String() == (10*time.Minute).String() {
		f.Value.Set((25 * time.Minute).String())
	}
}

// TestScripts runs the end-to-end command scripts in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script"})
}
