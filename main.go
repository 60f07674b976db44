// Command brief turns a folder of Markdown briefings into a public website.
//
//	brief build   render the site into public/
//	brief serve   build, serve and rebuild on every change
//	brief check   validate the content and report every problem
//	brief new     start a new briefing
//	brief slug    give a briefing a new address, keeping the old one
//	brief init    start a new site in a folder
//	brief theme export  copy the default theme out, to change it
//	brief help    print the help of brief or of a command
//	brief version print the version
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // site timezones must resolve on machines without zoneinfo

	"brief/generator"
	"brief/generator/diag"
	"brief/generator/serve"
	"brief/internal/interrupt"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `brief turns a folder of Markdown briefings into a public website.

Usage:
  brief build   [-src DIR] [-out DIR] [-drafts] [-future] [-base-url URL]
  brief serve   [-src DIR] [-addr 127.0.0.1:1313] [-drafts=false] [-future]
  brief check   [-src DIR] [-strict] [-missing LANG]
  brief new     [-src DIR] -countries "Ukraine, Italy" [-tags ...] [-date YYYY-MM-DD] [-slug SLUG] [-lang LANG] "Title"
  brief new     [-src DIR] -lang LANG -from FILE
  brief slug    [-src DIR] FILE NEW-SLUG
  brief init    [-force] [-theme] [DIR]
  brief theme export [DIR]
  brief help    [COMMAND]
  brief version

Run "brief help COMMAND" for the flags of a command.
`

// run executes one command line and returns the exit status: 0 on success,
// 1 when the site has errors, 2 when the command line itself is wrong.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	if cmd != "serve" {
		// Only the server stops cleanly; for the rest a stop signal
		// keeps its usual effect.
		interrupt.Release()
	}
	switch cmd {
	case "check":
		return runCheck(rest, stdout, stderr)
	case "build":
		return runBuild(rest, stdout, stderr)
	case "serve":
		return runServe(rest, stdout, stderr)
	case "new":
		return runNew(rest, stdout, stderr)
	case "slug":
		return runSlug(rest, stdout, stderr)
	case "init":
		return runInit(rest, stdout, stderr)
	case "theme":
		return runTheme(rest, stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintf(stdout, "brief %s (%s)\n", generator.Version, runtime.Version())
		return 0
	case "help", "-h", "-help", "--help":
		return runHelp(rest, stdout, stderr)
	}
	return unknownCommand(cmd, stderr)
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", "Usage: brief check [-src DIR] [-strict] [-missing LANG]\n\nLoads and validates the site, prints every problem and a summary line.\nExits 0 when there are no errors, 1 otherwise. A translation older than\nits original (updated since) gets a warning.\n\nWith -missing LANG it lists instead the briefings that have no translation\ninto the edition LANG (a code of languages: in site.yaml), one file a line,\nand their count; it exits 0, or 2 when the site has no edition in LANG.")
	src := fs.String("src", ".", "site root holding site.yaml, content/, templates/, static/")
	strict := fs.Bool("strict", false, "fail on warnings too")
	missing := fs.String("missing", "", "list the briefings without a translation into this language, e.g. uk")
	if status, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return status
	}
	if *missing != "" {
		return runMissing(*src, *missing, stdout, stderr)
	}
	res := generator.Check(*src, time.Now())
	for _, p := range res.Problems {
		fmt.Fprintln(stderr, p)
	}
	fmt.Fprintln(stdout, res.Summary())
	if res.Problems.Failed(*strict) {
		return 1
	}
	return 0
}

// runMissing lists the briefings without a translation into code.
func runMissing(src, code string, stdout, stderr io.Writer) int {
	res, err := generator.Missing(src, code, time.Now())
	if err != nil {
		printError(stderr, err)
		if errors.Is(err, generator.ErrUsage) {
			return 2
		}
		return 1
	}
	if len(res.Problems) > 0 {
		for _, p := range res.Problems {
			fmt.Fprintln(stderr, p)
		}
		return 1
	}
	for _, p := range res.Paths {
		fmt.Fprintln(stdout, diag.Escape(p))
	}
	fmt.Fprintln(stdout, res.Summary())
	return 0
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", "Usage: brief build [-src DIR] [-out DIR] [-drafts] [-future] [-base-url URL]\n\nValidates the site, renders it and replaces the output folder in one step.\nOn any error nothing is written and the previous output stays as it was.")
	src := fs.String("src", ".", "site root holding site.yaml, content/, templates/, static/")
	out := fs.String("out", "", "output folder (default: public under -src)")
	drafts := fs.Bool("drafts", false, "include drafts, labelled as such")
	future := fs.Bool("future", false, "include briefings dated in the future")
	baseURL := fs.String("base-url", "", "public address of the site, overriding site.yaml's base_url")
	if status, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return status
	}
	if fs.NArg() > 0 {
		return unexpectedArgument(fs.Name(), fs.Args(), stderr)
	}
	keepHeapSmall(buildMemoryLimit)
	res, err := generator.Build(generator.BuildOptions{
		Src: *src, Out: *out, Drafts: *drafts, Future: *future, BaseURL: *baseURL, Now: time.Now(),
	})
	for _, p := range res.Problems {
		fmt.Fprintln(stderr, p)
	}
	if err != nil {
		printError(stderr, err)
		return 1
	}
	fmt.Fprintln(stdout, res.Summary())
	return 0
}

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "Usage: brief serve [-src DIR] [-addr 127.0.0.1:1313] [-drafts=false] [-future]\n\nBuilds the site into .brief-cache/ (removed when it stops), serves it and\nrebuilds on every change to site.yaml, content/, templates/ or static/; open\npages reload by themselves. Drafts are\nshown, labelled, unless -drafts=false. Ctrl-C stops it.\nWith -addr 0.0.0.0:1313 other machines of the network can reach it too.")
	src := fs.String("src", ".", "site root holding site.yaml, content/, templates/, static/")
	addr := fs.String("addr", "127.0.0.1:1313", "address to listen on; other machines can reach the server only if you change it")
	drafts := fs.Bool("drafts", true, "show drafts, labelled as such; -drafts=false shows the site as build publishes it")
	future := fs.Bool("future", false, "include briefings dated in the future")
	if status, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return status
	}
	if fs.NArg() > 0 {
		return unexpectedArgument(fs.Name(), fs.Args(), stderr)
	}
	keepHeapSmall(serveMemoryLimit)
	ctx, stop := interrupt.Context(context.Background())
	defer stop()
	opts, closeSession := serveOptions(*src, *addr, *drafts, *future, stdout, stderr)
	err := serve.Run(ctx, opts)
	if cerr := closeSession(); cerr != nil {
		fmt.Fprintf(stderr, "warning: cannot remove the dev server's files: %v\n", cerr)
	}
	if err != nil {
		printError(stderr, err)
		return 1
	}
	return 0
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("new", `Usage: brief new [-src DIR] -countries "Ukraine, Italy" [-tags ...] [-date YYYY-MM-DD] [-slug SLUG] [-lang LANG] "Title"`+
		"\n       brief new [-src DIR] -lang LANG -from FILE"+
		"\n\nWrites content/briefings/<date>-<slug>.md with front matter to complete (a draft)\nand prints its path. It never overwrites a file."+
		"\n\nWith -lang, a briefing of the edition LANG alone (<date>-<slug>.LANG.md),\nits countries in that language. With -lang and -from, the translation into\nLANG of the briefing in FILE, beside it (x.md → x.LANG.md): the original's\ntitle and summary to translate, the rest taken from the original.\nLANG is a code of languages: in site.yaml.")
	src := fs.String("src", ".", "site root holding site.yaml, content/, templates/, static/")
	countriesFlag := fs.String("countries", "", "countries the briefing concerns, comma-separated (required)")
	tags := fs.String("tags", "", "topics, comma-separated")
	date := fs.String("date", "", "date of the briefing, YYYY-MM-DD (default: today)")
	slug := fs.String("slug", "", "the briefing's address, e.g. italy-talks (default: made from the title, in Latin letters)")
	lang := fs.String("lang", "", "an edition's language, e.g. uk: a briefing of that edition, or with -from a translation")
	from := fs.String("from", "", "the briefing to translate into -lang, e.g. content/briefings/2024-01-10-alpha.md")
	if status, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return status
	}
	var path string
	var err error
	switch {
	case *from != "" && *lang == "":
		fmt.Fprintln(stderr, "error: -from needs -lang, the language to translate into, e.g. brief new -lang uk -from content/briefings/x.md")
		return 2
	case *from != "" && *countriesFlag+*tags+*date+*slug != "":
		fmt.Fprintln(stderr, "error: a translation takes its countries, tags, date and address from its original; leave out -countries, -tags, -date and -slug with -from")
		return 2
	case *from != "":
		if fs.NArg() > 0 {
			return unexpectedArgument(fs.Name(), fs.Args(), stderr)
		}
		path, err = generator.NewTranslation(generator.TranslationOptions{Src: *src, From: *from, Lang: *lang, Now: time.Now()})
	default:
		path, err = generator.NewBriefing(generator.NewOptions{
			Src: *src, Title: strings.Join(fs.Args(), " "), Countries: *countriesFlag, Tags: *tags, Date: *date, Slug: *slug, Lang: *lang, Now: time.Now(),
		})
	}
	if err != nil {
		printError(stderr, err)
		return 1
	}
	fmt.Fprintln(stdout, diag.Escape(path))
	return 0
}

func runSlug(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("slug", "Usage: brief slug [-src DIR] FILE NEW-SLUG\n\nGives the briefing in FILE the slug NEW-SLUG and adds its old address to its\naliases, so that links to it keep working. Only the slug: and aliases: lines\nchange. Exits 0 on success, 1 when the slug cannot be changed, 2 on a wrong\ncommand line.")
	src := fs.String("src", ".", "site root holding site.yaml, content/, templates/, static/")
	if status, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return status
	}
	if fs.NArg() != 2 {
		fmt.Fprintln(stderr, "error: brief slug wants a briefing's file and its new slug, e.g. brief slug content/briefings/x.md italy-talks")
		return 2
	}
	res, err := generator.RenameSlug(*src, fs.Arg(0), fs.Arg(1), time.Now())
	if err != nil {
		printError(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %s is now %s; the old address leads there\n", diag.Escape(res.Path), res.From, res.To)
	return 0
}

// serveOptions wires the dev server to a rebuild session of the site in src,
// and returns what removes the files the session keeps once it is done.
func serveOptions(src, addr string, drafts, future bool, stdout, stderr io.Writer) (serve.Options, func() error) {
	var mu sync.Mutex
	var session *generator.Session
	closeSession := func() error {
		mu.Lock()
		defer mu.Unlock()
		if session == nil {
			return nil
		}
		return session.Close()
	}
	return serve.Options{
		Addr:  addr,
		Root:  src,
		Dirs:  []string{"content", "templates", "static"},
		Files: []string{"site.yaml"},
		Out:   stdout,
		Log:   slog.New(lineHandler{w: stderr}),
		Prepare: func(url string) serve.RebuildFunc {
			s := generator.NewSession(generator.BuildOptions{
				Src: src, Drafts: drafts, Future: future, BaseURL: url,
			})
			mu.Lock()
			session = s
			mu.Unlock()
			return func(changed []string) serve.Result {
				snap := s.Rebuild(changed, time.Now())
				if changed == nil {
					// A full rebuild leaves as much garbage as a build:
					// collected before its pages are shown, so that the
					// collection (about a second at 100,000 briefings)
					// does not run beside the first edits. The memory
					// goes back to the system at the runtime's pace:
					// handing all of it back at once (debug.FreeOSMemory)
					// made the next ten rebuilds of a 100,000-briefing
					// site fault it in again, 130 to 520 ms each instead
					// of 65 to 275 ms.
					runtime.GC()
				}
				lines := make([]string, len(snap.Problems))
				for i, p := range snap.Problems {
					lines[i] = p.String()
				}
				res := serve.Result{
					Problems: lines, Failed: snap.Problems.Errors() > 0,
					Changed: snap.Changed, Redirects: snap.Redirects,
				}
				if snap.Files != nil {
					// A nil *Files in Files would not be a nil Site.
					res.Files, res.Shown = snap.Files, snap.Files.Shown
				}
				return res
			}
		},
	}, closeSession
}

// buildMemoryLimit is the soft heap limit of a build, and serveMemoryLimit
// that of the dev server: raised with the live heap when that comes near
// (limitHeadroom). Their live data is the site's model (bodies are read
// from their files as they are converted, see site.Site.Bodies) and what
// the render keeps for the lists, feeds and search index: about 90 MB at
// 10,000 briefings, where buildGCPercent alone keeps the heap far below
// the limit, and from 100 to 650 MiB over a build of 100,000, whose model
// of small records the collector marks again on every cycle. A limit that
// followed the live heap at 1.75 times kept a cold build of 100,000
// briefings above 1.2 GiB; this one keeps it under 1 GiB with fewer
// cycles. The dev server keeps more (the cache's records, the search
// index as it is updated) and runs a cycle less often when it may use
// more. Figures in bench/NOTES.md. GOMEMLIMIT overrides it (GOMEMLIMIT=off
// removes it).
const (
	buildMemoryLimit = 896 << 20
	serveMemoryLimit = 1280 << 20
)

// buildGCPercent lets garbage grow to 1.25 times the live data between
// collections instead of once: the live data is the site's model, and a
// smaller headroom traded a lower peak for little time (figures in
// bench/NOTES.md). The limit above still bounds the total. GOGC overrides
// it.
const buildGCPercent = 125

// limitHeadroom is how far the soft limit stays above a live heap that
// grows past it: a limit close to the live data makes the collector run
// all the time (at 100,000 briefings, 1.35 times the live heap throughout
// spent 40 % of the build in the collector).
const limitHeadroom = 1.25

// keepHeapSmall sets the collector's pace and the soft heap limit, base
// or limitHeadroom times the live heap, whichever is larger.
func keepHeapSmall(base int64) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(buildGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(base)
	// The limit follows the live heap up, never down, checked often
	// enough to act within a few collections.
	go func() {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		limit := base
		for range time.Tick(10 * time.Millisecond) {
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				return
			}
			if want := int64(float64(sample[0].Value.Uint64()) * limitHeadroom); want > limit {
				limit = want
				debug.SetMemoryLimit(limit)
			}
		}
	}()
}
