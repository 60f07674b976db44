package generator

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"brief/generator/output"
	"brief/generator/render"
)

// The build cache lets a repeated build skip what did not change. It lives
// in .brief-cache/ beside the output, one file per output folder, and holds
// the render cache's keys (each digesting a page's inputs: the briefing
// files' bytes, the templates, site.yaml) and a manifest of the files of the
// output it belongs to. It is tied to the binary that wrote it: another
// brief ignores it. Deleting it is always safe; a build then starts from
// scratch.
//
// A page whose key is unchanged is carried over from the previous output by
// a hard link, provided the file there still has the size and modification
// time the manifest recorded; anything else is rendered again. When nothing
// at all changed, the output is left as it is.
//
// Which files of the previous output brief wrote is told by the output's
// own marker (output.Recorded), which travels with it; the cache adds only
// the times of the output's folders, which spare the walk of every folder
// that looks for files brief did not write (see noStrays). Those are read
// even when the cache is off or was written by another brief: the times
// stay true.
type buildCache struct {
	file     string // the cache file; "" when caching is off
	out      string // the output folder, absolute
	cache    *render.Cache
	manifest map[string]fileStamp // files of the previous output, to carry over
	filePerm fs.FileMode          // the permissions of a new file of the output (output.Staging.FilePerm)
	recorded map[string]bool      // the previous output's own record of its files (output.Recorded)
	folders  map[string]int64     // its folders' modification times (see noStrays)
	kept     []string             // the keep: list it was written with

	mu     sync.Mutex
	reused []string // files to carry over
}

// fileStamp is what is checked before a file of the previous output is
// trusted: a file edited by hand gets another size or time.
type fileStamp struct {
	Size    int64
	ModTime int64
}

// cacheHeader precedes the render cache in the cache file.
type cacheHeader struct {
	Binary   string // digest of the brief that wrote the cache
	Out      string
	Manifest map[string]fileStamp
	// Folders holds the modification time (ns) of every folder of the
	// output outside the kept paths, or racyFolder; Kept is the keep: list
	// of the build. Caches written before these existed leave them empty.
	Folders map[string]int64
	Kept    []string
}

// racyFolder stands for a folder whose time cannot be trusted (see
// folderStamps).
const racyFolder = -1

// binaryDigest identifies the running brief: a cache from another build of
// brief may key pages differently.
var binaryDigest = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return fmt.Sprintf("%s %x", Version, h.Sum(nil))
})

// openBuildCache reads the cache of the output folder out, if there is a
// usable one, the previous output's record of its files, and the times of
// its folders in any case. It must be called while the output is locked.
func openBuildCache(out string, off bool) *buildCache {
	abs, err := filepath.Abs(out)
	if err != nil {
		return &buildCache{cache: render.NewBuildCache()}
	}
	bc := &buildCache{out: abs, cache: render.NewBuildCache(), recorded: output.Recorded(abs)}
	file := filepath.Join(filepath.Dir(abs), ".brief-cache", filepath.Base(abs)+".gob")
	usable := !off && binaryDigest() != ""
	if usable {
		bc.file = file
	}
	f, err := os.Open(file)
	if err != nil {
		return bc
	}
	defer f.Close()
	r := bufio.NewReader(f) // shared by both decoders: gob reads no further than it needs
	var h cacheHeader
	if gob.NewDecoder(r).Decode(&h) != nil || h.Out != abs {
		return bc
	}
	bc.folders, bc.kept = h.Folders, h.Kept
	if !usable || h.Binary != binaryDigest() {
		return bc
	}
	cache, err := render.LoadCache(r)
	if err != nil {
		return bc
	}
	bc.cache, bc.manifest = cache, h.Manifest
	return bc
}

// wrote tells whether the previous output's marker records name.
// The record was swapped in with the files it lists, so it is true even
// when the cache is gone or stale.
func (bc *buildCache) wrote(name string) bool { return bc.recorded[name] }

// reuse tells the render whether a file can be carried over.
func (bc *buildCache) reuse(name string) bool {
	stamp, ok := bc.manifest[name]
	if !ok {
		return false
	}
	fi, err := os.Lstat(filepath.Join(bc.out, filepath.FromSlash(name)))
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != stamp.Size || fi.ModTime().UnixNano() != stamp.ModTime ||
		fi.Mode().Perm() != bc.filePerm {
		return false
	}
	bc.mu.Lock()
	bc.reused = append(bc.reused, name)
	bc.mu.Unlock()
	return true
}

// noStrays tells, where it can do so cheaply, that the previous output
// holds nothing but files owned tells and paths of keep, so that the walk
// of every folder (output.Staging.Strays, tens of milliseconds on a large
// site) can be skipped. A folder's modification time changes whenever an
// entry is added to it, removed or renamed: a folder whose time is the one
// recorded when the output was made holds the entries it held then, which
// were brief's files, kept paths and folders that are checked in turn.
// Only the folders whose time changed, or was too recent to be trusted,
// are listed. On any doubt it answers false, and the caller walks.
func (bc *buildCache) noStrays(owned func(string) bool, keep []string) bool {
	if bc.folders == nil || !slices.Equal(bc.kept, keep) {
		return false
	}
	for dir, stamp := range bc.folders {
		full := filepath.Join(bc.out, filepath.FromSlash(dir))
		fi, err := os.Lstat(full)
		if err != nil || !fi.IsDir() {
			return false
		}
		if stamp != racyFolder && fi.ModTime().UnixNano() == stamp {
			continue
		}
		entries, err := os.ReadDir(full)
		if err != nil {
			return false
		}
		for _, e := range entries {
			name := path.Join(dir, e.Name())
			_, known := bc.folders[name]
			switch {
			case output.Kept(keep, name):
			case e.IsDir() && !known:
				return false // a folder brief did not make, or not there then
			case !e.IsDir() && !owned(name):
				return false
			}
		}
	}
	return true
}

// folderStamps records the modification time of every folder of the new
// output: the folders of the files it holds and of the kept paths, not
// those inside kept folders (a kept folder's content is not brief's to
// check). swapped is when the build began to swap its folder in. A time
// that close to it cannot be trusted: an entry added right after the swap
// may bear the same time, as file systems keep the time of a change only
// to a clock tick (about 10 ms) or, on some, to the second. Such a folder
// is recorded as racyFolder and listed by every check.
func (bc *buildCache) folderStamps(names, keep []string, swapped time.Time) map[string]int64 {
	folders := map[string]int64{".": 0}
	for _, list := range [][]string{names, keep} {
		for _, name := range list {
			for d := path.Dir(name); d != "."; d = path.Dir(d) {
				if _, ok := folders[d]; ok {
					break // and so are all its parents
				}
				folders[d] = 0
			}
		}
	}
	for dir := range folders {
		if output.Kept(keep, dir) {
			delete(folders, dir)
			continue
		}
		fi, err := os.Lstat(filepath.Join(bc.out, filepath.FromSlash(dir)))
		if err != nil || !fi.IsDir() {
			delete(folders, dir) // a kept path that was not there: a new one shows in its parent's time
			continue
		}
		t := fi.ModTime()
		margin := 50 * time.Millisecond
		if t.Nanosecond() == 0 {
			margin = 2 * time.Second // a file system that keeps whole seconds
		}
		folders[dir] = t.UnixNano()
		if !t.Before(swapped.Add(-margin)) {
			folders[dir] = racyFolder
		}
	}
	return folders
}

// unchanged tells whether the output already is what this build would
// write: every rendered file carried over, none gone, and the extra files
// (static files, the highlighting stylesheet) the same. open reads an
// extra file as the build would copy it.
func (bc *buildCache) unchanged(extras []extraFile, open func(extraFile) (io.ReadCloser, error)) bool {
	if bc.manifest == nil || len(bc.reused) != len(bc.manifest)-len(extras)-1 {
		return false
	}
	for _, e := range extras {
		if !bc.same(e, open) {
			return false
		}
	}
	_, err := os.Stat(filepath.Join(bc.out, output.Marker))
	return err == nil
}

// same compares an extra file with the output's file of that name, a
// block at a time: a static file may be large.
func (bc *buildCache) same(e extraFile, open func(extraFile) (io.ReadCloser, error)) bool {
	name := filepath.Join(bc.out, filepath.FromSlash(e.name))
	// The output's file is looked at before it is opened: opening a named
	// pipe put in its place would wait for ever.
	if fi, err := os.Lstat(name); err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != bc.filePerm {
		return false
	}
	old, err := os.Open(name)
	if err != nil {
		return false
	}
	defer old.Close()
	src, err := open(e)
	if err != nil {
		return false
	}
	defer src.Close()
	a, b := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		n, errA := io.ReadFull(src, a)
		m, errB := io.ReadFull(old, b)
		if n != m || !bytes.Equal(a[:n], b[:m]) {
			return false
		}
		endA := errA == io.EOF || errA == io.ErrUnexpectedEOF
		endB := errB == io.EOF || errB == io.ErrUnexpectedEOF
		switch {
		case endA && endB:
			return true
		case errA != nil || errB != nil:
			return false
		}
	}
}

// carryOver links the files kept from the previous output into the staging
// folder.
func (bc *buildCache) carryOver(stage *output.Staging) error {
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(bc.reused); i += 2 {
				name := bc.reused[i]
				if err := stage.Link(name, filepath.Join(bc.out, filepath.FromSlash(name))); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// stamps gives every file of the new output its size and time; extras
// names the files the render did not produce.
func (bc *buildCache) stamps(extras []string) map[string]fileStamp {
	names := bc.cache.Files()
	names = append(names, extras...)
	names = append(names, output.Marker)
	m := make(map[string]fileStamp, len(names))
	for _, name := range names {
		if fi, err := os.Lstat(filepath.Join(bc.out, filepath.FromSlash(name))); err == nil {
			m[name] = fileStamp{Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}
		}
	}
	return m
}

// save records the cache and the new output's manifest. A cache that
// cannot be written only costs the next build time, so errors are ignored;
// the file is replaced in one rename so that it is never half-written.
// keep is the build's keep: list and swapped when it began to swap its
// output in.
func (bc *buildCache) save(extras, keep []string, swapped time.Time) {
	if bc.file == "" {
		return
	}
	// The cache goes straight to its file, after the manifest: gob holds
	// a message whole before writing it, and a copy of that in memory
	// besides (the search terms of 100,000 briefings are some 150 MB)
	// raised the build's peak at its very end.
	h := cacheHeader{Binary: binaryDigest(), Out: bc.out, Manifest: bc.stamps(extras), Kept: keep}
	h.Folders = bc.folderStamps(slices.Collect(maps.Keys(h.Manifest)), keep, swapped)
	if os.MkdirAll(filepath.Dir(bc.file), 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(bc.file), ".cache-*")
	if err != nil {
		return
	}
	w := bufio.NewWriter(tmp)
	err = gob.NewEncoder(w).Encode(&h)
	if err == nil {
		err = bc.cache.Save(w)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil || os.Rename(tmp.Name(), bc.file) != nil {
		os.Remove(tmp.Name())
	}
}
