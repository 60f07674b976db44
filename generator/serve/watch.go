package serve

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"brief/generator/internal/leftover"

	"github.com/fsnotify/fsnotify"
)

// Quiet is how long the file system must stay still before a batch of
// changes is handed over: short, so that a saved edit shows at once. Once a
// batch holds more than burstSize paths (a save-all, a checkout) the wait
// grows to burstQuiet, so that the whole burst becomes one rebuild even if
// the writer pauses.
const (
	Quiet      = 10 * time.Millisecond
	burstSize  = 3
	burstQuiet = 6 // times Quiet
	// A small batch is offered as a preview once the files have stayed
	// still for Quiet/previewFraction: one save's events come within a
	// fraction of that, and a rebuild started then overlaps the rest of
	// Quiet instead of following it.
	previewFraction = 5
)

// Batch is a set of changed paths, sorted, and the sequence number of the
// last change it holds. A preview and the batch that follows it hold the
// same changes exactly when their sequence numbers are equal.
type Batch struct {
	Paths []string
	Seq   uint64
}

// Watcher reports changes below a site folder in batches. It watches whole
// folders, recursively, so that editors that save by writing a temporary
// file and renaming it over the original, or by deleting and recreating it,
// are seen like any other write; folders created later are watched as soon
// as they appear.
type Watcher struct {
	root     string
	dirs     map[string]bool // top-level folders watched recursively
	files    map[string]bool // top-level files of interest
	fsw      *fsnotify.Watcher
	batches  chan Batch
	previews chan Batch
	errs     chan error
	done     chan struct{}
	quiet    time.Duration
}

// Watch starts watching root: the folders dirs recursively (those that exist
// now or appear later) and the top-level files. Paths in batches are
// relative to root and slash-separated.
func Watch(root string, dirs, files []string) (*Watcher, error) {
	return watchWithQuiet(root, dirs, files, Quiet)
}

// watchWithQuiet is Watch with another quiet period, for tests on busy
// machines.
func watchWithQuiet(root string, dirs, files []string, quiet time.Duration) (*Watcher, error) {
	fsw, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return nil, err
	}
	w := &Watcher{
		root: root, fsw: fsw, dirs: map[string]bool{}, files: map[string]bool{},
		batches: make(chan Batch), previews: make(chan Batch), errs: make(chan error, 16), done: make(chan struct{}), quiet: quiet,
	}
	for _, d := range dirs {
		w.dirs[d] = true
	}
	for _, f := range files {
		w.files[f] = true
	}
	// The root itself, not recursively: it tells of the settings file and
	// of watched folders being created or removed.
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for d := range w.dirs {
		w.addTree(filepath.Join(root, d), nil)
	}
	go w.loop()
	return w, nil
}

// Batches delivers sets of changed paths once the files have stayed still
// for Quiet. While the receiver is busy (rebuilding), new changes gather
// into the next batch, so a change during a rebuild causes exactly one more.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Previews offers the changes gathered so far once the files have stayed
// still for a fifth of Quiet, and only while the receiver is waiting: a
// receiver may start its work early and keep the result if the batch that
// follows has the same sequence number, that is, if nothing changed since
// the preview. The changes stay pending; the batch repeats them.
func (w *Watcher) Previews() <-chan Batch { return w.previews }

// Errors delivers problems of the watcher itself (a full event queue).
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching.
func (w *Watcher) Close() error {
	select {
	case <-w.done:
		return nil
	default:
	}
	close(w.done)
	return w.fsw.Close()
}

// addTree watches dir and every folder below it. When found is not nil, the
// files already inside are reported to it: they may have been written before
// the watch began.
func (w *Watcher) addTree(dir string, found func(rel string)) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && leftover.Is(d.Name()) {
				return filepath.SkipDir
			}
			_ = w.fsw.Add(p)
			return nil
		}
		if found != nil {
			found(w.rel(p))
		}
		return nil
	})
}

func (w *Watcher) rel(p string) string {
	r, err := filepath.Rel(w.root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

// relevant tells whether a changed path belongs to the site.
func (w *Watcher) relevant(rel string) bool {
	if rel == "." || strings.HasPrefix(rel, "../") || leftover.Is(rel) {
		return false
	}
	top, _, nested := strings.Cut(rel, "/")
	if !nested {
		return w.files[top] || w.dirs[top]
	}
	return w.dirs[top]
}

func (w *Watcher) loop() {
	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	preview := time.NewTimer(time.Hour)
	preview.Stop()
	ready := false
	// seq counts changes; previewed is the count last offered as a preview.
	var seq, previewed uint64
	wait := func() time.Duration {
		if len(pending) > burstSize {
			return burstQuiet * w.quiet
		}
		return w.quiet
	}
	add := func(rel string) {
		if w.relevant(rel) {
			pending[rel] = true
			seq++
			ready = false
			timer.Reset(wait())
			preview.Reset(w.quiet / previewFraction)
		}
	}
	for {
		// The batch is made only once it may go: a send case's value is
		// evaluated on every turn of the loop, that is on every event.
		var out chan Batch
		var batch Batch
		if ready && len(pending) > 0 {
			out, batch = w.batches, Batch{Paths: sortedKeys(pending), Seq: seq}
		}
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			rel := w.rel(ev.Name)
			if ev.Has(fsnotify.Create) {
				if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() && w.relevant(rel) {
					w.addTree(ev.Name, add)
				}
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				// A removed folder's watch goes with it; forgetting it
				// here too keeps the list tidy. Files need nothing.
				_ = w.fsw.Remove(ev.Name)
			}
			add(rel)
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: ask for a full rebuild.
				pending["."] = true
				seq++
				ready = false
				timer.Reset(wait())
			}
			select {
			case w.errs <- err:
			default:
			}
		case <-timer.C:
			ready = true
		case <-preview.C:
			// A burst or lost events wait for the full quiet: a preview
			// of them would likely be thrown away.
			if seq == previewed || len(pending) == 0 || len(pending) > burstSize || pending["."] {
				break
			}
			select {
			case w.previews <- Batch{Paths: sortedKeys(pending), Seq: seq}:
				previewed = seq
			default: // the receiver is busy; the batch will do
			}
		case out <- batch:
			pending = map[string]bool{}
			ready = false
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
