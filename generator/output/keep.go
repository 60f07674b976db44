package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// A site published from its output folder often has files there that brief
// does not write: a CNAME or .nojekyll for GitHub Pages, a .git folder, a
// .well-known/ folder. Replacing the output would delete them, so a build
// either carries them over (the paths a site lists to keep) or refuses to
// replace the output while it holds files that are neither brief's nor
// kept (Strays). Nothing is ever deleted without brief having written it.

// CleanKeep checks the paths to keep and returns them cleaned: relative,
// slash-separated, without a trailing slash. A path that could reach
// outside the output, or the marker file, is refused.
func CleanKeep(keep []string) ([]string, error) {
	out := make([]string, 0, len(keep))
	for _, k := range keep {
		clean := strings.TrimSuffix(k, "/")
		switch {
		case clean == "" || clean == "." || strings.HasPrefix(clean, "/") || strings.Contains(clean, "\\") ||
			path.Clean(clean) != clean || clean == ".." || strings.HasPrefix(clean, "../"):
			return nil, fmt.Errorf("keep: %q is not a path inside the output (write it as CNAME, .nojekyll or .well-known/)", k)
		case clean == Marker:
			return nil, fmt.Errorf("keep: %s is brief's own marker file; remove it from keep:", Marker)
		}
		out = append(out, clean)
	}
	return out, nil
}

// Kept reports whether name is one of the paths in keep or lies under one.
func Kept(keep []string, name string) bool {
	for _, k := range keep {
		if name == k || strings.HasPrefix(name, k+"/") {
			return true
		}
	}
	return false
}

// Strays lists what the output being replaced holds that brief would
// delete without having written it: every entry that owned does not claim
// and that lies under no path of keep (see CleanKeep). owned tells the
// files brief wrote into that output or writes into the new one. A folder
// that holds strays and nothing else is listed once, as "name/"; an empty
// folder is not listed, since nothing would be lost with it. The list is
// in path order; links are not followed.
func (s *Staging) Strays(owned func(name string) bool, keep []string) ([]string, error) {
	if _, err := os.Lstat(s.final); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	strays, _, err := s.straysIn("", owned, keep)
	return strays, err
}

// straysIn lists the strays in the folder dir of the previous output and
// tells whether the folder holds anything that is not a stray.
func (s *Staging) straysIn(dir string, owned func(string) bool, keep []string) (strays []string, holdsOwn bool, err error) {
	entries, err := os.ReadDir(filepath.Join(s.final, filepath.FromSlash(dir)))
	if err != nil {
		return nil, false, fmt.Errorf("cannot read the output being replaced: %w", err)
	}
	for _, e := range entries {
		name := path.Join(dir, e.Name())
		switch {
		case Kept(keep, name):
			holdsOwn = true
		case e.IsDir(): // a real folder: a link to one is not a folder here
			sub, subOwn, err := s.straysIn(name, owned, keep)
			switch {
			case err != nil:
				return nil, false, err
			case subOwn:
				holdsOwn = true
				strays = append(strays, sub...)
			case len(sub) > 0:
				strays = append(strays, name+"/")
			}
		case owned(name):
			holdsOwn = true
		default:
			strays = append(strays, name)
		}
	}
	return strays, holdsOwn, nil
}

// Keep carries the paths in keep (see CleanKeep) over from the output being
// replaced, where they exist: files by hard link (never written, see
// Staging), folders created anew with their contents, symbolic links as
// links. No link is followed, neither on the way to a kept path nor inside
// a kept folder, so nothing from outside the output comes in.
func (s *Staging) Keep(keep []string) error {
	s.mu.Lock()
	s.kept = keep // kept files are the site's, not brief's: the marker leaves them out
	s.mu.Unlock()
	for _, k := range keep {
		ok, err := s.onlyFolders(path.Dir(k))
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := s.keepEntry(k); err != nil {
			return fmt.Errorf("cannot keep %s: %w", k, err)
		}
	}
	return nil
}

// onlyFolders tells whether dir and every folder on the way to it are real
// folders of the previous output (not links, not files).
func (s *Staging) onlyFolders(dir string) (bool, error) {
	if dir == "." {
		return true, nil
	}
	elems := strings.Split(dir, "/")
	for i := 1; i <= len(elems); i++ {
		fi, err := os.Lstat(filepath.Join(s.final, filepath.FromSlash(strings.Join(elems[:i], "/"))))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return false, nil
		case err != nil:
			return false, err
		case !fi.IsDir():
			return false, nil
		}
	}
	return true, nil
}

// keepEntry carries one entry of the previous output over, and a folder's
// entries with it.
func (s *Staging) keepEntry(name string) error {
	from := filepath.Join(s.final, filepath.FromSlash(name))
	fi, err := os.Lstat(from)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // nothing to keep (yet): a first build
	case err != nil:
		return err
	case fi.IsDir():
		to, err := s.target(name)
		if err != nil {
			return err
		}
		if err := os.Mkdir(to, fi.Mode().Perm()); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		entries, err := os.ReadDir(from)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if err := s.keepEntry(path.Join(name, e.Name())); err != nil {
				return err
			}
		}
		return nil
	case fi.Mode()&fs.ModeSymlink != 0:
		dest, err := os.Readlink(from)
		if err != nil {
			return err
		}
		to, err := s.target(name)
		if err != nil {
			return err
		}
		if err := s.fault("create", to); err != nil {
			return err
		}
		return os.Symlink(dest, to)
	}
	return s.Link(name, from)
}
