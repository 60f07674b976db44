//go:build ignore

// Command gen writes dates_gen.go in package i18n: each language's month
// names and the two date patterns the theme writes (a long date, "10 січня
// 2024 р.", and a month of a year, "січень 2024 р."), taken from the
// Unicode CLDR project's own JSON release. It is run by go generate from
// the package directory:
//
//	go generate ./generator/i18n
//
// The data comes as the npm packages cldr-dates-full and cldr-misc-full,
// which the Unicode Consortium publishes with every CLDR release; the
// command fetches them with `npm pack` (npm is needed only here, never to
// build or test brief) and reads them in Go. The JSON is "resolved": every
// locale holds its full data, inheritance already applied.
//
// Why not a Go library? The one at hand, github.com/go-playground/locales,
// is CLDR 32 and has no stand-alone month names: Ukrainian heads a month
// "січень", not "січня", which is the form that follows a day. Its tests
// still compare our long dates with it as an independent check.
//
// A locale is kept when both of its patterns are made of the fields
// package datefmt writes (day, month, year); others fall back to their
// parent language, then English. The file has the ignore build tag so that
// go build ./... and go vet ./... do not compile it.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"brief/generator/i18n/internal/datefmt"
)

// version is the CLDR release read; change it and run go generate again.
const version = "48.2.0"

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	dir := flag.String("cldr", "", "a folder holding the unpacked cldr-dates-full and cldr-misc-full packages (fetched with npm pack when empty)")
	flag.Parse()
	if *dir == "" {
		tmp, err := os.MkdirTemp("", "cldr")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		for _, pkg := range []string{"cldr-dates-full", "cldr-misc-full"} {
			if err := fetch(tmp, pkg); err != nil {
				return err
			}
		}
		*dir = tmp
	}
	datesDir := filepath.Join(*dir, "cldr-dates-full", "main")
	locales, err := os.ReadDir(datesDir)
	if err != nil {
		return err
	}
	table := map[string]entry{}
	var left []string
	for _, l := range locales {
		name := l.Name()
		if name == "root" || name == "und" {
			continue
		}
		e, err := read(*dir, name)
		if err != nil {
			left = append(left, name+" ("+err.Error()+")")
			continue
		}
		table[strings.ReplaceAll(name, "-", "_")] = e
	}
	// A regional locale that writes dates as its parent does is left out:
	// i18n falls back from pt_BR to pt by dropping the last part.
	for name, e := range table {
		if parent, ok := resolve(table, name); ok && parent == e {
			delete(table, name)
		}
	}
	src, err := write(table)
	if err != nil {
		return err
	}
	if err := os.WriteFile("dates_gen.go", src, 0o644); err != nil {
		return err
	}
	sort.Strings(left)
	fmt.Fprintf(os.Stderr, "gen: CLDR %s: %d locales read, %d kept, %d left out: %s\n",
		version, len(locales), len(table), len(left), strings.Join(left, "; "))
	return nil
}

// fetch unpacks the npm package pkg at version into dir/pkg.
func fetch(dir, pkg string) error {
	cmd := exec.Command("npm", "pack", "--silent", pkg+"@"+version)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("npm pack %s@%s: %w", pkg, version, err)
	}
	tgz := filepath.Join(dir, strings.TrimSpace(string(out)))
	f, err := os.Open(tgz)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		// Only the JSON under package/main/ is read; names are checked so
		// that no entry lands outside dir.
		rel, ok := strings.CutPrefix(path.Clean(h.Name), "package/main/")
		if !ok || h.Typeflag != tar.TypeReg || strings.HasPrefix(rel, "..") || !strings.HasSuffix(rel, ".json") {
			continue
		}
		dst := filepath.Join(dir, pkg, "main", filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
	}
}

// entry is one locale's data as written to dates_gen.go.
type entry struct {
	long, yearMonth string
	names           datefmt.Names
	// titleStandAlone: CLDR's context transforms ask for a stand-alone
	// month name starting a text on its own (a heading) to take a
	// capital, as in Ukrainian "Січень 2024 р.".
	titleStandAlone bool
}

type months struct {
	Wide        map[string]string `json:"wide"`
	Abbreviated map[string]string `json:"abbreviated"`
}

// read takes one locale's entry from the unpacked packages.
func read(dir, name string) (entry, error) {
	var cal struct {
		Main map[string]struct {
			Dates struct {
				Calendars struct {
					Gregorian struct {
						Months struct {
							Format     months `json:"format"`
							StandAlone months `json:"stand-alone"`
						} `json:"months"`
						DateFormats struct {
							Long string `json:"long"`
						} `json:"dateFormats"`
						DateTimeFormats struct {
							AvailableFormats map[string]string `json:"availableFormats"`
						} `json:"dateTimeFormats"`
					} `json:"gregorian"`
				} `json:"calendars"`
			} `json:"dates"`
		} `json:"main"`
	}
	if err := readJSON(filepath.Join(dir, "cldr-dates-full", "main", name, "ca-gregorian.json"), &cal); err != nil {
		return entry{}, err
	}
	g := cal.Main[name].Dates.Calendars.Gregorian
	e := entry{long: g.DateFormats.Long, yearMonth: g.DateTimeFormats.AvailableFormats["yMMMM"]}
	for m := 1; m <= 12; m++ {
		k := strconv.Itoa(m)
		e.names.Wide[m-1] = g.Months.Format.Wide[k]
		e.names.Abbreviated[m-1] = g.Months.Format.Abbreviated[k]
		e.names.StandAlone[m-1] = g.Months.StandAlone.Wide[k]
		if e.names.Wide[m-1] == "" || e.names.Abbreviated[m-1] == "" || e.names.StandAlone[m-1] == "" {
			return entry{}, fmt.Errorf("month %d has no name", m)
		}
	}
	for _, p := range []string{e.long, e.yearMonth} {
		if _, err := datefmt.Parse(p); err != nil {
			return entry{}, err
		}
	}

	var misc struct {
		Main map[string]struct {
			ContextTransforms map[string]map[string]string `json:"contextTransforms"`
		} `json:"main"`
	}
	err := readJSON(filepath.Join(dir, "cldr-misc-full", "main", name, "contextTransforms.json"), &misc)
	switch {
	case err == nil:
		e.titleStandAlone = misc.Main[name].ContextTransforms["month-standalone-except-narrow"]["stand-alone"] == "titlecase-firstword"
	case !os.IsNotExist(err):
		return entry{}, err
	}
	return e, nil
}

func readJSON(file string, v any) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

// resolve finds the entry a locale's parents give it, as i18n looks it up:
// "sr_Latn_BA" → "sr_Latn" → "sr".
func resolve(table map[string]entry, name string) (entry, bool) {
	for {
		i := strings.LastIndexByte(name, '_')
		if i < 0 {
			return entry{}, false
		}
		name = name[:i]
		if e, ok := table[name]; ok {
			return e, true
		}
	}
}

func write(table map[string]entry) ([]byte, error) {
	names := make([]string, 0, len(table))
	for n := range table {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by gen/main.go from CLDR %s (cldr-dates-full, cldr-misc-full); DO NOT EDIT.\n\n", version)
	b.WriteString("package i18n\n\nimport \"brief/generator/i18n/internal/datefmt\"\n\n")
	b.WriteString("// cldrDates holds each locale's date patterns and month names, by\n")
	b.WriteString("// locale name (\"uk\", \"pt_BR\"). A regional locale is listed only where\n")
	b.WriteString("// it differs from its parent.\n")
	b.WriteString("var cldrDates = map[string]cldrDate{\n")
	for _, n := range names {
		e := table[n]
		fmt.Fprintf(&b, "\t%q: {long: %q, yearMonth: %q, titleStandAlone: %v, names: datefmt.Names{\n\t\tWide: [12]string{%s},\n\t\tAbbreviated: [12]string{%s},\n\t\tStandAlone: [12]string{%s},\n\t}},\n",
			n, e.long, e.yearMonth, e.titleStandAlone, quoteAll(e.names.Wide[:]), quoteAll(e.names.Abbreviated[:]), quoteAll(e.names.StandAlone[:]))
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}
