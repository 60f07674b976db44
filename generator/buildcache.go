package generator

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

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
type buildCache struct {
	file     string // the cache file; "" when caching is off
	out      string // the output folder, absolute
	cache    *render.Cache
	manifest map[string]fileStamp // files of the previous output

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
}

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
// usable one. It must be called while the output is locked.
func openBuildCache(out string, off bool) *buildCache {
	abs, err := filepath.Abs(out)
	if err != nil || off || binaryDigest() == "" {
		return &buildCache{cache: render.NewBuildCache()}
	}
	bc := &buildCache{
		file:  filepath.Join(filepath.Dir(abs), ".brief-cache", filepath.Base(abs)+".gob"),
		out:   abs,
		cache: render.NewBuildCache(),
	}
	f, err := os.Open(bc.file)
	if err != nil {
		return bc
	}
	defer f.Close()
	r := bufio.NewReader(f) // shared by both decoders: gob reads no further than it needs
	var h cacheHeader
	if gob.NewDecoder(r).Decode(&h) != nil || h.Binary != binaryDigest() || h.Out != abs {
		return bc
	}
	cache, err := render.LoadCache(r)
	if err != nil {
		return bc
	}
	bc.cache, bc.manifest = cache, h.Manifest
	return bc
}

// reuse tells the render whether a file can be carried over.
func (bc *buildCache) reuse(name string) bool {
	stamp, ok := bc.manifest[name]
	if !ok {
		return false
	}
	fi, err := os.Lstat(filepath.Join(bc.out, filepath.FromSlash(name)))
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != stamp.Size || fi.ModTime().UnixNano() != stamp.ModTime {
		return false
	}
	bc.mu.Lock()
	bc.reused = append(bc.reused, name)
	bc.mu.Unlock()
	return true
}

// unchanged tells whether the output already is what this build would
// write: every rendered file carried over, none gone, and the static files
// the same.
func (bc *buildCache) unchanged(extras map[string][]byte) bool {
	if bc.manifest == nil || len(bc.reused) != len(bc.manifest)-len(extras)-1 {
		return false
	}
	for name, data := range extras {
		old, err := os.ReadFile(filepath.Join(bc.out, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(old, data) {
			return false
		}
	}
	_, err := os.Stat(filepath.Join(bc.out, output.Marker))
	return err == nil
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

// stamps gives every file of the new output its size and time.
func (bc *buildCache) stamps(extras map[string][]byte) map[string]fileStamp {
	names := bc.cache.Files()
	for name := range extras {
		names = append(names, name)
	}
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
func (bc *buildCache) save(extras map[string][]byte) {
	if bc.file == "" {
		return
	}
	// The cache is encoded while the output's files are stat'ed for the
	// manifest, on two cores: on a large site each takes tens of
	// milliseconds at the very end of a build.
	var body bytes.Buffer
	var bodyErr error
	var wg sync.WaitGroup
	wg.Go(func() { bodyErr = bc.cache.Save(&body) })
	h := cacheHeader{Binary: binaryDigest(), Out: bc.out, Manifest: bc.stamps(extras)}
	var head bytes.Buffer
	err := gob.NewEncoder(&head).Encode(&h)
	wg.Wait()
	if err != nil || bodyErr != nil || os.MkdirAll(filepath.Dir(bc.file), 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(bc.file), ".cache-*")
	if err != nil {
		return
	}
	_, err = tmp.Write(head.Bytes())
	if err == nil {
		_, err = tmp.Write(body.Bytes())
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil || os.Rename(tmp.Name(), bc.file) != nil {
		os.Remove(tmp.Name())
	}
}
