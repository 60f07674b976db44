package countries

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"

	"brief/generator/countries/gen/isogen"
)

// TestGeneratedFileIsCurrent fails when iso3166_gen.go no longer matches
// what the generator makes from the installed iso-codes data, i.e. when
// someone edited it by hand or the data was updated without running
// go generate.
func TestGeneratedFileIsCurrent(t *testing.T) {
	data, err := os.ReadFile(isogen.DefaultSource)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent (install Debian's iso-codes package to check iso3166_gen.go)", isogen.DefaultSource)
	}
	if err != nil {
		t.Fatal(err)
	}
	want, err := isogen.Generate(data)
	if err != nil {
		t.Fatal(err)
	}
	checkGenerated(t, "iso3166_gen.go", want)
}

// checkGenerated fails when the committed file name differs from want,
// what its generator makes from the installed data.
func checkGenerated(t *testing.T, name string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date with the installed iso-codes; run go generate ./generator/countries\nfirst difference:\n%s",
			name, firstDifference(string(got), string(want)))
	}
}

func firstDifference(got, want string) string {
	gotLines, wantLines := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(gotLines), len(wantLines)) {
		var g, w string
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g != w {
			return fmt.Sprintf("line %d\n  have: %s\n  want: %s", i+1, g, w)
		}
	}
	return "(none found)"
}
