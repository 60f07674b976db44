//go:build ignore

// Command gen writes dates_gen.go in package i18n: each language's long
// date format and month names, taken from github.com/go-playground/locales
// (which is generated from CLDR). It is run by go generate from the package
// directory:
//
//	go generate ./generator/i18n
//
// Why not import the locales' packages directly? There are 764 of them;
// importing them all adds several megabytes to brief and minutes to a cold
// build, and importing a chosen few would leave every other language in
// English. What a briefing date needs from each is small: a pattern and
// two lists of month names. So this command asks every locale package for
// its long dates and month names (through a throw-away program that
// imports them all), works out the CLDR pattern behind each locale's
// output, and keeps a locale only when that pattern, formatted by the very
// code i18n uses (package datefmt), gives the library's output for every
// one of a few hundred dates. A locale whose output cannot be explained so
// is left out, and i18n falls back to its parent language, then English.
//
// The file has the ignore build tag so that go build ./... and go vet ./...
// do not compile it.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"brief/generator/i18n/internal/datefmt"
)

const module = "github.com/go-playground/locales"

// probeDates are the dates every locale's output is checked on. The first
// is the one patterns are read from: its day, month and year share no
// digits, so each number in the output says which field it is.
var probeDates = func() []time.Time {
	ds := []time.Time{time.Date(2034, 11, 23, 12, 0, 0, 0, time.UTC)}
	for _, y := range []int{2024, 1999, 2009} {
		for m := time.January; m <= time.December; m++ {
			for _, d := range []int{1, 5, 10, 23, 28} {
				ds = append(ds, time.Date(y, m, d, 12, 0, 0, 0, time.UTC))
			}
		}
	}
	return ds
}()

// probed is what the throw-away program reports for one locale.
type probed struct {
	Name       string
	Wide, Abbr []string
	Long       []string // FmtDateLong of each of probeDates, in order
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}} {{.Version}}", module).Output()
	if err != nil {
		return fmt.Errorf("go list -m %s: %w (is it in go.mod?)", module, err)
	}
	dir, version, _ := strings.Cut(strings.TrimSpace(string(out)), " ")

	names, err := localeNames(dir)
	if err != nil {
		return err
	}
	results, err := probe(names)
	if err != nil {
		return err
	}

	table := make(map[string]entry)
	var failed []string
	for _, r := range results {
		e, ok := explain(r)
		if !ok {
			failed = append(failed, r.Name)
			continue
		}
		table[r.Name] = e
	}
	// A regional locale that writes dates as its parent does is left out:
	// i18n falls back from pt_BR to pt by dropping the last part.
	for name, e := range table {
		if parent, ok := resolve(table, name); ok && parent == e {
			delete(table, name)
		}
	}

	src, err := write(table, version)
	if err != nil {
		return err
	}
	if err := os.WriteFile("dates_gen.go", src, 0o644); err != nil {
		return err
	}
	sort.Strings(failed)
	fmt.Fprintf(os.Stderr, "gen: %d locales probed, %d kept, %d left out (long date not made of day, month and year, or the library panics): %s\n",
		len(results), len(table), len(failed), strings.Join(failed, " "))
	return nil
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

// localeNames lists the module's locale packages: the folders holding a Go
// file of their own name ("uk/uk.go") with a New function (which leaves
// out "currency"). "root" is CLDR's language-neutral locale, not a
// language.
func localeNames(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() || n == "root" {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, n, n+".go"))
		if err == nil && bytes.Contains(src, []byte("\nfunc New() locales.Translator")) {
			names = append(names, n)
		}
	}
	return names, nil
}

// probe builds and runs a program that imports every locale package and
// prints what each says, as JSON. It lives in a folder whose name starts
// with "_", which go build ./... ignores, and is removed afterwards.
func probe(names []string) ([]probed, error) {
	tmp, err := os.MkdirTemp(".", "_cldrprobe")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	var src bytes.Buffer
	src.WriteString("package main\n\nimport (\n\t\"encoding/json\"\n\t\"os\"\n\t\"time\"\n\n\t\"" + module + "\"\n")
	for i, n := range names {
		fmt.Fprintf(&src, "\tl%d %q\n", i, module+"/"+n)
	}
	src.WriteString(")\n\nvar all = []func() locales.Translator{\n")
	for i := range names {
		fmt.Fprintf(&src, "\tl%d.New,\n", i)
	}
	src.WriteString("}\n\nvar dates = []time.Time{\n")
	for _, d := range probeDates {
		fmt.Fprintf(&src, "\ttime.Date(%d, %d, %d, 12, 0, 0, 0, time.UTC),\n", d.Year(), d.Month(), d.Day())
	}
	src.WriteString(`}

type probed struct {
	Name       string
	Wide, Abbr []string
	Long       []string
}

// ask reports one locale. Some locales' tables are short (ar_DZ has 8
// month names) and their formatting panics: such a locale is reported
// without dates and left out.
func ask(l locales.Translator) (p probed) {
	p.Name = l.Locale()
	defer func() {
		if recover() != nil {
			p.Long = nil
		}
	}()
	p.Wide, p.Abbr = l.MonthsWide(), l.MonthsAbbreviated()
	for _, d := range dates {
		p.Long = append(p.Long, l.FmtDateLong(d))
	}
	return p
}

func main() {
	var out []probed
	for _, n := range all {
		out = append(out, ask(n()))
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
`)
	if err := os.WriteFile(filepath.Join(tmp, "main.go"), src.Bytes(), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command("go", "run", "./"+filepath.Base(tmp))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("running the probe: %w", err)
	}
	var results []probed
	if err := json.Unmarshal(out, &results); err != nil {
		return nil, err
	}
	return results, nil
}

// entry is one locale's data as written to dates_gen.go.
type entry struct {
	long  string
	names datefmt.Names
}

// explain finds the pattern behind a locale's long dates, or reports that
// there is none made of day, month and year alone.
func explain(p probed) (entry, bool) {
	if len(p.Wide) != 12 || len(p.Abbr) != 12 || len(p.Long) != len(probeDates) {
		return entry{}, false
	}
	var e entry
	copy(e.names.Wide[:], p.Wide)
	copy(e.names.Abbreviated[:], p.Abbr)

	first := probeDates[0]
	// Cut the first output into fields and literal text. Longer tokens go
	// first, so that "2034" is not read as "20" and "34".
	tokens := []struct{ text, field string }{
		{fmt.Sprint(first.Year()), "y"},
		{e.names.Wide[first.Month()-1], "MMMM"},
		{e.names.Abbreviated[first.Month()-1], "MMM"},
		{fmt.Sprint(first.Day()), "d"},
		{fmt.Sprint(int(first.Month())), "M"},
	}
	for _, pad := range [][2]string{{"d", "M"}, {"dd", "M"}, {"d", "MM"}, {"dd", "MM"}} {
		var b strings.Builder
		rest := p.Long[0]
	scan:
		for rest != "" {
			for _, tk := range tokens {
				if tk.text != "" && strings.HasPrefix(rest, tk.text) {
					f := tk.field
					switch f {
					case "d":
						f = pad[0]
					case "M":
						f = pad[1]
					}
					b.WriteString(f)
					rest = rest[len(tk.text):]
					continue scan
				}
			}
			// Literal text up to the next token.
			next := len(rest)
			for _, tk := range tokens {
				if i := strings.Index(rest[1:], tk.text); tk.text != "" && i >= 0 && i+1 < next {
					next = i + 1
				}
			}
			b.WriteString(datefmt.Quote(rest[:next]))
			rest = rest[next:]
		}
		pattern, err := datefmt.Parse(b.String())
		if err != nil {
			continue
		}
		ok := true
		for i, d := range probeDates {
			if pattern.Format(&e.names, d) != p.Long[i] {
				ok = false
				break
			}
		}
		if ok {
			e.long = b.String()
			return e, true
		}
	}
	return entry{}, false
}

func write(table map[string]entry, version string) ([]byte, error) {
	names := make([]string, 0, len(table))
	for n := range table {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by gen/main.go from %s %s; DO NOT EDIT.\n\n", module, version)
	b.WriteString("package i18n\n\nimport \"brief/generator/i18n/internal/datefmt\"\n\n")
	b.WriteString("// cldrDates holds each locale's long date pattern and month names, by\n")
	b.WriteString("// locale name (\"uk\", \"pt_BR\"). A regional locale is listed only where\n")
	b.WriteString("// it differs from its parent.\n")
	b.WriteString("var cldrDates = map[string]cldrDate{\n")
	for _, n := range names {
		e := table[n]
		fmt.Fprintf(&b, "\t%q: {long: %q, names: datefmt.Names{\n\t\tWide: [12]string{%s},\n\t\tAbbreviated: [12]string{%s},\n\t}},\n",
			n, e.long, quoteAll(e.names.Wide[:]), quoteAll(e.names.Abbreviated[:]))
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
