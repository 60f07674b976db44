package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"brief/generator/diag"
	"brief/generator/i18n/internal/datefmt"
	"brief/generator/internal/editdist"
)

// DateFormatKey is the key under which a translation file may give the
// language's date format, as a CLDR pattern ("d MMMM y"). It is not a
// phrase: it is looked up in the language's own files only, never in
// English ones, and a language without one gets CLDR's long format.
const DateFormatKey = "date_format"

// Files says where one set of translation files is: the folder Dir of FS
// holds a file <code>.yaml per language ("i18n/uk.yaml"). Shown is that
// folder as the author sees it, for the paths problems are reported at:
// "templates/i18n" for the built-in theme, "i18n" for a site's own.
type Files struct {
	FS    fs.FS // nil when there are none
	Dir   string
	Shown string
}

// Catalog is the theme's words in one language: each key's text in that
// language where a translation file gives it, else in English. It is
// read-only once loaded and safe for concurrent use.
type Catalog struct {
	lang Lang
	msgs map[string]*message
	date datefmt.Pattern // nil: CLDR's long format
}

// message is one key's text. A counted phrase has forms, by plural
// category; a plain one has text. lang is the language of the file it came
// from, whose plural rules choose among its forms: an English phrase
// standing in for a missing Ukrainian one must be counted as English.
type message struct {
	text  string
	forms map[string]string
	lang  Lang
}

// layer is one translation file to read.
type layer struct {
	files Files
	lang  Lang
	site  bool // the site's own file, not the theme's
}

// Load reads the catalogue of a language. Each key is taken from the first
// of these files that has it: the site's file for the language, the
// theme's, then the same two for the language without its region (pt for
// pt-BR), then the site's and the theme's English. So a site overrides the
// theme key by key, and a key no file of the language has reads in
// English. A missing file is no problem; a file that is wrong is reported,
// and the keys it does give well are still used.
//
// Problems read `path:line:col: error: message (hint)`: a file that is not
// YAML, a key set twice, a value that is neither text nor a set of plural
// forms, a plural form the language does not have or a missing "other", a
// placeholder the English text of the key does not have, and a
// date_format that is not a pattern Catalog.Date can write. A counted
// phrase that lacks a form its language uses is a warning ("other" stands
// in for it).
func Load(l Lang, theme, site Files) (*Catalog, diag.List) {
	var layers []layer
	added := map[Lang]bool{}
	add := func(lang Lang) {
		if added[lang] {
			return
		}
		added[lang] = true
		for j, f := range []Files{site, theme} {
			if f.FS != nil {
				layers = append(layers, layer{files: f, lang: lang, site: j == 0})
			}
		}
	}
	add(l)
	if base, _ := l.tag.Base(); base.String() != l.Code() {
		if parent, err := Parse(base.String()); err == nil {
			add(parent)
		}
	}
	add(English)

	// English is read first: it is the reference every translation's
	// placeholders are checked against.
	var problems diag.List
	read := make([]map[string]*entry, len(layers))
	reference := map[string]*entry{}
	for pass := range 2 {
		for i, ly := range layers {
			if (ly.lang == English) != (pass == 0) {
				continue
			}
			var ref map[string]*entry
			if pass == 1 {
				ref = reference
			}
			read[i] = readFile(ly, ref, &problems)
			if pass == 0 {
				for k, e := range read[i] {
					if _, seen := reference[k]; !seen {
						reference[k] = e
					}
				}
			}
		}
	}

	warnMisspelt(layers, read, &problems)

	c := &Catalog{lang: l, msgs: map[string]*message{}}
	for i, ly := range layers {
		for k, e := range read[i] {
			if k == DateFormatKey {
				if c.date == nil && ly.lang == l && e.pattern != nil {
					c.date = e.pattern
				}
				continue
			}
			if _, ok := c.msgs[k]; !ok && e.msg != nil {
				c.msgs[k] = e.msg
			}
		}
	}
	problems.Sort()
	return c, problems
}

// warnMisspelt warns of a key of a site's file that the theme does not
// have but has one close to ("soruces" for "sources"): a slip that would
// otherwise leave the theme's word in place without a word said. A key
// far from all of the theme's is the site's own, for its own templates.
func warnMisspelt(layers []layer, read []map[string]*entry, problems *diag.List) {
	var known []string
	for i, ly := range layers {
		if !ly.site && ly.lang == English {
			for k := range read[i] {
				known = append(known, k)
			}
		}
	}
	slices.Sort(known) // ties in Nearest go to the first: the same every time
	for i, ly := range layers {
		if !ly.site {
			continue
		}
		for k, e := range read[i] {
			if k == DateFormatKey || slices.Contains(known, k) {
				continue
			}
			if near := editdist.Nearest(k, known); near != "" {
				problems.Warnf(path.Join(ly.files.Shown, ly.lang.Code()+".yaml"), e.line, e.col, fmt.Sprintf("did you mean %q?", near),
					"the theme has no key %q, so it changes nothing", k)
			}
		}
	}
}

// entry is a key as read from one file, with where it was written.
type entry struct {
	msg       *message
	pattern   datefmt.Pattern // for date_format
	line, col int
}

// readFile reads one translation file; a file that does not exist gives
// nothing. Keys found wrong are reported and left out. ref holds the
// English entries, against which placeholders are checked; nil when the
// file is itself English.
func readFile(ly layer, ref map[string]*entry, problems *diag.List) map[string]*entry {
	name := ly.lang.Code() + ".yaml"
	shown := path.Join(ly.files.Shown, name)
	src, err := fs.ReadFile(ly.files.FS, path.Join(ly.files.Dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		problems.Errorf(shown, 0, 0, "", "cannot read the translation file: %v", err)
		return nil
	}
	file, err := parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		line, col, msg := 1, 1, err.Error()
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil {
			line, col, msg = ye.GetToken().Position.Line, ye.GetToken().Position.Column, ye.GetMessage()
		}
		problems.Errorf(shown, line, col, "write one key per line, as key: text", "invalid YAML: %s", msg)
		return nil
	}
	if len(file.Docs) == 0 || file.Docs[0].Body == nil {
		return nil
	}
	pairs, ok := mappingPairs(file.Docs[0].Body)
	if !ok {
		line, col := at(file.Docs[0].Body)
		problems.Errorf(shown, line, col, "write one key per line, as key: text", "a translation file must be a set of keys")
		return nil
	}

	r := fileReader{shown: shown, lang: ly.lang, ref: ref, problems: problems}
	out := map[string]*entry{}
	for _, p := range pairs {
		line, col := at(p.Key)
		key, ok := scalar(p.Key)
		if !ok {
			problems.Errorf(shown, line, col, "write the key as plain text", "a key must be plain text")
			continue
		}
		if prev, dup := out[key]; dup {
			problems.Errorf(shown, line, col, "remove one of them", "key %q is set twice (first on line %d)", key, prev.line)
			continue
		}
		e := &entry{line: line, col: col}
		out[key] = e
		if key == DateFormatKey {
			e.pattern = r.datePattern(p.Value)
		} else {
			e.msg = r.message(key, p.Value, line, col)
		}
	}
	return out
}

// fileReader checks the entries of one file.
type fileReader struct {
	shown    string
	lang     Lang
	ref      map[string]*entry
	problems *diag.List
}

func (r fileReader) datePattern(v ast.Node) datefmt.Pattern {
	line, col := at(v)
	text, ok := scalar(v)
	if !ok {
		r.problems.Errorf(r.shown, line, col, `write a pattern such as "d MMMM y"`, "%s must be text", DateFormatKey)
		return nil
	}
	p, err := datefmt.Parse(text)
	if err != nil {
		r.problems.Errorf(r.shown, line, col, "a pattern may hold "+datefmt.Supported, "%v", err)
		return nil
	}
	return p
}

// message reads a key's value; line and col are where the key is written,
// at which a problem of the whole phrase is reported.
func (r fileReader) message(key string, v ast.Node, line, col int) *message {
	vl, vc := at(v)
	if text, ok := scalar(v); ok {
		if !r.placeholdersKnown(key, text, false, vl, vc) {
			return nil
		}
		return &message{text: text, lang: r.lang}
	}
	pairs, ok := mappingPairs(v)
	if !ok {
		r.problems.Errorf(r.shown, vl, vc, `write text, or plural forms such as {one: "{count} briefing", other: "{count} briefings"}`,
			"the value of %q is neither text nor a set of plural forms", key)
		return nil
	}
	uses := PluralForms(r.lang)
	forms := map[string]string{}
	good := true
	for _, p := range pairs {
		fl, fc := at(p.Key)
		form, _ := scalar(p.Key)
		if !slices.Contains(uses, form) {
			good = false
			r.problems.Errorf(r.shown, fl, fc, fmt.Sprintf("%s uses %s", languageName(r.lang), list(uses)),
				"%q is not a plural form of %s", form, languageName(r.lang))
			continue
		}
		vl, vc := at(p.Value)
		text, ok := scalar(p.Value)
		if !ok {
			good = false
			r.problems.Errorf(r.shown, vl, vc, "", "plural form %q of %q must be text", form, key)
			continue
		}
		if !r.placeholdersKnown(key, text, true, vl, vc) {
			good = false
			continue
		}
		forms[form] = text
	}
	if !good {
		return nil
	}
	if _, ok := forms[Other]; !ok {
		r.problems.Errorf(r.shown, line, col, "every counted phrase needs an other form, which stands in for any form left out",
			"the plural forms of %q lack \"other\"", key)
		return nil
	}
	var missing []string
	for _, f := range uses {
		if _, ok := forms[f]; !ok {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		r.problems.Warnf(r.shown, line, col, fmt.Sprintf("%s uses %s", languageName(r.lang), list(uses)),
			"the plural forms of %q lack %s; \"other\" stands in", key, list(missing))
	}
	return &message{forms: forms, lang: r.lang}
}

var placeholder = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// placeholdersKnown reports whether every placeholder of a translation is
// one the English text of the key has (or {count}, in a counted phrase),
// and reports the first that is not. English files, and keys English does
// not have (a site's own), are not checked.
func (r fileReader) placeholdersKnown(key, text string, counted bool, line, col int) bool {
	if r.ref == nil {
		return true
	}
	en, ok := r.ref[key]
	if !ok || en.msg == nil {
		return true
	}
	known := en.msg.placeholders()
	if counted && !slices.Contains(known, "count") {
		known = append(known, "count")
		slices.Sort(known)
	}
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(known, m[1]) {
			hint := "the English text has no placeholders"
			if len(known) > 0 {
				braced := make([]string, len(known))
				for i, k := range known {
					braced[i] = "{" + k + "}"
				}
				hint = "the English text has " + list(braced)
			}
			r.problems.Errorf(r.shown, line, col, hint, "unknown placeholder %s in %q", m[0], key)
			return false
		}
	}
	return true
}

// placeholders lists the names of a message's placeholders, sorted.
func (m *message) placeholders() []string {
	var names []string
	add := func(s string) {
		for _, p := range placeholder.FindAllStringSubmatch(s, -1) {
			names = append(names, p[1])
		}
	}
	add(m.text)
	for _, f := range m.forms {
		add(f)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// mappingPairs returns the key-value pairs of a mapping node, block or
// flow; ok is false for any other node.
func mappingPairs(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch n := n.(type) {
	case *ast.MappingNode:
		return n.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{n}, true
	}
	return nil, false
}

// scalar returns the text of a scalar node: a string as written, a number
// or boolean as written ("yes" stays "yes"). Nulls, lists, mappings,
// anchors and aliases are not text.
func scalar(n ast.Node) (string, bool) {
	switch n := n.(type) {
	case *ast.StringNode:
		return n.Value, true
	case *ast.LiteralNode:
		return n.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, true
	}
	return "", false
}

func at(n ast.Node) (int, int) {
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line, tk.Position.Column
	}
	return 1, 1
}

// languageName is a language's English name, for messages to the author.
func languageName(l Lang) string {
	if n := englishName(l); n != "" {
		return n
	}
	return l.Code()
}

// list joins words as "a, b and c".
func list(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// Lang is the catalogue's language.
func (c *Catalog) Lang() Lang { return c.lang }

// Has reports whether some file, in the language or in English, gives the
// key.
func (c *Catalog) Has(key string) bool { _, ok := c.msgs[key]; return ok }

// Keys lists every key the catalogue has, sorted.
func (c *Catalog) Keys() []string {
	keys := make([]string, 0, len(c.msgs))
	for k := range c.msgs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// T returns the text of a key with its placeholders filled from args,
// given as name-value pairs: T("published_by", "publisher", "Acme")
// fills {publisher}. A placeholder without a value is left as written, so
// the omission shows. A key no file gives is returned as it is, for the
// same reason; Has tells beforehand. A counted phrase gives its "other"
// form.
func (c *Catalog) T(key string, args ...any) string {
	m, ok := c.msgs[key]
	if !ok {
		return key
	}
	text := m.text
	if m.forms != nil {
		text = m.forms[Other]
	}
	return fill(text, args)
}

// N returns the form of a counted phrase that n takes in the language of
// the file the phrase came from, with {count} filled by n and other
// placeholders from args as in T: N("briefings", 5) is "5 брифінгів" in
// Ukrainian. A plain text key gives its text, with {count} filled.
func (c *Catalog) N(key string, n int, args ...any) string {
	m, ok := c.msgs[key]
	if !ok {
		return key
	}
	text := m.text
	if m.forms != nil {
		var found bool
		if text, found = m.forms[PluralForm(m.lang, n)]; !found {
			text = m.forms[Other]
		}
	}
	return fill(text, append([]any{"count", strconv.Itoa(n)}, args...))
}

// Export gives the texts of keys for a script to fill in the reader's
// browser, as JSON would hold them: a plain key's text as a string, a
// counted phrase's forms by plural category with "lang", the language
// whose plural rules choose among them (the browser's Intl.PluralRules
// knows CLDR's rules as PluralForm does). A key no file gives is left out,
// and the script shows the key instead, as T does.
func (c *Catalog) Export(keys ...string) map[string]any {
	out := make(map[string]any, len(keys))
	for _, k := range keys {
		m, ok := c.msgs[k]
		switch {
		case !ok:
		case m.forms == nil:
			out[k] = m.text
		default:
			forms := make(map[string]string, len(m.forms)+1)
			for form, text := range m.forms {
				forms[form] = text
			}
			forms["lang"] = m.lang.Code()
			out[k] = forms
		}
	}
	return out
}

// fill replaces each {name} in text whose name args gives a value for.
func fill(text string, args []any) string {
	if len(args) == 0 || !strings.Contains(text, "{") {
		return text
	}
	return placeholder.ReplaceAllStringFunc(text, func(m string) string {
		name := m[1 : len(m)-1]
		for i := 0; i+1 < len(args); i += 2 {
			if fmt.Sprint(args[i]) == name {
				return fmt.Sprint(args[i+1])
			}
		}
		return m
	})
}

// Date writes a date in the catalogue's language: by the date_format its
// own translation files give, such as "d MMMM y" ("10 січня 2024"), or
// else by CLDR's long format for the language (see FormatDate). Month
// names come from CLDR either way.
func (c *Catalog) Date(t time.Time) string {
	d := datesFor(c.lang)
	if c.date != nil {
		return c.date.Format(&d.names, t)
	}
	return d.long.Format(&d.names, t)
}

// MonthName is a month's name standing alone in the catalogue's language
// (see MonthName).
func (c *Catalog) MonthName(m time.Month) string { return MonthName(c.lang, m) }

// YearMonth writes a month of a year as a heading in the catalogue's
// language (see YearMonth).
func (c *Catalog) YearMonth(t time.Time) string { return YearMonth(c.lang, t) }

// ownKeys lists the keys that the language's own file in files gives, for
// tests that compare translation files.
func (c *Catalog) ownKeys(files Files) []string {
	var problems diag.List
	var keys []string
	for k := range readFile(layer{files: files, lang: c.lang}, nil, &problems) {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
