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
	"brief/generator/internal/overlay"
	"brief/generator/site"
)

// Folders of a site, relative to its root.
const (
	ContentDir   = "content"
	BriefingsDir = "content/briefings"
	countriesDir = "content/countries"
	pagesDir     = "content/pages"
	StoriesDir   = "content/stories"
)

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

// contentEntry is a file found under content/ with its type as the folder
// listing gives it (fs.FileMode.Type; links are not followed).
type contentEntry struct {
	path string
	typ  fs.FileMode
}

// listContent finds every Markdown file under content/, and every symbolic
// link whatever its name, sorted by path. Nothing is opened and no link is
// followed: a folder that is a link is listed, not entered.
func listContent(fsys fs.FS, root string) ([]contentEntry, diag.List) {
	var probs diag.List
	st, err := fs.Lstat(fsys, ContentDir)
	switch {
	case err == nil && st.Mode()&fs.ModeSymlink != 0:
		probs.Errorf(ContentDir, 0, 0, "copy the folder into the site", "%s/ is a symbolic link; brief does not follow links", ContentDir)
		return nil, probs
	case err != nil || !st.IsDir():
		probs.Errorf(ContentDir, 0, 0, "create content/briefings/ and put briefings there", "content folder not found: no %s/ in %s", ContentDir, root)
		return nil, probs
	}
	var files []contentEntry
	err = fs.WalkDir(fsys, ContentDir, func(p string, d fs.DirEntry, err error) error {
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
		if d.Type()&fs.ModeSymlink != 0 || !d.IsDir() && path.Ext(p) == ".md" {
			files = append(files, contentEntry{p, d.Type()})
		} else if !d.IsDir() && misnamedMarkdown(p) {
			base := path.Base(p)
			probs.Warnf(p, 0, 0, fmt.Sprintf("rename it to %s.md", strings.TrimSuffix(base, path.Ext(base))),
				"not read: brief reads Markdown files whose names end in .md")
		}
		return nil
	})
	if err != nil {
		probs.Errorf(ContentDir, 0, 0, "", "cannot read: %v", err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	return files, probs
}

// MarkdownName reports whether a file's name is one Markdown goes by
// (.md, .markdown, .mdown… in any case): such a file in a briefing's
// folder is text, never a file to publish beside it.
func MarkdownName(name string) bool { return path.Ext(name) == ".md" || misnamedMarkdown(name) }

// misnamedMarkdown tells a file that looks like Markdown but that brief
// does not read, so that it is not passed over in silence: another case
// of .md, or another of the extensions Markdown goes by.
func misnamedMarkdown(p string) bool {
	ext := path.Ext(p)
	if ext == ".md" {
		return false
	}
	switch strings.ToLower(ext) {
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".mdtext":
		return true
	}
	return false
}

// fileResult is what one content file yields: at most one record, and the
// problems found in it.
type fileResult struct {
	briefing *site.Briefing
	page     *site.Page
	intro    *site.Intro
	story    *site.Story
	probs    diag.List
	// skipped is a link or a special file, not read: it is no briefing
	// file, even under content/briefings/.
	skipped bool
	// edition is set for a file of an edition (x.uk.md), whose records
	// are there rather than above (see translations.go).
	edition *editionFile
}

// loadFile reads one content file of any kind and decodes it by its folder.
// typ is the file's type as listed (fs.FileMode.Type, links not followed):
// only a regular file is opened.
func loadFile(fsys fs.FS, p string, typ fs.FileMode, cfg *site.Config, now time.Time) (r fileResult) {
	if what := overlay.NotRegular(typ); what != "" {
		r.skipped = true
		if typ&fs.ModeSymlink != 0 {
			r.probs.Warnf(p, 0, 0, "copy the file into content/ instead", "symbolic link not followed")
		} else {
			r.probs.Warnf(p, 0, 0, "brief reads ordinary files only; replace it with one", "%s, not a file; skipped", what)
		}
		return r
	}
	d := &decoder{path: p, probs: &r.probs, cfg: cfg}
	if r.edition = newEditionFile(p, cfg); r.edition != nil {
		d.edition = &r.edition.config
	}
	src, ok := readText(fsys, p, maxMarkdownSize, d)
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
	if r.edition != nil {
		r.edition.decode(p, sp, fm, src, d, cfg, now)
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
			r.briefing.Hash = briefingHash(p, cfg, src)
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
	case strings.HasPrefix(p, StoriesDir+"/"):
		r.story = decodeStory(p, sp, fm, d)
		if r.story != nil {
			r.story.Hash = uint64(digest.New().Str(p).Bytes(src))
		}
	default:
		d.probs.Warnf(p, 0, 0, "briefings go in content/briefings/, pages in content/pages/", "not in a known content folder; ignored")
	}
	return r
}

// briefingHash fingerprints what a briefing record is made from: its path,
// its text as normalised and the time zone its dates are read in.
func briefingHash(p string, cfg *site.Config, src []byte) uint64 {
	return uint64(digest.New().Str(p).Str(cfg.Location.String()).Bytes(src))
}

// readFile reads a whole regular file of at most limit bytes, with one open,
// one stat of the open file and reads sized to it. The caller has seen
// (without following links) that p is a regular file; the stat of the open
// file confirms it. Nothing beyond limit+1 bytes is read, however large the
// file is or grows while it is read.
func readFile(fsys fs.FS, p string, limit int64) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if what := overlay.NotRegular(st.Mode().Type()); what != "" {
		return nil, fmt.Errorf("%s, not a file", what)
	}
	if st.Size() > limit {
		return nil, errTooLarge{size: st.Size(), limit: limit}
	}
	r := io.LimitReader(f, limit+1)
	// One byte more than the size, so that the first read of a file of
	// that size comes back short and the second confirms the end.
	buf := make([]byte, 0, int(st.Size())+1)
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			// The file grew since the stat.
			buf = slices.Grow(buf, min(len(buf)/2+512, int(limit)+1-len(buf)))
		}
	}
	if int64(len(buf)) > limit {
		return nil, errTooLarge{limit: limit}
	}
	return buf, nil
}

// errTooLarge is a file above its limit; size is 0 when only the limit is
// known to be passed (the file grew while it was read).
type errTooLarge struct{ size, limit int64 }

func (e errTooLarge) Error() string {
	if e.size == 0 {
		return fmt.Sprintf("file is larger than the %s allowed", sizeText(e.limit))
	}
	return fmt.Sprintf("file is %s, more than the %s allowed", sizeText(e.size), sizeText(e.limit))
}

// readText reads a file of at most limit bytes, normalises its line endings
// and checks that it is UTF-8 text.
func readText(fsys fs.FS, p string, limit int64, d *decoder) ([]byte, bool) {
	src, err := readFile(fsys, p, limit)
	var large errTooLarge
	switch {
	case errors.As(err, &large):
		hint := "split it, or move embedded data to static/"
		if p == ConfigFile {
			hint = "site.yaml holds a few short settings; check that this is the right file"
		}
		d.errAt(0, 0, hint, "%s", large.Error())
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
