//go:build !unix

package output

import "os"

// openNoFollow opens a file for reading; the caller checks that it is a
// regular file.
func openNoFollow(name string) (*os.File, error) {
	return os.Open(name)
}
