//go:build unix

package output

import (
	"os"
	"syscall"
)

// openNoFollow opens a file for reading without following a link in its
// last element and without waiting on a named pipe.
func openNoFollow(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
}
