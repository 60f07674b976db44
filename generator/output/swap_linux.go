package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swap puts the staging folder in place of the output. On Linux both folders
// trade places in one atomic rename (RENAME_EXCHANGE), so there is no moment
// without a complete output; the old output is then removed.
func swap(staging, final string) error {
	err := unix.Renameat2(unix.AT_FDCWD, staging, unix.AT_FDCWD, final, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return os.RemoveAll(staging) // now holds the old output
	case errors.Is(err, unix.ENOENT):
		return os.Rename(staging, final) // first build
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS):
		return swapByRenames(staging, final)
	}
	return err
}
