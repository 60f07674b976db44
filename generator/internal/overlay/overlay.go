// Package overlay lays one file tree over another: a site's own templates/
// and static/ over the theme embedded in the binary, file by file.
package overlay

import (
	"errors"
	"io/fs"
	"sort"
)

// FS reads from Top first and falls back to Bottom. Top may be nil.
type FS struct {
	Top, Bottom fs.FS
}

// Open opens name from the top tree when it exists there.
func (o FS) Open(name string) (fs.File, error) {
	if o.Top != nil {
		f, err := o.Top.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return o.Bottom.Open(name)
}

// ReadDir merges the entries of both trees; a name in the top tree hides the
// same name below.
func (o FS) ReadDir(name string) ([]fs.DirEntry, error) {
	var top []fs.DirEntry
	var topErr error = fs.ErrNotExist
	if o.Top != nil {
		top, topErr = fs.ReadDir(o.Top, name)
	}
	bottom, bottomErr := fs.ReadDir(o.Bottom, name)
	if topErr != nil && bottomErr != nil {
		return nil, bottomErr
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range top {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range bottom {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
