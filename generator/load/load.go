package load

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"brief/generator/countries"
	"brief/generator/diag"
	"brief/generator/site"
)

// Options tune a load.
type Options struct {
	// Now is the moment against which future dates are judged.
	Now time.Time
	// Root names the site folder in messages about missing files ("." by
	// default).
	Root string
	// KeepBodies keeps every briefing's Markdown in memory. Without it a
	// briefing's body is read again when it is rendered, so that a large
	// site's text is never held whole.
	KeepBodies bool
}

// Folders of a site, relative to its root.
const (
	ContentDir   = "content"
	BriefingsDir = "content/briefings"
	CountriesDir = "content/countries"
	PagesDir     = "content/pages"
)

// maxFileSize bounds what is read of one file; a briefing is a few kilobytes,
// so anything this large is a mistake rather than content.
const maxFileSize = 64 << 20

// Load reads and validates the site rooted at fsys. It always returns a site
// (possibly incomplete) together with every problem found, sorted by file and
// line; the site is fit to render only when the list has no errors.
func Load(fsys fs.FS, opts Options) (*site.Site, diag.List) {
	return NewLoader(fsys, opts).Load(nil)
}

// Loader loads a site again and again, as the dev server does, reading only
// the files that changed since the last load.
type Loader struct {
	fsys      fs.FS
	opts      Options
	loaded    bool
	cfg       site.Config
	cfgProbs  diag.List
	walkProbs diag.List
	files     map[string]fileResult // by path
	paths     []string              // keys of files, sorted; nil when they must be sorted again

	// What the last assemble found, for the next when no briefing was
	// added or removed and none changed its date or slug (an author
	// editing text): the briefings' order and the duplicate slugs.
	order     []string // paths of the briefings, newest first
	slugProbs diag.List
	reshaped  bool // order and slugProbs must be worked out again
}

// NewLoader prepares a loader; nothing is read until Load.
func NewLoader(fsys fs.FS, opts Options) *Loader {
	if opts.Root == "" {
		opts.Root = "."
	}
	return &Loader{fsys: fsys, opts: opts}
}

// SetNow changes the moment future dates are judged against, for the files
// read from now on.
func (l *Loader) SetNow(now time.Time) { l.opts.Now = now }

// Load returns the site as it is now. changed lists the paths (relative to
// the site root, slash-separated) that changed since the previous call; nil
// means everything is read again. A change to site.yaml, to anything that is
// not a Markdown file under content/, or a path that is a folder, also reads
// everything again.
func (l *Loader) Load(changed []string) (*site.Site, diag.List) {
	if !l.loaded || changed == nil || l.needsFullLoad(changed) {
		l.loadAll()
	} else {
		l.reload(changed)
	}
	return l.assemble()
}

func (l *Loader) needsFullLoad(changed []string) bool {
	for _, p := range changed {
		switch {
		case p == ConfigFile || p == ContentDir:
			return true
		case !strings.HasPrefix(p, ContentDir+"/") || Ignored(p):
			continue // templates/ and static/ do not change the model; leftovers are not content
		}
		st, err := fs.Stat(l.fsys, p)
		if path.Ext(p) != ".md" && err != nil {
			return true // a removed folder: which files went with it is unknown
		}
		if err == nil && st.IsDir() {
			return true // a new or renamed folder
		}
	}
	return false
}

// loadAll reads the settings and every content file.
func (l *Loader) loadAll() {
	l.loaded = true
	l.cfgProbs = nil
	cfgSrc, err := fs.ReadFile(l.fsys, ConfigFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		l.cfgProbs.Errorf(ConfigFile, 0, 0, "create it with at least title and base_url, or point -src at the site folder",
			"site settings not found: no %s in %s", ConfigFile, l.opts.Root)
		l.cfg = decodeConfig(nil, &decoder{path: ConfigFile, probs: &diag.List{}})
	case err != nil:
		l.cfgProbs.Errorf(ConfigFile, 0, 0, "", "cannot read site settings: %v", err)
		l.cfg = decodeConfig(nil, &decoder{path: ConfigFile, probs: &diag.List{}})
	default:
		l.cfg = decodeConfig(cfgSrc, &decoder{path: ConfigFile, probs: &l.cfgProbs})
	}
	files, walkProbs := listContent(l.fsys, l.opts.Root)
	l.walkProbs = walkProbs
	results := make([]fileResult, len(files))
	parallel(len(files), func(i int) {
		results[i] = loadFile(l.fsys, files[i], &l.cfg, l.opts)
	})
	l.files = make(map[string]fileResult, len(files))
	for i, f := range files {
		l.files[f] = results[i]
	}
	l.paths = nil
	l.reshaped = true
}

// reload reads the changed Markdown files again and forgets removed ones.
func (l *Loader) reload(changed []string) {
	for _, p := range changed {
		if Ignored(p) || !strings.HasPrefix(p, ContentDir+"/") || path.Ext(p) != ".md" {
			continue
		}
		_, known := l.files[p]
		st, err := fs.Lstat(l.fsys, p)
		if err != nil || !st.Mode().IsRegular() {
			if known {
				delete(l.files, p)
				l.paths = nil
				l.reshaped = true
			}
			if err == nil && st.Mode()&fs.ModeSymlink != 0 {
				l.walkProbs.Warnf(p, 0, 0, "copy the file into content/ instead", "symbolic link not followed")
			}
			continue
		}
		before := l.files[p].briefing
		l.files[p] = loadFile(l.fsys, p, &l.cfg, l.opts)
		after := l.files[p].briefing
		if !known {
			l.paths = nil
		}
		if before == nil || after == nil || !before.Date.Equal(after.Date) || before.Slug != after.Slug {
			l.reshaped = true
		}
	}
}

// assemble builds the site from the file results, in path order.
func (l *Loader) assemble() (*site.Site, diag.List) {
	s := &site.Site{Config: l.cfg, Intros: map[string]*site.Intro{}}
	probs := append(diag.List(nil), l.cfgProbs...)
	probs = append(probs, l.walkProbs...)
	if l.paths == nil {
		l.paths = make([]string, 0, len(l.files))
		for p := range l.files {
			l.paths = append(l.paths, p)
		}
		sort.Strings(l.paths)
	}
	for _, p := range l.paths {
		r := l.files[p]
		if strings.HasPrefix(p, BriefingsDir+"/") {
			s.BriefingFiles++
		}
		probs = append(probs, r.probs...)
		switch {
		case r.briefing != nil:
			s.Briefings = append(s.Briefings, r.briefing)
		case r.page != nil:
			s.Pages = append(s.Pages, r.page)
		case r.intro != nil:
			key := r.intro.Country.Key()
			if prev := s.Intros[key]; prev != nil {
				probs.Errorf(r.intro.Path, 1, 1, "keep one intro per country", "second intro for %s (also %s)", r.intro.Country.Common, prev.Path)
				continue
			}
			s.Intros[key] = r.intro
		}
	}
	// Sorting and checking slugs are the serial part of a rebuild after an
	// author's edit, which almost never moves a briefing: then the last
	// order and findings stand.
	if !l.reshaped && l.keepOrder(s) {
		probs = append(probs, l.slugProbs...)
	} else {
		var slugProbs diag.List
		checkSlugs(s, &slugProbs)
		site.SortBriefings(s.Briefings)
		l.slugProbs = slugProbs
		probs = append(probs, slugProbs...)
		l.order = l.order[:0]
		for _, b := range s.Briefings {
			l.order = append(l.order, b.Path)
		}
		l.reshaped = false
	}
	sort.Slice(s.Pages, func(i, j int) bool { return s.Pages[i].Slug < s.Pages[j].Slug })
	probs.Sort()
	return s, probs
}

// keepOrder puts s's briefings in the last assemble's order, if that order
// still holds them all, strictly newest first.
func (l *Loader) keepOrder(s *site.Site) bool {
	if len(l.order) != len(s.Briefings) {
		return false
	}
	kept := make([]*site.Briefing, 0, len(l.order))
	for _, p := range l.order {
		b := l.files[p].briefing
		if b == nil || len(kept) > 0 && !site.Newer(kept[len(kept)-1], b) {
			return false
		}
		kept = append(kept, b)
	}
	s.Briefings = kept
	return true
}

// parallel runs fn for 0..n-1 on all cores. Workers take the next index
// from a counter: handing indexes over a channel kept a worker waiting for
// the sender to be scheduled, a quarter of the load's time on two cores.
func parallel(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

// Ignored reports whether a file name is an editor or system leftover that
// must never be read as content.
func Ignored(name string) bool {
	base := path.Base(name)
	return strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") ||
		strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") ||
		strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".tmp") ||
		base == "4913"
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
		if p != ContentDir && Ignored(p) {
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

type fileResult struct {
	briefing *site.Briefing
	page     *site.Page
	intro    *site.Intro
	probs    diag.List
}

// loadFile reads one content file of any kind.
func loadFile(fsys fs.FS, p string, cfg *site.Config, opts Options) (r fileResult) {
	now := opts.Now
	d := &decoder{path: p, probs: &r.probs}
	src, size, ok := readText(fsys, p, d)
	if !ok {
		return r
	}
	hash := site.Fingerprint(src)
	defer func() {
		switch {
		case r.briefing != nil:
			r.briefing.Hash = hash
		case r.page != nil:
			r.page.Hash = hash
		case r.intro != nil:
			r.intro.Hash = hash
		}
	}()
	sp, err := splitFrontMatter(src)
	if err != nil {
		d.errAt(1, 1, "add a closing "+err.(errUnclosed).delim+" line after the last field", "%v", err)
		return r
	}
	var fm *value
	switch sp.Format {
	case YAML:
		fm, err = parseYAML(sp.Front, sp.FrontLine)
	case TOML:
		fm, err = parseTOML(sp.Front, sp.FrontLine)
	default:
		fm = &value{kind: kindMap, line: 1, col: 1}
	}
	if err != nil {
		se := err.(*syntaxError)
		d.errAt(se.line, se.col, se.hint, "%s", se.msg)
		return r
	}
	switch {
	case strings.HasPrefix(p, BriefingsDir+"/"):
		if sp.Format == NoFrontMatter {
			d.errAt(1, 1, "start the file with a --- line, the fields (title, date, countries, sources), and a closing --- line", "no front matter")
			return r
		}
		b := &site.Briefing{Path: p, BodyLine: sp.BodyLine}
		if opts.KeepBodies {
			b.Body = sp.Body
		} else {
			b.ReadBody = bodyReader(fsys, p, size, crc32.Checksum(src, castagnoli), len(src)-len(sp.Body))
		}
		decodeBriefing(b, fm, 1, d, cfg, now)
		if b.Slug == "" && fm.get("slug") == nil {
			b.Slug = slugFromFile(p)
			if !validSlug(b.Slug) {
				d.errAt(1, 1, "rename the file using a-z, 0-9 and hyphens, or set slug:", "file name %q does not give a valid slug", path.Base(p))
			}
		}
		r.briefing = b
	case strings.HasPrefix(p, CountriesDir+"/"):
		r.intro = decodeIntro(p, sp, fm, d)
	case strings.HasPrefix(p, PagesDir+"/"):
		r.page = decodePage(p, sp, fm, d)
	default:
		d.probs.Warnf(p, 0, 0, "briefings go in content/briefings/, pages in content/pages/", "not in a known content folder; ignored")
	}
	return r
}

// bodyReader reads a briefing's body again, for a render that did not keep
// it. A file edited since it was loaded is an error rather than a page
// that mixes two versions.
func bodyReader(fsys fs.FS, p string, size int, sum uint32, offset int) func() ([]byte, error) {
	return func() ([]byte, error) {
		src, err := readFile(fsys, p, size)
		if err != nil {
			return nil, err
		}
		src = normalise(src)
		if crc32.Checksum(src, castagnoli) != sum || offset > len(src) {
			return nil, fmt.Errorf("the file changed during the build; build again")
		}
		return src[offset:], nil
	}
}

// castagnoli is the CRC-32C table, computed in hardware on common CPUs: it
// tells a file edited during the build at a twentieth of a SHA-256's cost.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// readFile reads a whole file, expecting size bytes (-1: ask the file),
// with as few system calls as it can: a build reads every briefing twice.
func readFile(fsys fs.FS, p string, size int) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if size < 0 {
		st, err := f.Stat()
		if err != nil {
			return nil, err
		}
		if st.Size() > maxFileSize {
			return nil, errTooLarge{st.Size()}
		}
		size = int(st.Size())
	}
	// One byte more than expected, so that the first read of a file of
	// the expected size comes back short and the second confirms the end.
	buf := make([]byte, 0, size+1)
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

// readText reads a file and checks that it is UTF-8 text.
func readText(fsys fs.FS, p string, d *decoder) ([]byte, int, bool) {
	src, err := readFile(fsys, p, -1)
	var large errTooLarge
	switch {
	case errors.As(err, &large):
		d.errAt(0, 0, "split it or remove embedded data", "%s", large.Error())
		return nil, 0, false
	case err != nil:
		d.errAt(0, 0, "", "cannot read: %v", err)
		return nil, 0, false
	}
	size := len(src)
	src = normalise(src)
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line, col := lineCol(src, i)
		d.errAt(line, col, "save the file as plain UTF-8 text", "file contains a NUL byte; it is not text")
		return nil, 0, false
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
		return nil, 0, false
	}
	return src, size, true
}

// lineCol turns a byte offset into a 1-based line and column (in runes).
func lineCol(src []byte, off int) (int, int) {
	before := src[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

func decodeIntro(p string, sp split, fm *value, d *decoder) *site.Intro {
	d.checkKeys(fm, "country intro", nil)
	code := strings.TrimSuffix(path.Base(p), ".md")
	c, ok := countries.ByKey(code)
	if !ok || len(code) != 2 {
		hint := "name the file after the country's ISO alpha-2 code, e.g. ua.md"
		if c, found := countries.Lookup(code); found {
			hint = fmt.Sprintf("rename it to %s.md", c.Key())
		}
		d.errAt(1, 1, hint, "%q is not a country code", code)
		return nil
	}
	return &site.Intro{Path: p, Country: c, Body: sp.Body, BodyLine: sp.BodyLine}
}

var pageKeys = []string{"title", "summary", "slug", "draft"}

// reservedSlugs are top-level addresses the site itself uses.
var reservedSlugs = map[string]bool{
	"briefings": true, "countries": true, "tags": true, "archive": true, "page": true,
	"search": true, "css": true, "js": true, "img": true, "feed": true, "static": true,
}

func decodePage(p string, sp split, fm *value, d *decoder) *site.Page {
	if sp.Format == NoFrontMatter {
		d.errAt(1, 1, "start the file with --- title: ... ---", "no front matter")
		return nil
	}
	d.checkKeys(fm, "page front matter", pageKeys)
	pg := &site.Page{Path: p, Body: sp.Body, BodyLine: sp.BodyLine, Slug: slugFromFile(p)}
	slugAt := [2]int{1, 1}
	for _, f := range fm.fields {
		switch f.key {
		case "title":
			pg.Title, _ = d.nonEmptyText("title", f.val)
		case "summary":
			pg.Summary, _ = d.text("summary", f.val)
		case "slug":
			pg.Slug, _ = d.nonEmptyText("slug", f.val)
			slugAt = [2]int{f.val.line, f.val.col}
		case "draft":
			pg.Draft, _ = d.boolean("draft", f.val)
		}
	}
	if fm.get("title") == nil {
		d.errAt(1, 1, "add a line such as title: About", "missing required field %q", "title")
	}
	switch {
	case !validSlug(pg.Slug):
		d.errAt(slugAt[0], slugAt[1], "use lower-case letters a-z, digits and single hyphens", "invalid page slug %q", pg.Slug)
	case reservedSlugs[pg.Slug]:
		d.errAt(slugAt[0], slugAt[1], "choose another slug", "page slug %q is used by the site itself", pg.Slug)
	}
	return pg
}

// checkSlugs reports briefings or pages that would be written to the same
// address. The later file (by path) gets the error, naming the earlier one.
func checkSlugs(s *site.Site, probs *diag.List) {
	seen := make(map[string]string, len(s.Briefings))
	for _, b := range s.Briefings {
		if b.Slug == "" {
			continue
		}
		if first, dup := seen[b.Slug]; dup {
			probs.Errorf(b.Path, 1, 1, "give one of them another slug: field", "duplicate slug %q: %s has it too", b.Slug, first)
			continue
		}
		seen[b.Slug] = b.Path
	}
	pages := map[string]string{}
	for _, pg := range s.Pages {
		if first, dup := pages[pg.Slug]; dup {
			probs.Errorf(pg.Path, 1, 1, "give one of them another slug: field", "duplicate page slug %q: %s has it too", pg.Slug, first)
			continue
		}
		pages[pg.Slug] = pg.Path
	}
}
