// Command names regenerates names_gen.go in package countries from the
// translations in Debian's iso-codes package. It is run by go generate from
// the package directory:
//
//	go generate ./generator/countries
package main

import (
	"fmt"
	"os"

	"brief/generator/countries/gen/isogen"
	"brief/generator/countries/gen/isonames"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "names:", err)
		os.Exit(1)
	}
}

func run() error {
	isoJSON, err := os.ReadFile(isogen.DefaultSource)
	if err != nil {
		return fmt.Errorf("%w (install the iso-codes package)", err)
	}
	catalogues := map[string][]byte{}
	for _, lang := range isonames.Languages {
		if catalogues[lang], err = os.ReadFile(isonames.Source(lang)); err != nil {
			return fmt.Errorf("%w (install the iso-codes package)", err)
		}
	}
	src, err := isonames.Generate(isoJSON, catalogues)
	if err != nil {
		return err
	}
	return os.WriteFile("names_gen.go", src, 0o644)
}
