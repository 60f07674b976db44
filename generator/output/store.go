package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Store keeps the files of the dev server's sites on disk rather than in
// memory: the pages of 100,000 briefings are gigabytes. Each version of a
// file is a file of the store's folder that is written once and never
// changed; a site is the caller's map from names to Refs. A rebuild adds
// the files it made and drops those it replaced, and a dropped file is
// deleted only once a site made after it is shown (see Forget and Shown),
// so that the site being served never loses a file.
//
// The folder is made in a parent folder (the site's .brief-cache/) and
// removed by Close. A store whose process died leaves its folder behind;
// the next store made in the same parent removes it, knowing it by its
// unlocked lock file.
type Store struct {
	dir  string
	lock *os.File
	perm fs.FileMode
	next atomic.Uint64

	mu        sync.Mutex
	forgotten []forgotten // files no site made since holds, oldest first
}

// Ref names a file of a Store.
type Ref uint64

// forgotten is a file that the sites from generation gen on do not hold.
type forgotten struct {
	ref Ref
	gen uint64
}

// storePrefix starts the name of every store's folder and lock file.
const storePrefix = "serve-"

// OpenStore makes a new store in a folder of its own under parent,
// removing the folders of stores whose process is gone.
func OpenStore(parent string) (*Store, error) {
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	removeDeadStores(parent)
	// The lock comes first: a store's folder is never without it, so
	// that no other process takes it for a dead store's.
	var dir string
	var lock *os.File
	for range 100 {
		dir = filepath.Join(parent, storePrefix+strconv.FormatUint(rand.Uint64(), 36))
		l, err := acquireLock(dir + ".lock")
		if errors.Is(err, errLocked) {
			continue // another process's store, which it has just made
		}
		if err != nil {
			return nil, err
		}
		if err := os.Mkdir(dir, 0o755); err != nil {
			releaseLock(l)
			if errors.Is(err, fs.ErrExist) {
				continue
			}
			return nil, err
		}
		lock = l
		break
	}
	if lock == nil {
		return nil, fmt.Errorf("no free name for the dev server's files in %s", parent)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		releaseLock(lock)
		_ = os.Remove(dir)
		return nil, err
	}
	s := &Store{dir: dir, lock: lock, perm: fi.Mode().Perm() & 0o644}
	// Files are spread over 256 folders: a folder of 100,000 entries is
	// slow to work in on some file systems.
	for i := range 256 {
		if err := os.Mkdir(filepath.Join(dir, fmt.Sprintf("%02x", i)), 0o755); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// removeDeadStores removes the folders of stores under parent whose lock
// nobody holds: their process has ended without removing them.
func removeDeadStores(parent string) {
	locks, _ := filepath.Glob(filepath.Join(parent, storePrefix+"*.lock"))
	for _, name := range locks {
		lock, err := acquireLock(name)
		if err != nil {
			continue // a server still running
		}
		_ = os.RemoveAll(strings.TrimSuffix(name, ".lock"))
		_ = os.Remove(name)
		releaseLock(lock)
	}
}

// Dir is the store's folder.
func (s *Store) Dir() string { return s.dir }

func (s *Store) path(r Ref) string {
	return filepath.Join(s.dir, fmt.Sprintf("%02x", uint64(r)&0xff), strconv.FormatUint(uint64(r), 36))
}

// Put writes data as a new file and returns its name.
func (s *Store) Put(data []byte) (Ref, error) {
	r, f, err := s.create()
	if err != nil {
		return 0, err
	}
	_, err = f.Write(data)
	return r, closeFile(f, err)
}

// PutFrom writes everything r holds as a new file, as it reads it.
func (s *Store) PutFrom(r io.Reader) (Ref, error) {
	ref, f, err := s.create()
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(f, r)
	return ref, closeFile(f, err)
}

func (s *Store) create() (Ref, *os.File, error) {
	r := Ref(s.next.Add(1))
	f, err := os.OpenFile(s.path(r), os.O_WRONLY|os.O_CREATE|os.O_EXCL, s.perm)
	return r, f, err
}

// Read returns the bytes of a file of the store.
func (s *Store) Read(r Ref) ([]byte, error) {
	return os.ReadFile(s.path(r))
}

// Delete removes files no site holds (those of a rebuild that failed).
func (s *Store) Delete(refs []Ref) {
	for _, r := range refs {
		_ = os.Remove(s.path(r))
	}
}

// Forget records that the sites of generation gen and later no longer hold
// refs: they are deleted once such a site is shown. Generations are the
// caller's numbers for its sites, increasing.
func (s *Store) Forget(refs []Ref, gen uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range refs {
		s.forgotten = append(s.forgotten, forgotten{r, gen})
	}
}

// Shown tells that the site of generation gen is the one served: no site
// of an earlier generation will be served again, so the files they alone
// held are deleted. A site made after gen but not shown yet holds none of
// them, having been made from gen's or a later one.
func (s *Store) Shown(gen uint64) {
	s.mu.Lock()
	var gone []Ref
	keep := s.forgotten[:0]
	for _, f := range s.forgotten {
		if f.gen <= gen {
			gone = append(gone, f.ref)
		} else {
			keep = append(keep, f)
		}
	}
	s.forgotten = keep
	s.mu.Unlock()
	s.Delete(gone)
}

// Close removes the store's folder and everything in it.
func (s *Store) Close() error {
	err := os.RemoveAll(s.dir)
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		err = nil
		_ = os.Remove(s.dir + ".lock")
	}
	releaseLock(s.lock)
	return err
}
