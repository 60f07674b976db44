package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"brief/generator/diag"
	"brief/generator/internal/digest"
	"brief/generator/internal/leftover"
	"brief/generator/site"
)

// Folders of a site, relative to its root.
const (
	ContentDir   = "content"
	BriefingsDir = "content/briefings"
	countriesDir = "content/countries"
	pagesDir     = "content/pages"
)

// maxFileSize bounds what is read of one file; a briefing is a few kilobytes,
// so anything this large is a mistake rather than content.
const maxFileSize = 64 << 20

// isContent reports whether p is a path under content/ that a full load
// would list: listContent skips leftover folders whole, so a path below one
// is not content even when its own name is ordinary.
func isContent(p string) bool {
	rest, ok := strings.CutPrefix(p, ContentDir+"/")
	if !ok {
		return false
	}
	for _, elem := range strings.Split(rest, "/") {
		if leftover.Is(elem) {
			return false
		}
	}
	return true
}

// listContent finds every Markdown file under content/, sorted by path.
func listContent(fsys fs.FS, root string) ([]string, diag.List) {
	var probs diag.List
	if st, err := fs.Stat(fsys, ContentDir); err != nil || !st.IsDir() {
		probs.Errorf(ContentDir, 0, 0, "create content/briefings/ and put briefings there", "content folder not found: no %s/ in %s", ContentDir, root)
		return nil, probs
	}
	var files []string
	err := fs.WalkDir(fsys, ContentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			probs.Errorf(p, 0, 0, "", "cannot read: %v", err)
			return nil
		}
		if p != ContentDir && leftover.Is(p) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			probs.Warnf(p, 0, 0, "copy the file into content/ instead", "symbolic link not followed")
			return nil
		}
		if d.IsDir() || path.Ext(p) != ".md" {
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		probs.Errorf(ContentDir, 0, 0, "", "cannot read: %v", err)
	}
	sort.Strings(files)
	return files, probs
}

// fileResult is what one content file yields: at most one record, and the
// problems found in it.
type fileResult struct {
	briefing *site.Briefing
	page     *site.Page
	intro    *site.Intro
	probs    diag.List
}

// loadFile reads one content file of any kind and decodes it by its folder.
func loadFile(fsys fs.FS, p string, cfg *site.Config, now time.Time) (r fileResult) {
	d := &decoder{path: p, probs: &r.probs}
	src, ok := readText(fsys, p, d)
	if !ok {
		return r
	}
	sp, err := splitFrontMatter(src)
	if err != nil {
		d.errAt(1, 1, "add a closing "+err.(errUnclosed).delim+" line after the last field", "%v", err)
		return r
	}
	var fm *value
	switch sp.Format {
	case yamlFrontMatter:
		fm, err = parseYAML(sp.Front, sp.FrontLine)
	case tomlFrontMatter:
		fm, err = parseTOML(sp.Front, sp.FrontLine)
	default:
		fm = &value{kind: kindMap, line: 1, col: 1}
	}
	if err != nil {
		se := err.(*syntaxError)
		d.errAt(se.line, se.col, se.hint, "%s", se.msg)
		return r
	}
	// Each record's Hash covers exactly what its decoding reads: the path
	// (slugs and country codes come from it), the text as normalised, and
	// for a briefing the time zone its dates are read in. now only decides
	// warnings, and the countries registry is compiled in, so neither is
	// part of it.
	switch {
	case strings.HasPrefix(p, BriefingsDir+"/"):
		r.briefing = decodeBriefingFile(p, sp, fm, d, cfg, now)
		if r.briefing != nil {
			r.briefing.Hash = uint64(digest.New().Str(p).Str(cfg.Location.String()).Bytes(src))
		}
	case strings.HasPrefix(p, countriesDir+"/"):
		r.intro = decodeIntro(p, sp, fm, d)
		if r.intro != nil {
			r.intro.Hash = uint64(digest.New().Str(p).Bytes(src))
		}
	case strings.HasPrefix(p, pagesDir+"/"):
		r.page = decodePage(p, sp, fm, d)
		if r.page != nil {
			r.page.Hash = uint64(digest.New().Str(p).Bytes(src))
		}
	default:
		d.probs.Warnf(p, 0, 0, "briefings go in content/briefings/, pages in content/pages/", "not in a known content folder; ignored")
	}
	return r
}

// readFile reads a whole file with one open, one stat of the open file and
// reads sized to it, refusing files above maxFileSize.
func readFile(fsys fs.FS, p string) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > maxFileSize {
		return nil, errTooLarge{st.Size()}
	}
	// One byte more than the size, so that the first read of a file of
	// that size comes back short and the second confirms the end.
	buf := make([]byte, 0, int(st.Size())+1)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			// The file grew since the stat.
			if len(buf) > maxFileSize {
				return nil, errTooLarge{int64(len(buf))}
			}
			buf = slices.Grow(buf, len(buf)/2+512)
		}
	}
}

// errTooLarge is a file above maxFileSize.
type errTooLarge struct{ size int64 }

func (e errTooLarge) Error() string {
	return fmt.Sprintf("file is %d MB, more than the %d MB allowed", e.size>>20, maxFileSize>>20)
}

// readText reads a file, normalises its line endings and checks that it is
// UTF-8 text.
func readText(fsys fs.FS, p string, d *decoder) ([]byte, bool) {
	src, err := readFile(fsys, p)
	var large errTooLarge
	switch {
	case errors.As(err, &large):
		d.errAt(0, 0, "split it or remove embedded data", "%s", large.Error())
		return nil, false
	case err != nil:
		d.errAt(0, 0, "", "cannot read: %v", err)
		return nil, false
	}
	src = normalise(src)
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line, col := lineCol(src, i)
		d.errAt(line, col, "save the file as plain UTF-8 text", "file contains a NUL byte; it is not text")
		return nil, false
	}
	if !utf8.Valid(src) {
		i := 0
		for i < len(src) {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		line, col := lineCol(src, i)
		d.errAt(line, col, "save the file as UTF-8", "invalid UTF-8 byte 0x%02x", src[i])
		return nil, false
	}
	return src, true
}

// lineCol turns a byte offset into a 1-based line and column (in runes).
func lineCol(src []byte, off int) (int, int) {
	before := src[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}
