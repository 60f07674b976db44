package countries

import (
	"errors"
	"io/fs"
	"os"
	"testing"

	"brief/generator/countries/gen/isogen"
	"brief/generator/countries/gen/isonames"
)

// TestNamesGenIsCurrent fails when names_gen.go no longer matches what
// gen/names makes from the installed iso-codes translations.
func TestNamesGenIsCurrent(t *testing.T) {
	read := func(name string) []byte {
		data, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			t.Skipf("%s is absent (install Debian's iso-codes package to check names_gen.go)", name)
		}
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	isoJSON := read(isogen.DefaultSource)
	catalogues := map[string][]byte{}
	for _, lang := range isonames.Languages {
		catalogues[lang] = read(isonames.Source(lang))
	}
	want, err := isonames.Generate(isoJSON, catalogues)
	if err != nil {
		t.Fatal(err)
	}
	checkGenerated(t, "names_gen.go", want)
}
