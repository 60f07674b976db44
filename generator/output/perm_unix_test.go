//go:build unix

package output

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOutputIsReadableByOthers builds under two umasks: folders are 0755
// and files 0644 less the umask, the output folder itself included (it
// starts as the staging folder, which os.MkdirTemp would make 0700).
func TestOutputIsReadableByOthers(t *testing.T) {
	for _, umask := range []int{0o022, 0o027} {
		old := syscall.Umask(umask)
		out := filepath.Join(t.TempDir(), "public")
		s, err := Begin(out)
		if err == nil {
			err = s.WriteFile("a/b/index.html", []byte("x"))
		}
		if err == nil {
			err = s.WriteFrom("css/site.css", strings.NewReader("x"))
		}
		if err == nil {
			err = s.Commit()
		}
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		wantDir, wantFile := fs.FileMode(0o755&^umask), fs.FileMode(0o644&^umask)
		err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			fi, err := os.Lstat(p)
			if err != nil {
				return err
			}
			want := wantFile
			if d.IsDir() {
				want = wantDir
			}
			if fi.Mode().Perm() != want {
				t.Errorf("umask %03o: %s has mode %v, want %v", umask, p, fi.Mode().Perm(), want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
