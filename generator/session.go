package generator

import (
	"maps"
	"time"

	"brief/generator/diag"
	"brief/generator/render"
	"brief/generator/site"
)

// Session rebuilds one site again and again, as the dev server does: it
// keeps the loaded files and the rendered pages between rebuilds and redoes
// only what a change affects. The result of every rebuild equals a full
// build of the same input.
type Session struct {
	pipe  *pipeline
	cache *render.Cache
	urls  map[string]string // source path → address, of the last good rebuild
	files map[string][]byte // the last good site
	// spare receives a copy of files, made in the background as soon as
	// files is known, for the next rebuild to write into: the copy takes
	// milliseconds at 10,000 briefings, and an author's next save comes
	// seconds later.
	spare chan map[string][]byte
	// extraFiles counts the files of the last good site that the render
	// does not produce: files copied as they are and the highlighting CSS.
	extraFiles int
}

// Snapshot is the site after one rebuild, held in memory.
type Snapshot struct {
	// Files maps output names ("briefings/x/index.html") to their bytes. It
	// is nil when the rebuild failed.
	Files map[string][]byte
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

// NewSession prepares rebuilds of the site opts.Src. Out is not used: a
// session's output stays in memory.
func NewSession(opts BuildOptions) *Session {
	if opts.Src == "" {
		opts.Src = "."
	}
	return &Session{pipe: newPipeline(opts), cache: render.NewCache()}
}

// Rebuild brings the site up to date. changed lists the paths, relative to
// the site root and slash-separated, that changed since the last rebuild; nil
// rebuilds from scratch.
func (s *Session) Rebuild(changed []string, now time.Time) Snapshot {
	start := time.Now()
	// The new site starts as a copy of the last good one; the render
	// writes only the files that differ, and files it no longer produces
	// are dropped below. Copying a map is far cheaper than writing every
	// page into a new one.
	last := s.spare
	if last == nil {
		last = s.copyFiles()
	}
	var out *memOutput
	defer func() {
		if out == nil {
			s.spare = last // not written into: still a copy of the last good site
		} else {
			s.spare = s.copyFiles()
		}
	}()
	run, err := s.pipe.run(changed, now, func() (target, error) {
		out = &memOutput{files: <-last}
		if out.files == nil {
			out.files = make(map[string][]byte, 1024)
		}
		return target{out: out, cache: s.cache, skipUnchanged: true}, nil
	})
	snap := Snapshot{Problems: run.problems}
	if err != nil {
		snap.Problems = append(snap.Problems, diag.Problem{Path: s.pipe.src, Message: err.Error()})
	}
	if out == nil || err != nil || run.failed() {
		if out != nil {
			// The cache must not believe that files it rendered reached
			// the site the server shows.
			s.cache.Discard()
		}
		snap.Elapsed = time.Since(start)
		return snap
	}
	staticChanged := changed == nil
	for _, p := range changed {
		staticChanged = staticChanged || copiedAs(p)
	}
	// out holds the last good site plus what this render wrote. When it
	// holds more than this render produced and the static files, some
	// page is gone (a removed briefing, a shorter list): find it.
	stats := run.stats
	produced := stats.Pages + stats.Feeds + stats.Other
	if staticChanged || len(out.files) != produced+s.extraFiles {
		for name := range out.files {
			if !s.cache.Produced(name) {
				delete(out.files, name) // a page that no longer exists, or a file copied again below
			}
		}
	}
	nExtra, err := s.pipe.staticFiles(out)
	if err != nil {
		s.cache.Discard()
		snap.Problems = append(snap.Problems, diag.Problem{Path: "static", Message: err.Error()})
		snap.Elapsed = time.Since(start)
		return snap
	}
	s.extraFiles = nExtra

	snap.Redirects = s.trackAddresses(run.published, changed)
	snap.Files = out.files
	s.files = out.files
	snap.Stats = stats
	snap.Changed = s.cache.Rendered()
	if staticChanged {
		snap.Changed = nil // static files are copied, not tracked
	}
	snap.Elapsed = time.Since(start)
	return snap
}

// copyFiles starts copying the last good site and returns where the copy
// will arrive. The last good site is never written to once it is the
// server's, so reading it meanwhile is safe.
func (s *Session) copyFiles() chan map[string][]byte {
	files := s.files
	ch := make(chan map[string][]byte, 1)
	go func() { ch <- maps.Clone(files) }()
	return ch
}

// trackAddresses updates the address of every briefing and page and returns
// those that moved. After a full rebuild every file is looked at; after an
// incremental one only the changed files can have moved.
func (s *Session) trackAddresses(published *site.Site, changed []string) map[string]string {
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
	for _, b := range published.Briefings {
		if touched[b.Path] {
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
