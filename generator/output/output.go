// Package output writes a built site into its output folder atomically: the
// files go into a staging folder beside the output, which replaces the
// output in one step at the end. If anything fails, or the process is
// killed, the previous output stays as it was.
//
// Nothing is written outside the output folder: every name is checked, and
// an output folder brief did not create is never replaced. The previous
// output is never written either: files carried over from it are hard
// links, and every file the staging writes is a new one (see Staging).
// Files of the previous output that brief did not write are carried over
// when the site keeps them, and otherwise stop the build (see Strays).
//
// Folders are created 0755 and files 0644, less the umask, so that a web
// server running as another user can read them.
package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Marker is the file brief leaves in every output folder it writes, so that
// a later build knows the folder is its own to replace.
const Marker = ".brief-output"

// MarkerText is the content of the marker file.
const MarkerText = "This folder is written by brief; a build replaces it whole.\n"

// Staging is a build in progress: a hidden folder beside the output.
//
// Files carried over from the previous output are hard links: they share
// their data with the output that is live until the swap. So the staging
// never opens an existing file for writing: every file it writes is a new
// one, and a name that is taken already (a carried-over page) is removed
// first. The previous output thus stays exactly as it was, even if the swap
// fails.
type Staging struct {
	final string // the output folder
	dir   string // the staging folder
	lock  *os.File
	// filePerm is the mode a new file gets: 0644 less the umask.
	filePerm fs.FileMode

	mu    sync.Mutex
	made  map[string]bool // folders already created
	wrote map[string]bool // files written or carried over, for the marker's record
	kept  []string        // paths carried over because the site keeps them

	fault func(op, name string) error
}

// Option changes how a Staging writes.
type Option func(*Staging)

// WithFaults lets tests make the staging fail as a full disk, a read-only
// folder or a failed rename would: f is asked before each file is created
// (op "create", name the file's path) and before the swap (op "swap", name
// the output folder), and an error it returns is what that step fails with.
func WithFaults(f func(op, name string) error) Option {
	return func(s *Staging) { s.fault = f }
}

// Begin starts writing a new version of the output folder out. It refuses an
// output that exists but is not a folder brief wrote, and a second build of
// the same output while one is running.
func Begin(out string, opts ...Option) (*Staging, error) {
	out, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the folder of the output: %w", err)
	}
	if err := checkReplaceable(out); err != nil {
		return nil, err
	}
	lock, err := acquireLock(filepath.Join(parent, "."+base+".brief-lock"))
	if err != nil {
		return nil, err
	}
	removeLeftovers(parent, base)
	dir, err := makeStagingDir(parent, "."+base+".brief-staging-")
	if err != nil {
		releaseLock(lock)
		return nil, fmt.Errorf("cannot create a staging folder beside %s: %w", out, err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		_ = os.Remove(dir)
		releaseLock(lock)
		return nil, err
	}
	// The folder was made 0755 less the umask, and 0644 holds no bit that
	// 0755 lacks: so the mode of a new file is read off it, without
	// changing the process's umask to learn it.
	s := &Staging{final: out, dir: dir, lock: lock, filePerm: fi.Mode().Perm() & 0o644,
		made: map[string]bool{".": true}, wrote: map[string]bool{}, fault: func(string, string) error { return nil }}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// makeStagingDir creates a new folder named prefix and a random suffix.
// Unlike os.MkdirTemp, whose folders are private (0700), it asks for 0755:
// the staging folder becomes the output, which a web server running as
// another user must be able to read. The umask applies as to any folder.
func makeStagingDir(parent, prefix string) (string, error) {
	for range 100 {
		dir := filepath.Join(parent, prefix+strconv.FormatUint(rand.Uint64(), 36))
		err := os.Mkdir(dir, 0o755)
		if !errors.Is(err, fs.ErrExist) {
			return dir, err
		}
	}
	return "", fmt.Errorf("no free name for a staging folder in %s", parent)
}

// checkReplaceable makes sure out is absent, or a folder brief wrote, or an
// empty folder: replacing anything else would destroy someone's files.
func checkReplaceable(out string) error {
	st, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !st.IsDir():
		return fmt.Errorf("output %s exists and is not a folder; remove it or choose another -out", out)
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("cannot read output folder: %w", err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("output folder %s was not written by brief (no %s file in it) and is not empty; empty it or choose another -out", out, Marker)
	}
	return nil
}

// removeLeftovers deletes staging folders of builds that were killed. Only
// folders with brief's own staging prefix are touched, under the lock.
func removeLeftovers(parent, base string) {
	matches, _ := filepath.Glob(filepath.Join(parent, "."+base+".brief-staging-*"))
	for _, m := range matches {
		_ = os.RemoveAll(m)
	}
	matches, _ = filepath.Glob(filepath.Join(parent, "."+base+".brief-old-*"))
	for _, m := range matches {
		_ = os.RemoveAll(m)
	}
}

// WriteFile writes one file of the site. name is slash-separated, relative
// to the output root; a name that would leave the output is refused.
func (s *Staging) WriteFile(name string, data []byte) error {
	f, err := s.create(name)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return closeFile(f, err)
}

// WriteFrom writes the file name with everything r holds, as it reads it,
// so that a large file is never held in memory.
func (s *Staging) WriteFrom(name string, r io.Reader) error {
	f, err := s.create(name)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	return closeFile(f, err)
}

// closeFile closes f and returns the first error of writing it; a file
// that could not be written whole is removed, so that nothing half-written
// can be taken for a page (the staging folder is dropped anyway).
func closeFile(f *os.File, err error) error {
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}

// target checks name and makes the folders it sits in.
func (s *Staging) target(name string) (string, error) {
	clean := path.Clean("/" + name)[1:]
	if clean == "" || clean != name || strings.Contains(name, "\\") {
		return "", fmt.Errorf("refusing to write %q: not a plain path inside the output", name)
	}
	if dir := path.Dir(clean); dir != "." {
		if err := s.mkdirAll(dir); err != nil {
			return "", err
		}
	}
	return filepath.Join(s.dir, filepath.FromSlash(clean)), nil
}

// create makes a new, empty file for name. It never opens an existing file:
// a file of that name in the staging folder may be a hard link to a file
// of the live output, and writing through it would change the live output
// in the middle of the build. O_EXCL fails on any existing name, a link
// included; the name is then removed, which leaves the other links alone.
func (s *Staging) create(name string) (*os.File, error) {
	full, err := s.target(name)
	if err != nil {
		return nil, err
	}
	if err := s.fault("create", full); err != nil {
		return nil, err
	}
	const flags = os.O_WRONLY | os.O_CREATE | os.O_EXCL
	f, err := os.OpenFile(full, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		f, err = os.OpenFile(full, flags, 0o644)
	}
	if err == nil {
		s.record(name)
	}
	return f, err
}

// FilePerm is the permission every file the staging writes gets: 0644 less
// the umask. A file of the previous output with other permissions (written
// under another umask, or changed by hand) must be written again rather
// than carried over, or a web server running as another user might not be
// able to read it.
func (s *Staging) FilePerm() fs.FileMode { return s.filePerm }

// record notes that brief wrote name into the new output.
func (s *Staging) record(name string) {
	s.mu.Lock()
	s.wrote[name] = true
	s.mu.Unlock()
}

func (s *Staging) mkdirAll(dir string) error {
	s.mu.Lock()
	done := s.made[dir]
	s.mu.Unlock()
	if done {
		return nil
	}
	s.mu.Lock()
	parentMade := path.Dir(dir) == "." || s.made[path.Dir(dir)]
	s.mu.Unlock()
	full := filepath.Join(s.dir, filepath.FromSlash(dir))
	if parentMade {
		// One system call instead of MkdirAll's stat of each level: most
		// pages sit in a folder of their own under one that exists.
		if err := os.Mkdir(full, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	} else if err := os.MkdirAll(full, 0o755); err != nil {
		return err
	}
	s.mu.Lock()
	for d := dir; d != "."; d = path.Dir(d) {
		s.made[d] = true
	}
	s.mu.Unlock()
	return nil
}

// Link puts the file at from (a file of the previous output) into the new
// output under name, by a hard link, or by a copy where links are not
// possible. The previous output keeps its own name for the file, so it stays
// whole until the swap.
func (s *Staging) Link(name, from string) error {
	to, err := s.target(name)
	if err != nil {
		return err
	}
	if err := s.fault("create", to); err != nil {
		return err
	}
	err = os.Link(from, to)
	if errors.Is(err, fs.ErrExist) {
		if err := os.Remove(to); err != nil {
			return err
		}
		err = os.Link(from, to)
	}
	if err == nil {
		s.record(name)
		return nil
	}
	// A file system without hard links (or across devices): copy, by
	// streaming, and without following a link put in place of the file.
	src, err := openNoFollow(from)
	if err != nil {
		return err
	}
	defer src.Close()
	if fi, err := src.Stat(); err != nil || !fi.Mode().IsRegular() {
		return fmt.Errorf("cannot carry %s over: not a regular file", from)
	}
	return s.WriteFrom(name, src)
}

// Commit writes the marker, with the record of the files brief wrote, and
// replaces the output folder with the staging folder.
func (s *Staging) Commit() error {
	defer releaseLock(s.lock)
	err := s.writeMarker()
	if err == nil {
		err = s.fault("swap", s.final)
	}
	if err == nil {
		err = swap(s.dir, s.final)
	}
	if err != nil {
		_ = os.RemoveAll(s.dir)
		return fmt.Errorf("cannot replace %s: %w", s.final, err)
	}
	return nil
}

// markerRecord introduces the list of files in the marker.
const markerRecord = "The files brief wrote here, one per line, quoted as in Go:\n"

// writeMarker writes the marker file. The record it holds travels with the
// output, swapped in with it: the next build tells the files brief wrote
// from those put there by hand, however the build cache fared.
func (s *Staging) writeMarker() error {
	s.mu.Lock()
	names := []string{Marker}
	for name := range s.wrote {
		if name != Marker && !Kept(s.kept, name) {
			names = append(names, name)
		}
	}
	s.mu.Unlock()
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(MarkerText)
	b.WriteString(markerRecord)
	for _, name := range names {
		b.WriteString(strconv.Quote(name))
		b.WriteByte('\n')
	}
	return s.WriteFile(Marker, []byte(b.String()))
}

// Recorded returns the files the marker of the output folder out says
// brief wrote, or nil when it has no record (an output of an older brief,
// or none at all).
func Recorded(out string) map[string]bool {
	f, err := openNoFollow(filepath.Join(out, Marker))
	if err != nil {
		return nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxMarker+1))
	if err != nil || len(data) > maxMarker {
		return nil
	}
	_, list, ok := strings.Cut(string(data), markerRecord)
	if !ok {
		return nil
	}
	names := map[string]bool{}
	for _, line := range strings.Split(list, "\n") {
		if name, err := strconv.Unquote(line); err == nil {
			names[name] = true
		}
	}
	return names
}

// maxMarker bounds what is read of a marker: a record of a million files.
const maxMarker = 128 << 20

// Abort drops the staging folder; the output stays as it was.
func (s *Staging) Abort() {
	_ = os.RemoveAll(s.dir)
	releaseLock(s.lock)
}

// Dir is the staging folder, for tests. Files go in through WriteFile,
// WriteFrom, Link and Keep only: they alone never write through a file
// carried over from the live output.
func (s *Staging) Dir() string { return s.dir }

// swapByRenames is the fallback where the file system cannot exchange: the
// old output moves aside, the new one in, and the old one goes.
func swapByRenames(staging, final string) error {
	old := filepath.Join(filepath.Dir(final), "."+filepath.Base(final)+".brief-old-"+filepath.Base(staging))
	if err := os.Rename(final, old); err != nil {
		return err
	}
	if err := os.Rename(staging, final); err != nil {
		if rerr := os.Rename(old, final); rerr != nil {
			return fmt.Errorf("%w (and restoring the old output failed: %v)", err, rerr)
		}
		return err
	}
	return os.RemoveAll(old)
}

// CheckPlace refuses output folders whose replacement would destroy the
// site or anything around it: the root of the file system, a folder that
// holds the site src, or one inside the site folders named in protected
// (content, templates, static).
func CheckPlace(src, out string, protected ...string) error {
	absSrc, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if resolved, err := filepath.EvalSymlinks(absSrc); err == nil {
		absSrc = resolved
	}
	if resolved, err := filepath.EvalSymlinks(absOut); err == nil {
		absOut = resolved
	}
	within := func(child, parent string) bool {
		rel, err := filepath.Rel(parent, child)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	switch {
	case absOut == filepath.Dir(absOut):
		return fmt.Errorf("-out %s is the root of the file system; choose a folder such as public", out)
	case within(absSrc, absOut):
		return fmt.Errorf("-out %s holds the site itself; choose a folder such as public", out)
	}
	for _, dir := range protected {
		if within(absOut, filepath.Join(absSrc, dir)) {
			return fmt.Errorf("-out %s is inside the site's %s/ folder; choose a folder such as public", out, dir)
		}
	}
	return nil
}
