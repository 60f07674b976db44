//go:build !linux

package output

import (
	"errors"
	"io/fs"
	"os"
)

// swap puts the staging folder in place of the output where the system has
// no atomic exchange of two folders.
func swap(staging, final string) error {
	if _, err := os.Stat(final); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(staging, final)
	}
	return swapByRenames(staging, final)
}
