package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

	"brief/generator"
	"brief/generator/diag"
)

// Every message brief prints for a person to act on has one shape: a
// problem in a file is "path:line:col: error: …" or "…: warning: …" (see
// diag.Problem), and a problem of the command itself is "error: …". Help
// asked for goes to standard output; help after a mistake to standard
// error, after the error.

// commandNames are the commands run knows, for suggestions.
var commandNames = []string{"build", "serve", "check", "new", "slug", "init", "theme", "help", "version"}

// newFlagSet makes the flag set of a command whose help starts with usage
// (the synopsis and what the command does); the flags follow it.
func newFlagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("brief "+name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses a command's flags. With -h it prints the command's help
// on standard output; after a wrong flag, an error and the help on
// standard error. ok is false when the command must stop, with status.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (status int, ok bool) {
	fs.SetOutput(io.Discard) // the flag package's own report is replaced below
	err := fs.Parse(args)
	switch {
	case err == nil:
		return 0, true
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fs.Usage()
		return 0, false
	}
	fmt.Fprintf(stderr, "error: %s\n\n", diag.Escape(err.Error()))
	fs.SetOutput(stderr)
	fs.Usage()
	return 2, false
}

// unexpectedArgument reports the first of the arguments a command did not
// expect (extra); a flag after it is the likely slip.
func unexpectedArgument(name string, extra []string, stderr io.Writer) int {
	hint := "it takes no more arguments besides its flags"
	if slices.ContainsFunc(extra, func(a string) bool { return strings.HasPrefix(a, "-") }) {
		hint = "flags go before other arguments"
	}
	fmt.Fprintf(stderr, "error: %s: unexpected argument %q (%s; see %s -h)\n", name, diag.Escape(extra[0]), hint, name)
	return 2
}

// printError prints an error of a command as one line.
func printError(stderr io.Writer, err error) {
	fmt.Fprintf(stderr, "error: %s\n", diag.Escape(err.Error()))
}

// runHelp prints brief's help, or a command's: "brief help build" is
// "brief build -h".
func runHelp(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		fmt.Fprint(stdout, usage)
		return 0
	case len(args) > 1:
		fmt.Fprintf(stderr, "error: brief help takes one command, e.g. brief help build\n")
		return 2
	}
	switch args[0] {
	case "help", "version":
		fmt.Fprint(stdout, usage)
		return 0
	case "theme":
		return runTheme([]string{"-h"}, stdout, stderr)
	}
	if !slices.Contains(commandNames, args[0]) {
		return unknownCommand(args[0], stderr)
	}
	return run([]string{args[0], "-h"}, stdout, stderr)
}

// unknownCommand reports a command brief does not know, with the nearest
// one it does.
func unknownCommand(name string, stderr io.Writer) int {
	hint := ""
	if near := generator.Nearest(name, commandNames); near != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", near)
	}
	fmt.Fprintf(stderr, "error: unknown command %q%s\n\n%s", diag.Escape(name), hint, usage)
	return 2
}

// lineHandler prints the dev server's log records in the shape of brief's
// other messages: "warning: watching: too many open files".
type lineHandler struct {
	w     io.Writer
	attrs []slog.Attr
}

func (h lineHandler) Enabled(_ context.Context, level slog.Level) bool {
	return level >= slog.LevelInfo
}

func (h lineHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	switch {
	case r.Level >= slog.LevelError:
		b.WriteString("error: ")
	case r.Level >= slog.LevelWarn:
		b.WriteString("warning: ")
	}
	b.WriteString(r.Message)
	write := func(a slog.Attr) bool {
		if a.Key == "err" {
			fmt.Fprintf(&b, ": %v", a.Value)
		} else {
			fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		}
		return true
	}
	for _, a := range h.attrs {
		write(a)
	}
	r.Attrs(write)
	_, err := fmt.Fprintln(h.w, diag.Escape(b.String()))
	return err
}

func (h lineHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return lineHandler{w: h.w, attrs: append(slices.Clip(h.attrs), attrs...)}
}

func (h lineHandler) WithGroup(string) slog.Handler { return h }
