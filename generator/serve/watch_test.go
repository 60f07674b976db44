package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// watchSite starts a watcher on a new site folder with content/ and
// templates/ and a site.yaml.
func watchSite(t *testing.T) (string, *Watcher) {
	return watchSiteQuiet(t, Quiet)
}

func watchSiteQuiet(t *testing.T, quiet time.Duration) (string, *Watcher) {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"content/briefings", "templates"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mustWrite(t, filepath.Join(root, "site.yaml"), "title: T\n")
	mustWrite(t, filepath.Join(root, "content/briefings/a.md"), "a")
	w, err := watchWithQuiet(root, []string{"content", "templates", "static"}, []string{"site.yaml"}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return root, w
}

func mustWrite(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// nextBatch waits for one batch of changes.
func nextBatch(t *testing.T, w *Watcher) []string {
	t.Helper()
	select {
	case b := <-w.Batches():
		return b.Paths
	case <-time.After(5 * time.Second):
		t.Fatal("no batch of changes within 5 s")
		return nil
	}
}

// noBatch checks that nothing more arrives for a while.
func noBatch(t *testing.T, w *Watcher) {
	t.Helper()
	select {
	case b := <-w.Batches():
		t.Errorf("unexpected batch %v", b.Paths)
	case <-time.After(10 * w.quiet):
	}
}

func TestWatcherSeesEveryWayEditorsSave(t *testing.T) {
	root, w := watchSite(t)
	file := filepath.Join(root, "content/briefings/a.md")
	tests := []struct {
		name string
		save func()
		want string
	}{
		{"write in place", func() { mustWrite(t, file, "in place") }, "content/briefings/a.md"},
		{"temp file renamed over", func() {
			tmp := filepath.Join(root, "content/briefings/.a.md.tmp")
			mustWrite(t, tmp, "renamed over")
			if err := os.Rename(tmp, file); err != nil {
				t.Fatal(err)
			}
		}, "content/briefings/a.md"},
		{"delete then create", func() {
			os.Remove(file)
			mustWrite(t, file, "recreated")
		}, "content/briefings/a.md"},
		{"vim: backup, swap and 4913 probe", func() {
			dir := filepath.Dir(file)
			mustWrite(t, filepath.Join(dir, ".a.md.swp"), "swap")
			mustWrite(t, filepath.Join(dir, "4913"), "")
			os.Remove(filepath.Join(dir, "4913"))
			os.Rename(file, file+"~")
			mustWrite(t, file, "vim")
			os.Remove(file + "~")
		}, "content/briefings/a.md"},
		{"settings", func() { mustWrite(t, filepath.Join(root, "site.yaml"), "title: U\n") }, "site.yaml"},
		{"template", func() { mustWrite(t, filepath.Join(root, "templates/base.html"), "x") }, "templates/base.html"},
	}
	for _, tt := range tests {
		tt.save()
		got := nextBatch(t, w)
		if strings.Join(got, ",") != tt.want {
			t.Errorf("%s: batch %v, want [%s]", tt.name, got, tt.want)
		}
	}
	noBatch(t, w)
}

func TestWatcherIgnoresLeftoversAndOutput(t *testing.T) {
	root, w := watchSite(t)
	dir := filepath.Join(root, "content/briefings")
	for _, name := range []string{".a.md.swp", "a.md~", ".#a.md", "4913", "x.tmp", ".hidden", "_draft.md"} {
		mustWrite(t, filepath.Join(dir, name), "junk")
	}
	mustWrite(t, filepath.Join(root, "public/index.html"), "output")
	mustWrite(t, filepath.Join(root, "notes.txt"), "not watched")
	noBatch(t, w)
}

func TestWatcherFollowsNewAndRemovedFolders(t *testing.T) {
	root, w := watchSite(t)
	sub := filepath.Join(root, "content/briefings/2024/08")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(sub, "b.md"), "b")
	got := strings.Join(nextBatch(t, w), ",")
	if !strings.Contains(got, "content/briefings/2024") || !strings.Contains(got, "content/briefings/2024/08/b.md") {
		t.Errorf("new folder batch = %s", got)
	}
	// A file written later in the new folder is seen: the folder is watched.
	mustWrite(t, filepath.Join(sub, "c.md"), "c")
	if got := nextBatch(t, w); strings.Join(got, ",") != "content/briefings/2024/08/c.md" {
		t.Errorf("file in new folder: batch %v", got)
	}
	// static/ did not exist when watching began.
	mustWrite(t, filepath.Join(root, "static/css/site.css"), "body{}")
	if got := strings.Join(nextBatch(t, w), ","); !strings.Contains(got, "static/css/site.css") {
		t.Errorf("new static folder: batch %s", got)
	}
	if err := os.RemoveAll(filepath.Join(root, "content/briefings/2024")); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(nextBatch(t, w), ","); !strings.Contains(got, "content/briefings/2024") {
		t.Errorf("removed folder: batch %s", got)
	}
}

func TestWatcherDebouncesABurstIntoOneBatch(t *testing.T) {
	// A longer quiet period than the default keeps a busy test machine's
	// pauses from splitting the burst; the mechanism is the same.
	root, w := watchSiteQuiet(t, 250*time.Millisecond)
	for i := range 200 {
		mustWrite(t, filepath.Join(root, fmt.Sprintf("content/briefings/burst-%03d.md", i)), "x")
	}
	got := nextBatch(t, w)
	if len(got) != 200 {
		t.Errorf("burst of 200 files gave a batch of %d", len(got))
	}
	noBatch(t, w)
}

// TestChangeDuringRebuildCausesExactlyOneMore holds a batch unread, as a
// rebuild in progress does, while more changes arrive.
func TestChangeDuringRebuildCausesExactlyOneMore(t *testing.T) {
	root, w := watchSite(t)
	mustWrite(t, filepath.Join(root, "content/briefings/a.md"), "1")
	first := nextBatch(t, w)
	// "Rebuilding": changes arrive while nobody reads.
	for i := range 5 {
		mustWrite(t, filepath.Join(root, "content/briefings/a.md"), fmt.Sprint(i))
		mustWrite(t, filepath.Join(root, fmt.Sprintf("content/briefings/n%d.md", i)), "n")
		time.Sleep(3 * Quiet)
	}
	second := nextBatch(t, w)
	if len(first) != 1 || len(second) != 6 {
		t.Errorf("batches %v then %v, want a.md then the 6 files changed meanwhile", first, second)
	}
	noBatch(t, w)
}

// nextPreview waits for the preview of a batch.
func nextPreview(t *testing.T, w *Watcher) Batch {
	t.Helper()
	select {
	case p := <-w.Previews():
		return p
	case b := <-w.Batches():
		t.Fatalf("batch %v came without a preview", b.Paths)
	case <-time.After(5 * time.Second):
		t.Fatal("no preview within 5 s")
	}
	return Batch{}
}

func TestPreviewAndItsBatchAgreeWhenNothingChangedBetween(t *testing.T) {
	root, w := watchSiteQuiet(t, 200*time.Millisecond)
	mustWrite(t, filepath.Join(root, "content/briefings/a.md"), "edited")
	p := nextPreview(t, w)
	b := <-w.Batches()
	if p.Seq != b.Seq || strings.Join(p.Paths, ",") != "content/briefings/a.md" || strings.Join(b.Paths, ",") != strings.Join(p.Paths, ",") {
		t.Errorf("preview %+v, batch %+v: want the same paths and sequence number", p, b)
	}
}

func TestChangeAfterPreviewGivesABatchWithAnotherSequence(t *testing.T) {
	root, w := watchSiteQuiet(t, 200*time.Millisecond)
	mustWrite(t, filepath.Join(root, "content/briefings/a.md"), "first")
	p := nextPreview(t, w)
	// The receiver's early work has read a.md; now it changes again, and
	// another file too.
	mustWrite(t, filepath.Join(root, "content/briefings/a.md"), "second")
	mustWrite(t, filepath.Join(root, "content/briefings/b.md"), "new")
	var b Batch
	for b.Seq == 0 {
		select {
		case b = <-w.Batches():
		case <-w.Previews(): // a second preview may come; the batch decides
		case <-time.After(5 * time.Second):
			t.Fatal("no batch within 5 s")
		}
	}
	if b.Seq == p.Seq {
		t.Errorf("batch after further changes kept the preview's sequence %d", p.Seq)
	}
	if got := strings.Join(b.Paths, ","); got != "content/briefings/a.md,content/briefings/b.md" {
		t.Errorf("batch %s, want both files", got)
	}
}

func TestNoPreviewOfABurst(t *testing.T) {
	root, w := watchSiteQuiet(t, 200*time.Millisecond)
	for i := range burstSize + 2 {
		mustWrite(t, filepath.Join(root, fmt.Sprintf("content/briefings/n%d.md", i)), "n")
	}
	for {
		select {
		case p := <-w.Previews():
			// Only a preview of the burst's first files, had the writer
			// paused, could come.
			if len(p.Paths) > burstSize {
				t.Errorf("preview of a burst of %d files", len(p.Paths))
			}
		case b := <-w.Batches():
			if len(b.Paths) != burstSize+2 {
				t.Errorf("batch %v, want %d files", b.Paths, burstSize+2)
			}
			return
		case <-time.After(5 * time.Second):
			t.Fatal("no batch within 5 s")
		}
	}
}
