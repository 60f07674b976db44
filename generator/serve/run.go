package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path"
	"strings"
	"syscall"
	"time"
)

// Options configure Run.
type Options struct {
	Addr  string // host:port to listen on
	Root  string // site folder to watch
	Dirs  []string
	Files []string
	// Rebuild is made by Prepare once the server's address is known, so
	// that the pages it builds link to the server itself.
	Prepare func(url string) RebuildFunc
	Out     io.Writer // where the URL and one line per rebuild are printed
	Log     *slog.Logger
	// Ready, when set, is called once the first build is served.
	Ready func(url string)
}

// Run builds the site, serves it on opts.Addr and rebuilds on every change
// until ctx is done. It returns nil after a clean shutdown.
func Run(ctx context.Context, opts Options) error {
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("%s is already in use; stop the other server or choose another address with -addr", opts.Addr)
		}
		return fmt.Errorf("cannot listen on %s: %w", opts.Addr, err)
	}
	addr := ln.Addr().String()
	interfaces, _ := net.InterfaceAddrs()
	url, network := serverURLs(ln.Addr().(*net.TCPAddr), interfaces)
	rebuild := opts.Prepare(url)
	s := New(addr)

	w, err := Watch(opts.Root, opts.Dirs, opts.Files)
	if err != nil {
		ln.Close()
		return fmt.Errorf("cannot watch %s: %w", opts.Root, err)
	}
	defer w.Close()

	start := time.Now()
	res, built := buildUnlessStopped(ctx, rebuild, nil)
	if !built {
		ln.Close()
		return nil
	}
	s.Apply(res, false)
	shown := report(opts.Out, "first build", res, time.Since(start), nil)
	var held *speculation

	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(opts.Out, "Serving %s at %s (Ctrl-C to stop)\n", opts.Root, url)
	for _, u := range network {
		fmt.Fprintf(opts.Out, "  on the network: %s\n", u)
	}
	if opts.Ready != nil {
		opts.Ready(url)
	}

	shutdown := func() error {
		s.CloseStreams()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(ctx)
	}
	for {
		select {
		case <-ctx.Done():
			return shutdown()
		case err := <-served:
			return err
		case err := <-w.Errors():
			opts.logger().Warn("watching", "err", err)
		case p := <-w.Previews():
			start := time.Now()
			res, built := buildUnlessStopped(ctx, rebuild, p.Paths)
			if !built {
				return shutdown()
			}
			held = &speculation{seq: p.Seq, res: res, took: time.Since(start)}
		case batch := <-w.Batches():
			changed, what := batch.Paths, describe(batch.Paths)
			for _, p := range batch.Paths {
				if p == "." {
					changed, what = nil, "full rebuild (change events were lost)"
				}
			}
			var res Result
			var took time.Duration
			if held != nil && held.seq == batch.Seq {
				// Nothing changed since the preview: its rebuild read
				// the files as they are now.
				res, took = held.res, held.took
			} else {
				start := time.Now()
				var built bool
				res, built = buildUnlessStopped(ctx, rebuild, changed)
				if !built {
					return shutdown()
				}
				took = time.Since(start)
				if held != nil {
					res = held.supersededBy(res)
				}
			}
			held = nil
			s.Apply(res, changed != nil && cssOnly(changed))
			shown = report(opts.Out, what, res, took, shown)
		}
	}
}

// speculation is a rebuild started on a preview of a batch and not yet
// shown: it is shown if the batch turns out to hold the same changes.
type speculation struct {
	seq  uint64
	res  Result
	took time.Duration
}

// supersededBy returns next as it must be shown when the speculative
// rebuild was not: next's changes are relative to the speculation's site,
// which no reader saw, so the pages and addresses the speculation changed
// count as changed too. A failed speculation left the last good site in
// place and adds nothing.
func (sp *speculation) supersededBy(next Result) Result {
	if sp.res.Files == nil || sp.res.Failed || next.Files == nil || next.Failed {
		return next
	}
	if sp.res.Changed == nil {
		next.Changed = nil
	} else if next.Changed != nil {
		seen := make(map[string]bool, len(next.Changed))
		for _, name := range next.Changed {
			seen[name] = true
		}
		for _, name := range sp.res.Changed {
			if !seen[name] {
				next.Changed = append(next.Changed, name)
			}
		}
	}
	if len(sp.res.Redirects) > 0 {
		merged := make(map[string]string, len(sp.res.Redirects)+len(next.Redirects))
		for from, to := range sp.res.Redirects {
			merged[from] = to
		}
		for from, to := range next.Redirects {
			merged[from] = to
		}
		next.Redirects = merged
	}
	return next
}

// buildUnlessStopped runs rebuild(changed) and returns its result, or
// returns false as soon as ctx is done: a stop must not wait for a build
// whose result nobody will see, and a site's first build can take long.
// An abandoned build runs on by itself and ends unseen.
func buildUnlessStopped(ctx context.Context, rebuild RebuildFunc, changed []string) (Result, bool) {
	done := make(chan Result, 1)
	go func() { done <- rebuild(changed) }()
	select {
	case res := <-done:
		return res, true
	case <-ctx.Done():
		return Result{}, false
	}
}

func (o Options) logger() *slog.Logger {
	if o.Log != nil {
		return o.Log
	}
	return slog.Default()
}

// cssOnly tells whether every change is to a stylesheet of static/: the
// pages can then swap their stylesheets without reloading.
func cssOnly(changed []string) bool {
	for _, p := range changed {
		if !strings.HasPrefix(p, "static/") || path.Ext(p) != ".css" {
			return false
		}
	}
	return len(changed) > 0
}

// describe names what changed, for the rebuild line.
func describe(changed []string) string {
	if len(changed) == 1 {
		return changed[0] + " changed"
	}
	return fmt.Sprintf("%d files changed (%s, …)", len(changed), changed[0])
}

// report prints one line per rebuild, after the problems it found that
// the previous rebuild did not (shown): a warning that stands is printed
// once, not again on every rebuild. It returns the problems now standing.
func report(out io.Writer, what string, res Result, took time.Duration, shown map[string]bool) map[string]bool {
	problems := make(map[string]bool, len(res.Problems))
	for _, p := range res.Problems {
		if !shown[p] && !problems[p] {
			fmt.Fprintln(out, p)
		}
		problems[p] = true
	}
	took = took.Round(100 * time.Microsecond)
	if res.Files == nil || res.Failed {
		fmt.Fprintf(out, "%s: rebuild failed in %s; serving the last good site\n", what, took)
		return problems
	}
	updated := "all pages"
	if res.Changed != nil {
		updated = fmt.Sprintf("%d files updated", len(res.Changed))
	}
	fmt.Fprintf(out, "%s: rebuilt in %s, %s\n", what, took, updated)
	return problems
}
