package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"brief/generator/diag"
	"brief/generator/internal/overlay"
	"brief/generator/load"
	"brief/generator/markdown"
	"brief/generator/output"
	"brief/generator/render"
	"brief/generator/site"
	"brief/static"
	"brief/templates"
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
	if err := checkOutput(opts.Src, opts.Out); err != nil {
		return res, err
	}

	if !opts.NoCache {
		go binaryDigest() // hashing the binary for the build cache overlaps loading
	}

	// Load and validate.
	siteFS := os.DirFS(opts.Src)
	s, probs := load.Load(siteFS, load.Options{Now: opts.Now, Root: opts.Src})
	if opts.BaseURL != "" {
		if err := overrideBaseURL(s, opts.BaseURL); err != nil {
			return res, err
		}
	}
	res.Problems = probs.Under(opts.Src)
	if probs.Errors() > 0 {
		return res, ErrInvalidSite
	}
	s = s.Filter(opts.Drafts, opts.Future, opts.Now)

	// Render into a staging folder beside the output.
	stage, err := output.Begin(opts.Out, opts.outputOptions...)
	if err != nil {
		return res, fmt.Errorf("%w; the previous output is unchanged", err)
	}
	committed := false
	defer func() {
		if !committed {
			stage.Abort()
		}
	}()
	bc := openBuildCache(opts.Out, opts.NoCache)
	out := &recordingWriter{w: stage}
	stats, rprobs := render.Render(s, render.Options{
		Templates:        themeFS(siteFS),
		DefaultTemplates: templates.FS,
		Markdown:         markdown.New(markdown.Options{UnsafeHTML: s.Config.UnsafeHTML}),
		Out:              out,
		Cache:            bc.cache,
		SkipUnchanged:    true,
		Reuse:            bc.reuse,
	})
	if err := out.failed(); err != nil {
		// The output folder could not take the files (a full disk, a
		// folder that cannot be written): a fault of the machine, not of
		// the content, so it is reported as one error.
		return res, fmt.Errorf("cannot write the new output beside %s: %w; the previous output is unchanged", opts.Out, err)
	}
	res.Problems = append(res.Problems, rprobs.Under(opts.Src)...)
	res.Problems.Sort()
	if rprobs.Errors() > 0 {
		return res, ErrInvalidSite
	}
	res.Pages, res.Feeds, res.Other, res.Reused = stats.Pages, stats.Feeds, stats.Other, stats.Reused

	extras := map[string][]byte{}
	copyErr := collectStatic(staticFS(siteFS), extras)
	css, err := highlightCSS()
	if err != nil || copyErr != nil {
		return res, fmt.Errorf("%w; the previous output is unchanged", errors.Join(err, copyErr))
	}
	extras["css/chroma.css"] = css
	res.Static = len(extras) - 1
	res.Other++

	if stats.Rendered == 0 && bc.unchanged(extras) {
		// Every file would be what the output already holds: leave it.
		res.Unchanged = true
		res.Elapsed = time.Since(start)
		return res, nil
	}
	if err := bc.carryOver(stage); err != nil {
		return res, fmt.Errorf("cannot write the new output beside %s: %w; the previous output is unchanged", opts.Out, err)
	}
	for _, name := range sortedFileNames(extras) {
		if err := stage.WriteFile(name, extras[name]); err != nil {
			return res, fmt.Errorf("cannot write the new output beside %s: %w; the previous output is unchanged", opts.Out, err)
		}
	}
	if err := stage.Commit(); err != nil {
		return res, err
	}
	committed = true
	bc.save(extras)
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

// renderSite renders s with the site's theme (its own templates over the
// embedded ones) into w.
func renderSite(siteFS fs.FS, s *site.Site, w render.Writer) (render.Stats, diag.List) {
	return render.Render(s, render.Options{
		Templates:        themeFS(siteFS),
		DefaultTemplates: templates.FS,
		Markdown:         markdown.New(markdown.Options{UnsafeHTML: s.Config.UnsafeHTML}),
		Out:              w,
	})
}

// themeFS is the site's own templates over the embedded theme's.
func themeFS(siteFS fs.FS) fs.FS {
	return overlay.FS{Top: subFS(siteFS, render.TemplatesDir), Bottom: templates.FS}
}

// staticFS is the site's own static files over the embedded theme's.
func staticFS(siteFS fs.FS) fs.FS {
	return overlay.FS{Top: subFS(siteFS, "static"), Bottom: static.FS}
}

// subFS is the folder dir of fsys, or nil when the site has no such folder.
func subFS(fsys fs.FS, dir string) fs.FS {
	if st, err := fs.Stat(fsys, dir); err != nil || !st.IsDir() {
		return nil
	}
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil
	}
	return sub
}

// collectStatic reads the static files into files, by output name.
func collectStatic(fsys fs.FS, files map[string][]byte) error {
	out := &memOutput{files: files}
	_, err := copyStatic(fsys, out)
	return err
}

// copyStatic copies the theme's and the site's static files to the output
// root as they are. Go files (the theme's embed.go) and editor leftovers are
// not part of the site.
func copyStatic(fsys fs.FS, w render.Writer) (int, error) {
	n := 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && load.Ignored(p) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || path.Ext(p) == ".go" {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		n++
		return w.WriteFile(p, data)
	})
	if err != nil {
		return n, fmt.Errorf("copying static files: %w", err)
	}
	return n, nil
}

// checkOutput refuses output folders whose replacement would destroy the
// site or anything around it.
func checkOutput(src, out string) error {
	absSrc, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if resolved, err := filepath.EvalSymlinks(absSrc); err == nil {
		absSrc = resolved
	}
	if resolved, err := filepath.EvalSymlinks(absOut); err == nil {
		absOut = resolved
	}
	within := func(child, parent string) bool {
		rel, err := filepath.Rel(parent, child)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	switch {
	case absOut == filepath.Dir(absOut):
		return fmt.Errorf("-out %s is the root of the file system; choose a folder such as public", out)
	case within(absSrc, absOut):
		return fmt.Errorf("-out %s holds the site itself; choose a folder such as public", out)
	}
	for _, dir := range []string{load.ContentDir, render.TemplatesDir, "static"} {
		if within(absOut, filepath.Join(absSrc, dir)) {
			return fmt.Errorf("-out %s is inside the site's %s/ folder; choose a folder such as public", out, dir)
		}
	}
	return nil
}

func overrideBaseURL(s *site.Site, u string) error {
	if err := load.CheckWebURL(u); err != nil {
		return fmt.Errorf("-base-url: %v", err)
	}
	s.Config.BaseURL = strings.TrimRight(u, "/")
	return nil
}
