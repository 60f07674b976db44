//go:build !unix

package overlay

import "os"

// openNoFollow opens a file for reading; Local has made sure with Lstat
// that it is a regular file, which is all these systems allow.
func openNoFollow(name string) (*os.File, error) {
	return os.Open(name)
}
