// Package leftover holds the one rule for files that editors and systems
// leave beside an author's work, so that loading content, copying static
// files and watching for changes all pass over the same names.
package leftover

import (
	"path"
	"strings"
)

// Is reports whether name is an editor or system leftover that is never part
// of a site: a name starting with "." (hidden files, Emacs's .#lock files) or
// "_", or ending with "~" (backups), ".swp" or ".swx" (vim's swap files) or
// ".tmp", or vim's write probe "4913". name may be a slash-separated path;
// only its last element counts. The folders "." and ".." are not leftovers.
func Is(name string) bool {
	base := path.Base(name)
	if base == "." || base == ".." || base == "/" {
		return false
	}
	return strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") ||
		strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") ||
		strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".tmp") ||
		base == "4913"
}
