package load

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"brief/generator/diag"
	"brief/generator/internal/overlay"
	"brief/generator/internal/parallel"
	"brief/generator/site"
)

// Options tune a load.
type Options struct {
	// Now is the moment against which future dates are judged.
	Now time.Time
	// Root names the site folder in messages about missing files ("." by
	// default).
	Root string
}

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
	// added or removed and none changed its date, slug, story or aliases
	// (an author editing text): the briefings' order and the problems of
	// slugs, story keys and aliases across files.
	order     []string // paths of the briefings, newest first
	slugProbs diag.List
	reshaped  bool // order and slugProbs must be worked out again

	// The site the last assemble made and the problems it found, for the
	// next when the only change since is the text of briefings whose
	// problems stayed the same (retexted): those briefings are put in
	// their places, found by path in position, and no other file is
	// looked at. Going over every file was the larger part of loading
	// after an edit on a large site.
	last      *site.Site
	lastProbs diag.List
	position  map[string]int // index in last.Briefings, by path
	retexted  []string
	patchable bool // only retexted changed since last
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
		case !isContent(p):
			continue // templates/ and static/ do not change the model; leftovers are not content
		}
		if misnamedMarkdown(p) {
			return true // its warning comes from the listing of content/
		}
		st, err := fs.Lstat(l.fsys, p)
		if path.Ext(p) != ".md" && err != nil {
			return true // a removed folder: which files went with it is unknown
		}
		if err == nil && (st.IsDir() || st.Mode()&fs.ModeSymlink != 0 && path.Ext(p) != ".md") {
			return true // a new or renamed folder, or a link that may stand for one
		}
	}
	return false
}

// loadAll reads the settings and every content file.
func (l *Loader) loadAll() {
	l.loaded = true
	l.loadConfig()
	files, walkProbs := listContent(l.fsys, l.opts.Root)
	l.walkProbs = walkProbs
	results := make([]fileResult, len(files))
	parallel.For(len(files), 0, func(i int) {
		results[i] = loadFile(l.fsys, files[i].path, files[i].typ, &l.cfg, l.opts.Now)
	})
	l.files = make(map[string]fileResult, len(files))
	for i, f := range files {
		l.files[f.path] = results[i]
	}
	l.paths = nil
	l.reshaped = true
	l.patchable = false
}

// loadConfig reads and decodes site.yaml into l.cfg, its problems into
// l.cfgProbs; the settings have their defaults when it cannot be read.
func (l *Loader) loadConfig() {
	l.cfgProbs = nil
	src, ok := l.readConfig()
	if ok {
		l.cfg = decodeConfig(src, &decoder{path: ConfigFile, probs: &l.cfgProbs})
	} else {
		l.cfg = decodeConfig(nil, &decoder{path: ConfigFile, probs: &diag.List{}})
	}
}

// LoadConfig reads site.yaml alone, for a command that needs the settings
// and none of the content.
func LoadConfig(fsys fs.FS, opts Options) (site.Config, diag.List) {
	l := NewLoader(fsys, opts)
	l.loadConfig()
	return l.cfg, l.cfgProbs
}

// readConfig reads site.yaml, which must be a regular file in the site
// itself: a link is not followed (it may lead anywhere), and a named pipe
// or a device is not opened (it may never answer). ok is false when there
// is nothing to decode; the problem is then in l.cfgProbs.
func (l *Loader) readConfig() (src []byte, ok bool) {
	d := &decoder{path: ConfigFile, probs: &l.cfgProbs}
	st, err := fs.Lstat(l.fsys, ConfigFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		d.errAt(0, 0, "create it with at least title and base_url, or point -src at the site folder",
			"site settings not found: no %s in %s", ConfigFile, l.opts.Root)
		return nil, false
	case err != nil:
		d.errAt(0, 0, "", "cannot read site settings: %v", err)
		return nil, false
	case st.Mode()&fs.ModeSymlink != 0:
		d.errAt(0, 0, "copy the file into the site", "%s is a symbolic link; brief does not follow links", ConfigFile)
		return nil, false
	case !st.Mode().IsRegular():
		d.errAt(0, 0, "replace it with an ordinary file holding the settings", "%s is %s, not a file; it was not opened", ConfigFile, overlay.NotRegular(st.Mode().Type()))
		return nil, false
	}
	return readText(l.fsys, ConfigFile, maxConfigSize, d)
}

// Body reads the body of a briefing the loader made from its file again
// (site.BodyReader): the loader keeps no bodies. It fails when the file is
// no longer the one the briefing was made from.
func (l *Loader) Body(b *site.Briefing) ([]byte, error) {
	src, err := readFile(l.fsys, b.Path, maxMarkdownSize)
	if err == nil {
		src = normalise(src)
		if briefingHash(b.Path, &l.cfg, src) == b.Hash {
			sp, err := splitFrontMatter(src)
			if err == nil {
				return sp.Body, nil
			}
		}
	}
	return nil, &ChangedError{Path: b.Path}
}

// ChangedError tells that a file changed while the site was being built
// from it: the build, made from both versions, must not be used. Its
// message is the problem's, at the file's path.
type ChangedError struct {
	Path string
}

func (e *ChangedError) Error() string {
	return "changed while the site was being built from it"
}

// reload reads the changed Markdown files again and forgets removed ones,
// by the rules of a full load: a file is read only if it is regular and
// every folder above it, up to content/, is a real folder rather than a
// link.
func (l *Loader) reload(changed []string) {
	for _, p := range changed {
		if !isContent(p) || path.Ext(p) != ".md" {
			continue
		}
		_, known := l.files[p]
		st, err := fs.Lstat(l.fsys, p)
		if err != nil || !l.inRealFolders(p) {
			if known {
				delete(l.files, p)
				l.paths = nil
				l.reshaped = true
			}
			continue
		}
		was := l.files[p]
		l.files[p] = loadFile(l.fsys, p, st.Mode().Type(), &l.cfg, l.opts.Now)
		now := l.files[p]
		before, after := was.briefing, now.briefing
		if !known {
			l.paths = nil
			l.patchable = false
		}
		if was.edition != nil || now.edition != nil {
			// Editions are assembled anew each time (assembleEditions);
			// the site's own briefings are as they were.
			continue
		}
		if before == nil || after == nil || !before.Date.Equal(after.Date) || before.Slug != after.Slug ||
			before.Story != after.Story || !slices.Equal(before.Aliases, after.Aliases) {
			// What checkSlugs, checkStories and checkAliases read changed.
			l.reshaped = true
			l.patchable = false
			continue
		}
		if !slices.Equal(was.probs, now.probs) || was.skipped != now.skipped {
			l.patchable = false
			continue
		}
		l.retexted = append(l.retexted, p)
	}
}

// inRealFolders reports whether every folder on the way to p, content/
// included, is a folder and not a link to one. A full load does not enter
// a linked folder, while opening a path through it would follow the link.
func (l *Loader) inRealFolders(p string) bool {
	for dir := path.Dir(p); ; dir = path.Dir(dir) {
		st, err := fs.Lstat(l.fsys, dir)
		if err != nil || !st.IsDir() {
			return false
		}
		if dir == ContentDir || dir == "." {
			return true
		}
	}
}

// assemble builds the site from the file results, in path order.
func (l *Loader) assemble() (*site.Site, diag.List) {
	// A site with editions is assembled whole: a change to an original
	// changes its translations too.
	if l.patchable && !l.reshaped && l.last != nil && len(l.cfg.Editions) == 0 {
		s := *l.last
		s.Briefings = slices.Clone(l.last.Briefings)
		for _, p := range l.retexted {
			s.Briefings[l.position[p]] = l.files[p].briefing
		}
		l.retexted = l.retexted[:0]
		l.last = &s
		return &s, slices.Clone(l.lastProbs)
	}
	s, probs := l.assembleAll()
	l.last, l.lastProbs = s, slices.Clone(probs)
	l.retexted = l.retexted[:0]
	l.patchable = true
	return s, probs
}

// assembleAll builds the site from every file's result, in path order.
func (l *Loader) assembleAll() (*site.Site, diag.List) {
	s := &site.Site{Config: l.cfg, Intros: map[string]*site.Intro{}, Briefings: make([]*site.Briefing, 0, len(l.order)), Bodies: l}
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
		if strings.HasPrefix(p, BriefingsDir+"/") && !r.skipped && r.edition == nil {
			s.BriefingFiles++
		}
		probs = append(probs, r.probs...)
		switch {
		case r.briefing != nil:
			s.Briefings = append(s.Briefings, r.briefing)
		case r.page != nil:
			s.Pages = append(s.Pages, r.page)
		case r.story != nil:
			s.Stories = append(s.Stories, r.story)
		case r.intro != nil:
			addIntro(s.Intros, r.intro, &probs)
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
		checkStories(s, &slugProbs)
		checkAliases(s, &slugProbs)
		site.SortBriefings(s.Briefings)
		l.slugProbs = slugProbs
		probs = append(probs, slugProbs...)
		l.order = l.order[:0]
		l.position = make(map[string]int, len(s.Briefings))
		for i, b := range s.Briefings {
			l.order = append(l.order, b.Path)
			l.position[b.Path] = i
		}
		l.reshaped = false
	}
	sort.Slice(s.Pages, func(i, j int) bool { return s.Pages[i].Slug < s.Pages[j].Slug })
	l.assembleEditions(s, &probs)
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
