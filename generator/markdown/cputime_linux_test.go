package markdown

import (
	"time"

	"golang.org/x/sys/unix"
)

// cpuNow is the processor time the test process has used so far. Unlike
// the wall clock it does not run while the machine serves other
// processes, so ratios of costs hold on a busy machine.
func cpuNow() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ts.Nano())
}
