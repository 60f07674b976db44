package generator

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"brief/generator/diag"
	"brief/generator/load"
	"brief/generator/output"
	"brief/generator/render"
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
	if err := output.CheckPlace(opts.Src, opts.Out, load.ContentDir, render.TemplatesDir, "static"); err != nil {
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
	res.Pages, res.Feeds, res.Other, res.Reused = stats.Pages, stats.Feeds, stats.Other, stats.Reused

	extras := &memOutput{files: map[string][]byte{}}
	nStatic, err := p.staticFiles(extras)
	if err != nil {
		return res, fmt.Errorf("%w; the previous output is unchanged", err)
	}
	res.Static = nStatic
	res.Other++ // the highlighting stylesheet

	if stats.Rendered == 0 && bc.unchanged(extras.files) {
		// Every file would be what the output already holds: leave it.
		res.Unchanged = true
		res.Elapsed = time.Since(start)
		return res, nil
	}
	if err := bc.carryOver(stage); err != nil {
		return res, fmt.Errorf("cannot write the new output beside %s: %w; the previous output is unchanged", opts.Out, err)
	}
	for _, name := range sortedFileNames(extras.files) {
		if err := stage.WriteFile(name, extras.files[name]); err != nil {
			return res, fmt.Errorf("cannot write the new output beside %s: %w; the previous output is unchanged", opts.Out, err)
		}
	}
	if err := stage.Commit(); err != nil {
		return res, err
	}
	stage = nil
	bc.save(extras.files)
	res.Elapsed = time.Since(start)
	return res, nil
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
