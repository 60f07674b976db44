//go:build unix

package overlay

import (
	"os"
	"syscall"
)

// openNoFollow opens a file for reading without following a link in its
// last element and without waiting: on a named pipe that has no writer, a
// plain open would block for ever.
func openNoFollow(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
}
