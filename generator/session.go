package generator

import (
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"brief/generator/diag"
	"brief/generator/output"
	"brief/generator/render"
	"brief/generator/site"
)

// Session rebuilds one site again and again, as the dev server does: it
// keeps the loaded files between rebuilds and redoes only what a change
// affects. The result of every rebuild equals a full build of the same
// input. The files it makes are kept on disk, in a store of its own (see
// output.Store), and only their names in memory: at 100,000 briefings the
// pages are gigabytes.
type Session struct {
	pipe  *pipeline
	cache *render.Cache
	urls  map[string]string // source path → address, of the last good rebuild
	// published are the briefings of the last good rebuild: a briefing
	// that is the same record now has the same address.
	published []*site.Briefing

	storeParent string
	store       *output.Store
	gen         uint64 // of the last good site
	files       *Files // the last good site
	// copies are the files of the last good site that the render does not
	// produce: files copied as they are and the highlighting CSS.
	copies []extraFile
	// failedSince tells that a rebuild failed since the last good one: its
	// render's files were discarded from the cache, which then no longer
	// tells every file the last good site holds (see Rebuild).
	failedSince bool
}

// Files is the site of one rebuild: every output file by name, its bytes
// in the session's store.
type Files struct {
	refs  names
	store *output.Store
	gen   uint64
}

// ReadFile returns the bytes of the file name (an output name such as
// "briefings/x/index.html"); an error that wraps fs.ErrNotExist when the
// site has no such file. Once a later site is shown (Shown), the files
// that only earlier sites held are gone and can no longer be read.
func (f *Files) ReadFile(name string) ([]byte, error) {
	r, ok := f.refs.get(name)
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return f.store.Read(r)
}

// Len is the number of files.
func (f *Files) Len() int { return f.refs.n }

// Names lists the files' names, sorted.
func (f *Files) Names() []string {
	var out []string
	f.refs.each(func(name string, _ output.Ref) { out = append(out, name) })
	slices.Sort(out)
	return out
}

// names maps the output names of a site to its files: the map of an
// earlier site, shared and never written, and the changes since. A
// rebuild after an edit copies only the changes, not the names of every
// page of a large site (a copy of 117,000 names took 30 ms of CPU).
type names struct {
	base map[string]output.Ref
	// changes are the names written or removed (a zero Ref) since base.
	changes map[string]output.Ref
	n       int // how many names the site has
}

// next is a copy of m for the next site to change: the changes are
// copied, or once they are many, folded into a new base.
func (m names) next() names {
	if len(m.changes) > len(m.base)/8 {
		base := make(map[string]output.Ref, m.n)
		m.each(func(name string, r output.Ref) { base[name] = r })
		return names{base: base, changes: map[string]output.Ref{}, n: m.n}
	}
	return names{base: m.base, changes: maps.Clone(m.changes), n: m.n}
}

func (m names) get(name string) (output.Ref, bool) {
	if r, ok := m.changes[name]; ok {
		return r, r != 0
	}
	r, ok := m.base[name]
	return r, ok
}

// set names a file, or with a zero Ref removes the name; it returns the
// file the name had.
func (m *names) set(name string, r output.Ref) (old output.Ref, had bool) {
	old, had = m.get(name)
	switch {
	case r == 0 && !had:
		return old, had
	case r == 0:
		m.n--
	case !had:
		m.n++
	}
	if _, inBase := m.base[name]; r == 0 && !inBase {
		delete(m.changes, name)
	} else {
		m.changes[name] = r
	}
	return old, had
}

// each calls fn for every name and its file, in no order.
func (m names) each(fn func(string, output.Ref)) {
	for name, r := range m.changes {
		if r != 0 {
			fn(name, r)
		}
	}
	for name, r := range m.base {
		if _, changed := m.changes[name]; !changed {
			fn(name, r)
		}
	}
}

// Shown tells the session that this site is the one served: the files
// that only earlier sites held are then deleted.
func (f *Files) Shown() { f.store.Shown(f.gen) }

// Snapshot is the site after one rebuild.
type Snapshot struct {
	// Files is the site; nil when the rebuild failed.
	Files *Files
	// Problems holds errors and warnings, with paths as seen from the
	// working folder.
	Problems diag.List
	// Redirects maps the old address of a briefing or page whose address
	// changed in this rebuild to its new one.
	Redirects map[string]string
	// Changed lists the output files whose content may differ from the
	// previous rebuild; nil means any of them.
	Changed []string
	Stats   render.Stats
	Elapsed time.Duration
}

// storeFolder is where, under the site's folder, a session keeps its
// files: beside the build cache, which a site's .gitignore leaves out.
const storeFolder = ".brief-cache"

// NewSession prepares rebuilds of the site opts.Src. Its files are kept in
// a folder of its own under opts.Out when set, else under the site's
// .brief-cache/, or where that cannot be written (a site on a read-only
// disk) under the system's folder for temporary files; Close removes it.
func NewSession(opts BuildOptions) *Session {
	if opts.Src == "" {
		opts.Src = "."
	}
	parent := opts.Out
	if parent == "" {
		parent = filepath.Join(opts.Src, storeFolder)
	}
	return &Session{pipe: newPipeline(opts), cache: render.NewCache(), storeParent: parent}
}

// Close removes the files the session keeps.
func (s *Session) Close() error {
	if s.store == nil {
		return nil
	}
	return s.store.Close()
}

// Rebuild brings the site up to date. changed lists the paths, relative to
// the site root and slash-separated, that changed since the last rebuild; nil
// rebuilds from scratch.
func (s *Session) Rebuild(changed []string, now time.Time) Snapshot {
	start := time.Now()
	var snap Snapshot
	var out *storeOutput
	if s.store == nil {
		store, err := output.OpenStore(s.storeParent)
		if err != nil {
			store, err = output.OpenStore(filepath.Join(os.TempDir(), "brief"))
		}
		if err != nil {
			snap.Problems = diag.List{{Path: s.storeParent, Message: fmt.Sprintf("cannot keep the dev server's files here: %v", err)}}
			return snap
		}
		s.store = store
	}
	// The new site starts as the last good one; the render writes only
	// the files that differ, and files it no longer produces are dropped
	// below.
	run, err := s.pipe.run(changed, now, func() (target, error) {
		out = &storeOutput{store: s.store}
		if s.files != nil {
			out.refs = s.files.refs.next()
		} else {
			out.refs = names{base: map[string]output.Ref{}, changes: map[string]output.Ref{}}
		}
		return target{out: out, cache: s.cache, skipUnchanged: true}, nil
	})
	snap.Problems = run.problems
	if err != nil {
		snap.Problems = append(snap.Problems, diag.Problem{Path: s.pipe.src, Message: err.Error()})
	}
	failed := func() Snapshot {
		s.failedSince = true
		if out != nil {
			// The cache must not believe that files it rendered reached
			// the site the server shows, and no site holds them.
			s.cache.Discard()
			s.store.Delete(out.made)
		}
		snap.Elapsed = time.Since(start)
		return snap
	}
	if out == nil || err != nil || run.failed() {
		return failed()
	}
	copies, err := s.pipe.extraFiles()
	if err != nil {
		snap.Problems = append(snap.Problems, diag.Problem{Path: "static", Message: err.Error()})
		return failed()
	}
	// The files copied as they are change only when a file they are
	// copied from does, or when there are others: else those of the last
	// good site stay.
	copyAgain := changed == nil || !sameCopies(copies, s.copies)
	for _, p := range changed {
		copyAgain = copyAgain || copiedAs(p)
	}
	// out holds the last good site plus what this render wrote. When it
	// holds more than this render produced and the copied files, some
	// page is gone (a removed briefing, a shorter list): find it.
	stats := run.stats
	produced := stats.Pages + stats.Feeds + stats.Other
	if copyAgain || out.refs.n != produced+len(s.copies) {
		// The pages gone are those the cache's prune forgot, when it can
		// tell: looking at every name of a large site took longer than
		// the rest of a rebuild after an edit.
		gone, ok := s.cache.Pruned()
		if copyAgain || s.failedSince || !ok {
			kept := map[string]bool{}
			if !copyAgain {
				for _, c := range s.copies {
					kept[c.name] = true
				}
			}
			gone = gone[:0]
			out.refs.each(func(name string, _ output.Ref) {
				if !s.cache.Produced(name) && !kept[name] {
					gone = append(gone, name) // a page that no longer exists, or a file copied again below
				}
			})
		}
		for _, name := range gone {
			out.remove(name)
		}
	}
	s.failedSince = false
	if copyAgain {
		for _, c := range copies {
			if err := out.copy(c, s.pipe.open); err != nil {
				snap.Problems = append(snap.Problems, diag.Problem{Path: c.at, Message: fmt.Sprintf("cannot copy it: %v", err)})
				return failed()
			}
		}
	}
	s.copies = copies

	s.gen++
	s.store.Forget(out.replaced, s.gen)
	snap.Redirects = s.trackAddresses(run.published, changed)
	s.files = &Files{refs: out.refs, store: s.store, gen: s.gen}
	snap.Files = s.files
	snap.Stats = stats
	snap.Changed = s.cache.Rendered()
	if copyAgain {
		snap.Changed = nil // copied files are not tracked
	}
	snap.Elapsed = time.Since(start)
	return snap
}

// sameCopies tells whether two lists of files copied as they are name the
// same files from the same places.
func sameCopies(a, b []extraFile) bool {
	return slices.EqualFunc(a, b, func(x, y extraFile) bool { return x.name == y.name && x.at == y.at && x.src == y.src })
}

// storeOutput writes a rebuild's files into the session's store, over a
// copy of the last good site's names.
type storeOutput struct {
	store *output.Store
	mu    sync.Mutex
	refs  names
	// made are the files this rebuild wrote: deleted when it fails.
	// replaced are those of the last good site it replaced or removed:
	// deleted once a later site is shown.
	made, replaced []output.Ref
}

func (o *storeOutput) WriteFile(name string, data []byte) error {
	r, err := o.store.Put(data)
	if err != nil {
		return err
	}
	o.set(name, r)
	return nil
}

// copy copies a file copied as it is into the store, as it reads it.
func (o *storeOutput) copy(e extraFile, open func(extraFile) (io.ReadCloser, error)) error {
	src, err := open(e)
	if err != nil {
		return err
	}
	defer src.Close()
	r, err := o.store.PutFrom(src)
	if err != nil {
		return err
	}
	o.set(e.name, r)
	return nil
}

func (o *storeOutput) set(name string, r output.Ref) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if old, had := o.refs.set(name, r); had {
		o.replaced = append(o.replaced, old)
	}
	o.made = append(o.made, r)
}

func (o *storeOutput) remove(name string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if old, had := o.refs.set(name, 0); had {
		o.replaced = append(o.replaced, old)
	}
}

// trackAddresses updates the address of every briefing and page and returns
// those that moved. After a full rebuild every file is looked at; after an
// incremental one only the changed files can have moved, and only records
// loaded again can be theirs.
func (s *Session) trackAddresses(published *site.Site, changed []string) map[string]string {
	last := s.published
	s.published = published.Briefings
	var after map[string]string
	if changed == nil || s.urls == nil {
		after = make(map[string]string, len(published.Briefings)+len(published.Pages))
		for _, b := range published.Briefings {
			after[b.Path] = b.URL()
		}
		for _, p := range published.Pages {
			after[p.Path] = p.URL()
		}
		redirects := moved(s.urls, after)
		s.urls = after
		return redirects
	}
	touched := make(map[string]bool, len(changed))
	for _, p := range changed {
		touched[p] = true
	}
	before := map[string]string{}
	after = map[string]string{}
	for _, p := range changed {
		if u, ok := s.urls[p]; ok {
			before[p] = u
		}
	}
	for _, i := range site.Differing(last, published.Briefings) {
		if b := published.Briefings[i]; touched[b.Path] {
			after[b.Path] = b.URL()
		}
	}
	for _, p := range published.Pages {
		if touched[p.Path] {
			after[p.Path] = p.URL()
		}
	}
	for p := range before {
		delete(s.urls, p)
	}
	for p, u := range after {
		s.urls[p] = u
	}
	return moved(before, after)
}

// moved finds addresses that changed: a file whose slug changed, or, when
// exactly one file disappeared and one appeared (a rename), that pair.
func moved(before, after map[string]string) map[string]string {
	if before == nil {
		return nil
	}
	redirects := map[string]string{}
	var gone, added []string
	for p, old := range before {
		now, ok := after[p]
		switch {
		case !ok:
			gone = append(gone, p)
		case now != old:
			redirects[old] = now
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			added = append(added, p)
		}
	}
	if len(gone) == 1 && len(added) == 1 {
		redirects[before[gone[0]]] = after[added[0]]
	}
	if len(redirects) == 0 {
		return nil
	}
	return redirects
}
