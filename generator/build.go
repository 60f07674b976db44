package generator

import (
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"brief/generator/diag"
	"brief/generator/load"
	"brief/generator/output"
	"brief/generator/render"
	"brief/generator/site"
)

// BuildOptions are the choices of one build.
type BuildOptions struct {
	Src     string // site root
	Out     string // output folder; default: public under Src
	Drafts  bool   // include drafts
	Future  bool   // include briefings dated after Now
	BaseURL string // overrides site.yaml's base_url when set
	Now     time.Time

	// NoCache builds from scratch and leaves the build cache alone.
	NoCache bool

	// outputOptions lets tests inject faults into the writing of files.
	outputOptions []output.Option
}

// BuildResult reports a build.
type BuildResult struct {
	Pages, Feeds, Static, Other int
	Problems                    diag.List // errors and warnings, paths as seen from the working folder
	Elapsed                     time.Duration
	Out                         string
	// Reused counts the pages carried over from the previous output
	// because nothing they show changed; Unchanged tells that nothing at all
	// changed, so the output was left as it was.
	Reused    int
	Unchanged bool
	// LeftOut counts the drafts and future briefings the build did not
	// publish.
	LeftOut site.LeftOut
}

// Summary is the line a build ends with.
func (r BuildResult) Summary() string {
	s := fmt.Sprintf("built %s: %d pages, %d feeds, %d static files in %s",
		r.Out, r.Pages, r.Feeds, r.Static, r.Elapsed.Round(time.Millisecond))
	switch {
	case r.Unchanged:
		s += " (nothing changed)"
	case r.Reused > 0:
		s += fmt.Sprintf(" (%d unchanged files kept)", r.Reused)
	}
	var left []string
	if n := r.LeftOut.Drafts; n > 0 {
		left = append(left, fmt.Sprintf("%d %s (-drafts)", n, plural(n, "draft", "drafts")))
	}
	if n := r.LeftOut.Future; n > 0 {
		left = append(left, fmt.Sprintf("%d %s (-future)", n, plural(n, "future briefing", "future briefings")))
	}
	if len(left) > 0 {
		s += "; left out " + strings.Join(left, " and ")
	}
	return s
}

// ErrInvalidSite is returned when the site has errors; they are in the
// result's Problems.
var ErrInvalidSite = errors.New("the site has errors; nothing was written")

// Build loads, validates, renders and writes the site. The output folder is
// replaced only when everything succeeded; otherwise it stays as it was.
func Build(opts BuildOptions) (BuildResult, error) {
	start := time.Now()
	if opts.Src == "" {
		opts.Src = "."
	}
	if opts.Out == "" {
		opts.Out = filepath.Join(opts.Src, "public")
	}
	res := BuildResult{Out: opts.Out}
	if err := output.CheckPlace(opts.Src, opts.Out, load.ContentDir, render.TemplatesDir, staticDir); err != nil {
		return res, err
	}
	if !opts.NoCache {
		go binaryDigest() // hashing the binary for the build cache overlaps loading
	}

	var stage *output.Staging
	var bc *buildCache
	var out *recordingWriter
	defer func() {
		if stage != nil {
			stage.Abort()
		}
	}()
	p := newPipeline(opts)
	run, err := p.run(nil, opts.Now, func() (target, error) {
		var err error
		stage, err = output.Begin(opts.Out, opts.outputOptions...)
		if err != nil {
			return target{}, fmt.Errorf("%w; the previous output is unchanged", err)
		}
		bc = openBuildCache(opts.Out, opts.NoCache)
		bc.filePerm = stage.FilePerm()
		out = &recordingWriter{w: stage}
		return target{out: out, cache: bc.cache, skipUnchanged: true, reuse: bc.reuse}, nil
	})
	res.Problems = run.problems
	if err != nil {
		return res, err
	}
	if out != nil {
		if err := out.failed(); err != nil {
			// The output folder could not take the files (a full disk, a
			// folder that cannot be written): a fault of the machine, not
			// of the content, so it is reported as one error.
			return res, fmt.Errorf("cannot write the new output beside %s: %w; the previous output is unchanged", opts.Out, err)
		}
	}
	if run.failed() {
		return res, ErrInvalidSite
	}
	stats := run.stats
	res.LeftOut = run.leftOut
	res.Pages, res.Feeds, res.Other, res.Reused = stats.Pages, stats.Feeds, stats.Other, stats.Reused

	extras, err := p.extraFiles()
	if err != nil {
		return res, fmt.Errorf("%w; the previous output is unchanged", err)
	}
	res.Static = len(extras) - 1
	res.Other++ // the highlighting stylesheet

	// Before anything else is decided, the files of the previous output
	// that brief did not write: they are carried over when the site keeps
	// them, and stop the build otherwise, so that none is deleted unasked.
	keep, probs := checkKeep(run.loaded.Config.Keep, bc, extras)
	if len(probs) > 0 {
		res.Problems = append(res.Problems, probs.Under(opts.Src)...)
		return res, ErrInvalidSite
	}
	isNew := newNames(bc, extras)
	owned := func(name string) bool { return isNew(name) || bc.wrote(name) }
	var strays []string
	if !bc.noStrays(owned, keep) {
		strays, err = stage.Strays(owned, keep)
	}
	if err != nil {
		return res, fmt.Errorf("%w; the previous output is unchanged", err)
	}
	if len(strays) > 0 {
		return res, straysError(opts.Out, strays, bc.recorded != nil)
	}

	if stats.Rendered == 0 && bc.unchanged(extras, p.open) {
		// Every file would be what the output already holds: leave it.
		res.Unchanged = true
		res.Elapsed = time.Since(start)
		return res, nil
	}
	if err := bc.carryOver(stage); err != nil {
		return res, fmt.Errorf("cannot write the new output beside %s: %w; the previous output is unchanged", opts.Out, err)
	}
	if err := stage.Keep(keep); err != nil {
		return res, fmt.Errorf("cannot write the new output beside %s: %w; the previous output is unchanged", opts.Out, err)
	}
	names := make([]string, len(extras))
	for i, e := range extras {
		names[i] = e.name
		if err := copyExtra(stage, e, p.open); err != nil {
			return res, fmt.Errorf("cannot copy %s into the new output beside %s: %w; the previous output is unchanged", e.name, opts.Out, err)
		}
	}
	swapped := time.Now()
	if err := stage.Commit(); err != nil {
		return res, err
	}
	stage = nil
	bc.save(names, keep, swapped)
	res.Elapsed = time.Since(start)
	return res, nil
}

// copyExtra streams an extra file into the staging folder.
func copyExtra(stage *output.Staging, e extraFile, open func(extraFile) (io.ReadCloser, error)) error {
	r, err := open(e)
	if err != nil {
		return err
	}
	defer r.Close()
	return stage.WriteFrom(e.name, r)
}

// newNames tells the names of the new output: what the render produced
// (its cache knows them all, the carried-over ones included), the extra
// files, and the marker.
func newNames(bc *buildCache, extras []extraFile) func(string) bool {
	set := make(map[string]bool, len(extras)+1)
	for _, e := range extras {
		set[e.name] = true
	}
	set[output.Marker] = true
	return func(name string) bool { return set[name] || bc.cache.Produced(name) }
}

// checkKeep checks site.yaml's keep: list against the new output: a path
// brief writes, or a folder it writes into, cannot also be kept from the
// previous output.
func checkKeep(keep []string, bc *buildCache, extras []extraFile) ([]string, diag.List) {
	var probs diag.List
	keep, err := output.CleanKeep(keep)
	if err != nil {
		probs.Errorf(load.ConfigFile, 0, 0, "", "%v", err)
		return nil, probs
	}
	if len(keep) == 0 {
		return nil, nil
	}
	kept := make(map[string]bool, len(keep))
	for _, k := range keep {
		kept[k] = true
	}
	names := bc.cache.Files()
	for _, e := range extras {
		names = append(names, e.name)
	}
	reported := map[string]bool{}
	for _, name := range names {
		for p := name; p != "."; p = path.Dir(p) {
			if kept[p] && !reported[p] {
				reported[p] = true
				if p == name {
					probs.Errorf(load.ConfigFile, 0, 0, "remove it from keep:", "keep: %s is a file brief writes", p)
				} else {
					probs.Errorf(load.ConfigFile, 0, 0, "remove it from keep:", "keep: %s is a folder brief writes into, with %s", p, name)
				}
			}
		}
	}
	return keep, probs
}

// straysError refuses to replace an output that holds files brief did not
// write, naming a few. Without a record of the previous output's files in
// its marker (recorded is false) brief knows only what it writes now, so the files may also be
// pages of an earlier build that the site no longer has: the message says
// so rather than guess, since a guess could delete someone's file.
func straysError(out string, strays []string, recorded bool) error {
	const shown = 5
	list := strings.Join(strays[:min(len(strays), shown)], ", ")
	if len(strays) > shown {
		list += fmt.Sprintf(" and %d more", len(strays)-shown)
	}
	what := "files brief did not write"
	if !recorded {
		what = "files this build does not write, and brief has no record of writing them (the output was written by an older brief)"
	}
	return fmt.Errorf("the output folder %s holds %s: %s (add them to keep: in site.yaml to carry them over, or delete them); the previous output is unchanged", out, what, list)
}

// recordingWriter passes files on and keeps the first failure.
type recordingWriter struct {
	w   render.Writer
	mu  sync.Mutex
	err error
}

func (r *recordingWriter) WriteFile(name string, data []byte) error {
	err := r.w.WriteFile(name, data)
	if err != nil {
		r.mu.Lock()
		if r.err == nil {
			r.err = err
		}
		r.mu.Unlock()
	}
	return err
}

func (r *recordingWriter) failed() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}
