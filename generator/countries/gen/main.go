// Command gen regenerates iso3166_gen.go in package countries from Debian's
// iso-codes data. It is run by go generate from the package directory:
//
//	go generate ./generator/countries
//
// The flags exist so the conversion can be run against another copy of the
// JSON or written elsewhere for comparison.
package main

import (
	"flag"
	"fmt"
	"os"

	"brief/generator/countries/gen/isogen"
)

func main() {
	in := flag.String("in", isogen.DefaultSource, "iso-codes ISO 3166-1 JSON file to read")
	out := flag.String("o", "iso3166_gen.go", "Go file to write")
	flag.Parse()

	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return fmt.Errorf("%w (install the iso-codes package or pass -in)", err)
	}
	src, err := isogen.Generate(data)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	return os.WriteFile(out, src, 0o644)
}
