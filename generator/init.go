package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"brief/starter"
	"brief/static"
	"brief/templates"
)

// InitOptions describe the site `brief init` starts.
type InitOptions struct {
	Dir   string // the site's folder, made when missing
	Force bool   // write into a folder that holds other files too
	Theme bool   // copy the default theme out as well (see ExportTheme)
}

// InitResult lists what InitSite did, paths relative to the site's folder.
type InitResult struct {
	Written []string
	Kept    []string // files that existed already and were left as they were
}

// InitSite writes a new site into o.Dir: the files of package starter and,
// with o.Theme, the default theme. It refuses a folder that holds anything
// but a .git folder, unless o.Force is set; even then no existing file is
// overwritten: it is kept, and listed in the result.
func InitSite(o InitOptions) (InitResult, error) {
	var res InitResult
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return res, fmt.Errorf("cannot create the site's folder: %w", err)
	}
	entries, err := os.ReadDir(o.Dir)
	if err != nil {
		return res, fmt.Errorf("cannot read the site's folder: %w", err)
	}
	var others []string
	for _, e := range entries {
		if e.Name() != ".git" { // a fresh clone is a fine place to start
			others = append(others, e.Name())
		}
	}
	if len(others) > 0 && !o.Force {
		return res, fmt.Errorf("%s is not empty (it holds %s); choose a new or empty folder, or add -force to write the site's files beside them (an existing file is never overwritten)",
			o.Dir, listFew(others))
	}
	trees := []themeTree{{"", starter.FS}}
	if o.Theme {
		trees = append(trees, themeTrees()...)
	}
	for _, tree := range trees {
		err := copyTree(tree.fsys, filepath.Join(o.Dir, filepath.FromSlash(tree.dir)), func(name string, written bool) {
			if written {
				res.Written = append(res.Written, path.Join(tree.dir, name))
			} else {
				res.Kept = append(res.Kept, path.Join(tree.dir, name))
			}
		})
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// ExportTheme copies the default theme, the very templates and static
// files built into brief, into dir/templates and dir/static, where a site's
// own files override the built-in ones. It refuses to overwrite a file:
// when any of them exists, it writes nothing. It returns the files written.
func ExportTheme(dir string) ([]string, error) {
	trees := themeTrees()
	var taken []string
	for _, tree := range trees {
		err := fs.WalkDir(tree.fsys, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel := path.Join(tree.dir, name)
			if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel))); err == nil {
				taken = append(taken, rel)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(taken) > 0 {
		return nil, fmt.Errorf("%s already holds %s; brief never overwrites a file: move them away, or export into another folder and compare",
			dir, listFew(taken))
	}
	var written []string
	for _, tree := range trees {
		err := copyTree(tree.fsys, filepath.Join(dir, filepath.FromSlash(tree.dir)), func(name string, _ bool) {
			written = append(written, path.Join(tree.dir, name))
		})
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// themeTree is a tree of files and the folder of the site it goes to.
type themeTree struct {
	dir  string
	fsys fs.FS
}

// themeTrees are the default theme's files and the folders of a site that
// override them.
func themeTrees() []themeTree {
	return []themeTree{{"templates", templates.FS}, {staticDir, static.FS}}
}

// copyTree copies every file of fsys into dir, folders 0755 and files 0644
// (less the umask). A file that exists already is left as it is; done is
// told, for each file, whether it was written.
func copyTree(fsys fs.FS, dir string, done func(name string, written bool)) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(name))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			done(name, false)
			return nil
		}
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", target, err)
		}
		done(name, true)
		return nil
	})
}

// listFew names up to three of names, and how many more there are.
func listFew(names []string) string {
	if len(names) <= 3 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:3], ", "), len(names)-3)
}
