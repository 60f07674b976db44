package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"brief/generator"
	"brief/generator/diag"
)

func runInit(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("init", "Usage: brief init [-force] [-theme] [DIR]\n\n"+
		"Starts a new site in DIR (default: the current folder): site.yaml with every\n"+
		"setting explained, an example briefing, a .gitignore for what a build writes\n"+
		"and a GitHub Actions workflow that publishes the site on GitHub Pages.\n"+
		"DIR must be empty (a .git folder aside) unless -force is given; an existing\n"+
		"file is never overwritten.")
	force := fs.Bool("force", false, "write into a folder that holds other files; existing files are kept")
	theme := fs.Bool("theme", false, "also copy the default theme into templates/ and static/, to change it")
	dir, status, ok := parseDirFlags(fs, args, stdout, stderr)
	if !ok {
		return status
	}
	res, err := generator.InitSite(generator.InitOptions{Dir: dir, Force: *force, Theme: *theme})
	if err != nil {
		printError(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "Started a site in %s:\n", diag.Escape(dir))
	for _, f := range res.Written {
		fmt.Fprintf(stdout, "  %s\n", diag.Escape(f))
	}
	for _, f := range res.Kept {
		fmt.Fprintf(stdout, "  %s (exists; left as it was)\n", diag.Escape(f))
	}
	fmt.Fprintln(stdout, "\nNext:")
	if cd := cdCommand(dir); cd != "" {
		fmt.Fprintf(stdout, "  %s\n", cd)
	}
	fmt.Fprintln(stdout, "  brief serve    # preview it at http://127.0.0.1:1313/ as you edit")
	fmt.Fprintln(stdout, "  brief build    # write the site into public/, ready to publish")
	return 0
}

func runTheme(args []string, stdout, stderr io.Writer) int {
	const about = "Usage: brief theme export [DIR]\n\n" +
		"Copies the default theme built into brief, its templates and static files,\n" +
		"into DIR/templates and DIR/static (default DIR: the current folder), where\n" +
		"they override the built-in ones file by file. It never overwrites a file."
	if len(args) == 0 || args[0] != "export" {
		fs := newFlagSet("theme", about)
		if status, ok := parseFlags(fs, args, stdout, stderr); !ok {
			return status
		}
		sub := "nothing"
		if len(args) > 0 {
			sub = fmt.Sprintf("%q", diag.Escape(args[0]))
		}
		fmt.Fprintf(stderr, "error: brief theme wants export, got %s (brief theme export [DIR])\n", sub)
		return 2
	}
	fs := newFlagSet("theme export", about)
	dir, status, ok := parseDirFlags(fs, args[1:], stdout, stderr)
	if !ok {
		return status
	}
	written, err := generator.ExportTheme(dir)
	if err != nil {
		printError(stderr, err)
		return 1
	}
	n := map[bool]int{}
	for _, f := range written {
		n[strings.HasPrefix(f, "templates/")]++
	}
	fmt.Fprintf(stdout, "Copied the default theme into %s: %d templates in templates/, %d files in static/.\n",
		diag.Escape(dir), n[true], n[false])
	fmt.Fprintln(stdout, "Each overrides the built-in file of the same name; delete the ones you do not\nchange, so that they keep following brief's own theme.")
	return 0
}

// parseDirFlags parses the flags of a command that takes one optional
// folder after them, "." by default.
func parseDirFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (dir string, status int, ok bool) {
	if status, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return "", status, false
	}
	switch fs.NArg() {
	case 0:
		return ".", 0, true
	case 1:
		return fs.Arg(0), 0, true
	}
	return "", unexpectedArgument(fs.Name(), fs.Args()[1:], stderr), false
}

// cdCommand is the command that enters dir, or "" when dir is the current
// folder.
func cdCommand(dir string) string {
	if filepath.Clean(dir) == "." {
		return ""
	}
	quoted := dir
	if strings.ContainsAny(dir, " '\"$`\\!*?[]{}()&;|<>~#") {
		quoted = "'" + strings.ReplaceAll(dir, "'", `'\''`) + "'"
	}
	return "cd " + diag.Escape(quoted)
}
