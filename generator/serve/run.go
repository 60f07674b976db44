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
	url := "http://" + addr + "/"
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
	shown := report(opts.Out, "first build", res, time.Since(start), "")

	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(opts.Out, "Serving %s at %s (Ctrl-C to stop)\n", opts.Root, url)
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
		case batch := <-w.Batches():
			changed, what := batch, describe(batch)
			for _, p := range batch {
				if p == "." {
					changed, what = nil, "full rebuild (change events were lost)"
				}
			}
			start := time.Now()
			res, built := buildUnlessStopped(ctx, rebuild, changed)
			if !built {
				return shutdown()
			}
			s.Apply(res, changed != nil && cssOnly(changed))
			shown = report(opts.Out, what, res, time.Since(start), shown)
		}
	}
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

// report prints one line per rebuild, after the problems it found when
// they differ from those printed last time (shown), and returns the
// problems now shown.
func report(out io.Writer, what string, res Result, took time.Duration, shown string) string {
	problems := strings.Join(res.Problems, "\n")
	if problems != shown && problems != "" {
		fmt.Fprintln(out, problems)
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
