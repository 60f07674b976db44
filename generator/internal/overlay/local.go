package overlay

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"brief/generator/internal/leftover"
)

// Local reads a folder of the site on disk (templates/ or static/) and
// nothing outside it. A site's folders are the author's, but what they hold
// can point anywhere: a symbolic link is never followed, neither as the
// folder itself nor inside it, so that no file from elsewhere on the machine
// (/etc/shadow, a home folder) reaches the output. A named pipe, a socket or
// a device is never opened, since opening a pipe waits for a writer that may
// never come. A file larger than the limit is refused, so that no file can
// make brief read gigabytes into memory.
//
// Entries that are skipped are hidden from ReadDir, and Open refuses them
// with an error that counts as fs.ErrNotExist, so that an overlay falls back
// to the theme's file of the same name, as if the entry were not there.
// Each skipped entry is recorded for Skipped, which the caller turns into
// warnings. Editor leftovers (package leftover) are hidden without a record:
// the site ignores them anyway.
type Local struct {
	dir   string
	limit int64  // bytes per file
	kind  string // what a file is, for messages: "template", "static file"

	mu      sync.Mutex
	skipped map[string]fs.FileMode // path → the mode that made it skipped
}

// NewLocal reads the folder dir, with files of at most limit bytes; kind
// names such a file in errors ("template").
func NewLocal(dir string, limit int64, kind string) *Local {
	return &Local{dir: dir, limit: limit, kind: kind}
}

// Skip is an entry that Local did not follow or open.
type Skip struct {
	Path string      // slash-separated, relative to the folder; "." is the folder itself
	Mode fs.FileMode // its type: a symbolic link, a named pipe, a socket, a device
}

// Reason says why the entry was skipped.
func (s Skip) Reason() string {
	if s.Mode&fs.ModeSymlink != 0 {
		return "symbolic link not followed"
	}
	return NotRegular(s.Mode) + ", not a file; skipped"
}

// Skipped returns the entries skipped since the last call, sorted by path,
// and forgets them: each run of the pipeline reports its own.
func (l *Local) Skipped() []Skip {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Skip, 0, len(l.skipped))
	for p, m := range l.skipped {
		out = append(out, Skip{Path: p, Mode: m})
	}
	l.skipped = nil
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// SkippedError is the error of Open for an entry that is not followed or
// not read. It matches fs.ErrNotExist: the entry counts as absent.
type SkippedError struct{ Skip Skip }

func (e *SkippedError) Error() string     { return e.Skip.Reason() }
func (e *SkippedError) Is(err error) bool { return err == fs.ErrNotExist }

// TooLargeError is a file over the size limit of its kind.
type TooLargeError struct {
	Size  int64 // 0 when the file grew past the limit while it was read
	Limit int64
	Kind  string
}

func (e *TooLargeError) Error() string {
	if e.Size == 0 {
		return fmt.Sprintf("the file grew past the %s limit for a %s while it was read", FormatSize(e.Limit), e.Kind)
	}
	return fmt.Sprintf("the file is %s, over the %s limit for a %s", FormatSize(e.Size), FormatSize(e.Limit), e.Kind)
}

// FormatSize writes a byte count for people: 512 B, 1.5 KiB, 256 MiB.
func FormatSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	s := fmt.Sprintf("%.1f", float64(n)/float64(div))
	s = strings.TrimSuffix(s, ".0")
	return s + " " + "KMGTPE"[exp:exp+1] + "iB"
}

func (l *Local) record(p string, mode fs.FileMode) {
	if p != "." && leftover.Is(p) {
		return
	}
	l.mu.Lock()
	if l.skipped == nil {
		l.skipped = map[string]fs.FileMode{}
	}
	l.skipped[p] = mode.Type()
	l.mu.Unlock()
}

// check makes sure that the folder and every folder on the way to name are
// real folders, not links: an open of "partials/x.html" must not go through
// a "partials" that points elsewhere. The last element of name is left to
// the caller.
func (l *Local) check(op, name string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	dirs := []string{"."}
	if name != "." {
		elems := strings.Split(name, "/")
		for i := 1; i < len(elems); i++ {
			dirs = append(dirs, strings.Join(elems[:i], "/"))
		}
	}
	for _, dir := range dirs {
		fi, err := os.Lstat(l.path(dir))
		switch {
		case err != nil:
			return &fs.PathError{Op: op, Path: name, Err: err}
		case fi.IsDir():
			continue
		case fi.Mode().IsRegular():
			// A plain file where a folder should be: as the system would say.
			return &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		l.record(dir, fi.Mode())
		return &fs.PathError{Op: op, Path: name, Err: &SkippedError{Skip{Path: dir, Mode: fi.Mode().Type()}}}
	}
	return nil
}

func (l *Local) path(name string) string {
	if name == "." {
		return l.dir
	}
	return filepath.Join(l.dir, filepath.FromSlash(name))
}

// Open opens a regular file or a folder; see Local for what it refuses.
func (l *Local) Open(name string) (fs.File, error) {
	if err := l.check("open", name); err != nil {
		return nil, err
	}
	if name == "." {
		return l.openDir(name)
	}
	fi, err := os.Lstat(l.path(name))
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	switch {
	case fi.IsDir():
		return l.openDir(name)
	case !fi.Mode().IsRegular():
		l.record(name, fi.Mode())
		return nil, &fs.PathError{Op: "open", Path: name, Err: &SkippedError{Skip{Path: name, Mode: fi.Mode().Type()}}}
	case fi.Size() > l.limit:
		return nil, &fs.PathError{Op: "open", Path: name, Err: &TooLargeError{Size: fi.Size(), Limit: l.limit, Kind: l.kind}}
	}
	// Between the look above and the open the entry may have been replaced:
	// the open itself follows no link and does not wait on a pipe, and the
	// opened file is looked at again.
	f, err := openNoFollow(l.path(name))
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	fi, err = f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = &SkippedError{Skip{Path: name, Mode: fi.Mode().Type()}}
	}
	if err != nil {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &limitedFile{f: f, left: l.limit, err: &TooLargeError{Limit: l.limit, Kind: l.kind}}, nil
}

func (l *Local) openDir(name string) (fs.File, error) {
	f, err := os.Open(l.path(name))
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &dirFile{f: f, l: l, name: name}, nil
}

// ReadDir lists a folder without the entries that are skipped.
func (l *Local) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := l.check("readdir", name); err != nil {
		return nil, err
	}
	if name != "." {
		fi, err := os.Lstat(l.path(name))
		if err != nil {
			return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
		}
		if !fi.IsDir() {
			if !fi.Mode().IsRegular() {
				l.record(name, fi.Mode())
			}
			return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a folder")}
		}
	}
	entries, err := os.ReadDir(l.path(name))
	return l.filter(name, entries), err
}

// filter drops links and special files from the entries of folder dir.
func (l *Local) filter(dir string, entries []fs.DirEntry) []fs.DirEntry {
	out := entries[:0]
	for _, e := range entries {
		if t := e.Type(); t.IsDir() || t.IsRegular() {
			out = append(out, e)
			continue
		}
		l.record(path.Join(dir, e.Name()), e.Type())
	}
	return out
}

// limitedFile stops reading at the limit, for a file that grows while it
// is read. It offers only fs.File's methods: an *os.File's WriteTo or
// ReadAt would read past the limit.
type limitedFile struct {
	f    *os.File
	left int64
	err  error
}

func (f *limitedFile) Stat() (fs.FileInfo, error) { return f.f.Stat() }
func (f *limitedFile) Close() error               { return f.f.Close() }

func (f *limitedFile) Read(p []byte) (int, error) {
	if f.left < 0 {
		return 0, f.err
	}
	if int64(len(p)) > f.left+1 {
		p = p[:f.left+1] // one byte more than allowed tells a file that grew
	}
	n, err := f.f.Read(p)
	f.left -= int64(n)
	if f.left < 0 {
		return 0, f.err
	}
	return n, err
}

// dirFile is an open folder whose listing is filtered as ReadDir's is.
type dirFile struct {
	f    *os.File
	l    *Local
	name string
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.f.Stat() }
func (d *dirFile) Close() error               { return d.f.Close() }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a folder")}
}

func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	entries, err := d.f.ReadDir(n)
	return d.l.filter(d.name, entries), err
}

// NotRegular names the kind of entry typ (fs.FileMode.Type) is when it is
// not a regular file, or returns "": "a symbolic link", "a named pipe
// (FIFO)". It is the one wording of these kinds for every folder of a site.
func NotRegular(typ fs.FileMode) string {
	switch {
	case typ.IsRegular():
		return ""
	case typ&fs.ModeSymlink != 0:
		return "a symbolic link"
	case typ.IsDir():
		return "a folder"
	case typ&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case typ&fs.ModeSocket != 0:
		return "a socket"
	case typ&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
