package render

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"brief/generator/diag"
	"brief/generator/i18n"
	"brief/generator/internal/digest"
	"brief/generator/internal/leftover"
	"brief/generator/internal/overlay"
)

// Page kinds and the template file that renders each.
var kindFiles = []string{"briefing.html", "home.html", "list.html", "countries.html", "tags.html", "archive.html", "archive-year.html", "search.html", "page.html", "404.html",
	"corrections.html", "stories.html", "story.html", "alias.html"}

// TemplatesDir is where a site keeps templates that override the theme's.
const TemplatesDir = "templates"

// theme holds one parsed template set per page kind: base.html and the
// partials, plus the kind's own file defining "main".
type theme struct {
	kinds map[string]*template.Template
	base  *template.Template // base.html and the partials alone
	// levels[k] renders partials called k deep: each level's partial
	// function executes in the next, so that a partial that includes
	// itself stops at the last level with an error instead of exhausting
	// the stack.
	levels []*template.Template
	// digest fingerprints every template file's name and bytes: all a page
	// can take from the theme.
	digest uint64
	// memo holds partials rendered during the current render; see
	// partial.
	memo atomic.Pointer[partialMemo]
	// cat is the theme's words in the language of the edition it renders
	// (a theme is parsed once per language: t and n are bound to it).
	cat *i18n.Catalog
	// warnings are those found when the theme was parsed: a theme taken
	// from the cache reports them again, as the files that cause them are
	// still there.
	warnings diag.List
}

// partialMemo is a bounded memo: when it is full it starts again empty.
// The entries that recur (a briefing among the related briefings of its
// neighbours) recur close together, and an unbounded memo of a large site
// held tens of megabytes of entries most of which were never asked for
// again.
type partialMemo struct {
	entries sync.Map // memoKey → template.HTML
	size    atomic.Int64
}

// memoSize bounds the entries a memo holds.
const memoSize = 4096

// Digest stands for the whole theme in cache keys.
func (t *theme) Digest() uint64 { return t.digest }

type memoKey struct {
	name string
	data uint64
}

// Funcs are the functions templates may call besides Go's built-ins.
//
//	partial NAME DATA  renders the template NAME with DATA, like
//	                   {{template NAME DATA}}, but renders each distinct
//	                   DATA only once per render however many pages show
//	                   it: a large site's lists hold the same entries
//	                   again and again.
//	t KEY [NAME VALUE]...    the theme's words for KEY in the page's
//	                         language (templates/i18n/<code>.yaml), with
//	                         its {NAME} placeholders filled
//	n KEY COUNT [NAME VALUE]...  the form of a counted phrase that COUNT
//	                         takes in the language ("5 брифінгів")
//	th KEY [NAME VALUE]...   t for a phrase with markup in it: the text
//	                         is escaped, and a VALUE that is already HTML
//	                         (link, partial) goes in as it is
//	link URL TEXT            <a href="URL">TEXT</a>, both escaped, for th
//	words KEY...             the texts of KEYs for a script to fill in
//	                         the browser, as JSON (search.html)
func (t *theme) funcs(level int) template.FuncMap {
	return template.FuncMap{
		"partial": func(name string, data any) (template.HTML, error) {
			return t.partial(level, name, data)
		},
		"t": func(key string, args ...any) string { return t.cat.T(key, args...) },
		"n": func(key string, count int, args ...any) string { return t.cat.N(key, count, args...) },
		"th": func(key string, args ...any) template.HTML {
			// The text is escaped with its placeholders in it (escaping
			// leaves braces and names alone), then each placeholder is
			// filled in one pass, so that a value holding "{name}" is
			// not filled in turn: escaped, or as it is when it is HTML.
			values := map[string]string{}
			for i := 0; i+1 < len(args); i += 2 {
				v, ok := args[i+1].(template.HTML)
				if !ok {
					v = template.HTML(template.HTMLEscapeString(fmt.Sprint(args[i+1])))
				}
				values[fmt.Sprint(args[i])] = string(v)
			}
			return template.HTML(thPlaceholder.ReplaceAllStringFunc(template.HTMLEscapeString(t.cat.T(key)), func(m string) string {
				if v, ok := values[m[1:len(m)-1]]; ok {
					return v
				}
				return m
			}))
		},
		// words hands a script the texts it shows (see Catalog.Export),
		// for a <script type="application/json"> block: html/template
		// writes the map as JSON, escaped for that place.
		"words": func(keys ...string) map[string]any { return t.cat.Export(keys...) },
		// link is for the addresses the render made (views' URL fields),
		// which need no filtering of schemes.
		"link": func(url, text string) template.HTML {
			return template.HTML(`<a href="` + template.HTMLEscapeString(url) + `">` + template.HTMLEscapeString(text) + `</a>`)
		},
	}
}

// thPlaceholder is a placeholder of a phrase, as th fills it.
var thPlaceholder = regexp.MustCompile(`\{\w+\}`)

// maxPartialDepth bounds how deeply partials may include partials; the
// default theme nests them one deep.
const maxPartialDepth = 16

// partialDepthError is a partial nested deeper than maxPartialDepth.
type partialDepthError struct {
	name     string
	location string // "partials/x.html:3:5", where the partial is defined
}

func (e *partialDepthError) Error() string {
	return fmt.Sprintf("partial %q is nested more than %d deep", e.name, maxPartialDepth)
}

// partial is memoised under the name and the fingerprint of the data
// itself, so that no entry can stand for data it was not rendered from;
// within one render the templates do not change.
func (t *theme) partial(level int, name string, data any) (template.HTML, error) {
	if level >= len(t.levels) {
		e := &partialDepthError{name: name}
		if tmpl := t.base.Lookup(name); tmpl != nil && tmpl.Tree != nil {
			e.location, _ = tmpl.Tree.ErrorContext(tmpl.Tree.Root)
		}
		return "", e
	}
	memo := t.memo.Load()
	k := memoKey{name, digest.Of(data)}
	if memo != nil {
		if html, hit := memo.entries.Load(k); hit {
			return html.(template.HTML), nil
		}
	}
	var b strings.Builder
	if err := t.levels[level].ExecuteTemplate(&b, name, data); err != nil {
		// One error for the whole chain of calls, not one wrapped in
		// another at every level.
		var deep *partialDepthError
		if errors.As(err, &deep) {
			return "", deep
		}
		return "", err
	}
	html := template.HTML(b.String())
	if memo != nil {
		if memo.size.Add(1) > memoSize {
			t.memo.CompareAndSwap(memo, new(partialMemo))
		} else {
			memo.entries.Store(k, html)
		}
	}
	return html, nil
}

// resetMemo forgets the partials of the previous render, so that the memo
// holds one render's entries at most.
func (t *theme) resetMemo() { t.memo.Store(new(partialMemo)) }

// loadTheme parses the theme. fsys holds base.html, partials/*.html and one
// file per page kind at its root.
func loadTheme(fsys fs.FS, sum uint64, lang i18n.Lang) (*theme, diag.List) {
	themeWords, siteWords := catalogFiles(fsys)
	cat, probs := i18n.Load(lang, themeWords, siteWords)
	if probs.Errors() > 0 {
		return nil, probs
	}
	t := &theme{kinds: map[string]*template.Template{}, digest: sum, cat: cat}
	base := template.New("theme").Funcs(t.funcs(1))
	t.base = base
	files := []string{"base.html"}
	partials, _ := fs.Glob(fsys, "partials/*.html")
	for _, p := range partials {
		if !leftover.Is(p) {
			files = append(files, p)
		}
	}
	for _, name := range files {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			probs.Errorf(path.Join(TemplatesDir, name), 0, 0, "", "cannot read template: %v", err)
			continue
		}
		if _, err := base.New(name).Parse(string(src)); err != nil {
			probs = append(probs, templateProblem(err, name))
		}
	}
	if probs.Errors() > 0 {
		return nil, probs
	}
	t.levels = make([]*template.Template, maxPartialDepth+1)
	for level := 1; level <= maxPartialDepth; level++ {
		set, err := base.Clone()
		if err != nil {
			probs.Errorf(TemplatesDir, 0, 0, "", "cannot prepare the templates: %v", err)
			return nil, probs
		}
		t.levels[level] = set.Funcs(t.funcs(level + 1))
	}
	for _, name := range kindFiles {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			probs.Errorf(path.Join(TemplatesDir, name), 0, 0, "", "cannot read template: %v", err)
			continue
		}
		set, err := base.Clone()
		if err == nil {
			_, err = set.New(name).Parse(string(src))
		}
		if err != nil {
			probs = append(probs, templateProblem(err, name))
			continue
		}
		t.kinds[name] = set
	}
	return t, probs
}

// catalogFiles finds the theme's translation files and the site's in
// fsys. The site's templates lie over the theme's (overlay.FS), file over
// file; translation files are merged key by key instead (i18n.Load), so
// that a site's uk.yaml holding one key overrides that key and leaves the
// theme's others in Ukrainian rather than in English.
func catalogFiles(fsys fs.FS) (theme, site i18n.Files) {
	shown := path.Join(TemplatesDir, "i18n")
	if o, ok := fsys.(overlay.FS); ok {
		return i18n.Files{FS: o.Bottom, Dir: "i18n", Shown: shown}, i18n.Files{FS: o.Top, Dir: "i18n", Shown: shown}
	}
	return i18n.Files{FS: fsys, Dir: "i18n", Shown: shown}, i18n.Files{}
}

// themeDigest fingerprints every template of fsys and every translation
// file loadTheme reads (the theme's and the site's, see catalogFiles: a
// site's file does not hide the theme's beneath it) by name and bytes, and
// the language the theme is parsed for: all a page can take from the
// theme.
func themeDigest(fsys fs.FS, lang i18n.Lang) uint64 {
	sum := digest.New().Str(lang.Code())
	add := func(fsys fs.FS, ext string) {
		_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && path.Ext(p) == ext && !leftover.Is(p) {
				data, err := fs.ReadFile(fsys, p)
				if err != nil {
					data = []byte("unreadable: " + err.Error())
				}
				sum = sum.Str(p).Bytes(data)
			}
			return nil
		})
	}
	add(fsys, ".html")
	themeWords, siteWords := catalogFiles(fsys)
	for layer, words := range []i18n.Files{themeWords, siteWords} {
		if words.FS != nil {
			sum = sum.U64(uint64(layer))
			if sub, err := fs.Sub(words.FS, words.Dir); err == nil {
				add(sub, ".yaml")
			}
		}
	}
	return uint64(sum)
}

// cachedTheme parses the theme, or takes it from the cache when no template
// file changed.
func cachedTheme(fsys fs.FS, lang i18n.Lang, c *Cache) (*theme, diag.List) {
	sum := themeDigest(fsys, lang)
	if c != nil {
		c.mu.Lock()
		th := c.theme
		c.mu.Unlock()
		if th != nil && th.digest == sum {
			return th, slices.Clone(th.warnings)
		}
	}
	th, probs := loadTheme(fsys, sum, lang)
	if c != nil && probs.Errors() == 0 {
		th.warnings = slices.Clone(probs)
		c.mu.Lock()
		c.theme = th
		c.mu.Unlock()
	}
	return th, probs
}

// templateLocation matches a parse tree's location: "partials/x.html:3:5".
var templateLocation = regexp.MustCompile(`^([^:\s]+):(\d+):(\d+)$`)

// templateErr matches the position html/template puts in its errors:
// "template: briefing.html:12:5: " (the column is optional). An error in
// a partial holds the position of the call and then its own.
var templateErr = regexp.MustCompile(`template: ([^:\s]+):(\d+)(?::(\d+))?: `)

// goPackage matches the package in the name of a Go type ("*render.Item"):
// the name a theme's author knows the data by is the type's alone.
var goPackage = regexp.MustCompile(`\*?\b(?:render|site|maps)\.`)

// missingField matches the error of a template naming a field the data
// lacks.
var missingField = regexp.MustCompile(`can't evaluate field (\w+) in type \*?(?:\w+\.)?(\w+)`)

// templateProblem turns a template error into a problem located in the
// template file; name is the file being parsed or executed.
func templateProblem(err error, name string) diag.Problem {
	var deep *partialDepthError
	if errors.As(err, &deep) {
		p := diag.Problem{Path: path.Join(TemplatesDir, name), Message: "template error: " + deep.Error(),
			Hint: "a partial must not include itself, directly or through other partials"}
		if m := templateLocation.FindStringSubmatch(deep.location); m != nil {
			p.Path = path.Join(TemplatesDir, m[1])
			p.Line, _ = strconv.Atoi(m[2])
			p.Col, _ = strconv.Atoi(m[3])
		}
		return p
	}
	msg := err.Error()
	p := diag.Problem{Path: path.Join(TemplatesDir, name), Message: goPackage.ReplaceAllString(msg, "")}
	if all := templateErr.FindAllStringSubmatchIndex(msg, -1); all != nil {
		m := all[len(all)-1] // the innermost: in the partial rather than at its call
		p.Path = path.Join(TemplatesDir, msg[m[2]:m[3]])
		p.Line, _ = strconv.Atoi(msg[m[4]:m[5]])
		if m[6] >= 0 {
			p.Col, _ = strconv.Atoi(msg[m[6]:m[7]])
		}
		p.Message = "template error: " + strings.TrimSpace(goPackage.ReplaceAllString(msg[m[1]:], ""))
	}
	var fe *fieldError
	switch {
	case errors.As(err, &fe) && len(fe.fields) > 0:
		p.Hint = fmt.Sprintf("%s has no field %s; it has %s", fe.typ, fe.field, strings.Join(fe.fields, ", "))
	case strings.Contains(msg, "can't evaluate field"):
		p.Hint = "the field does not exist in this page's data"
	case strings.Contains(msg, "unexpected EOF"):
		p.Hint = "an {{if}}, {{range}}, {{with}} or {{define}} lacks its {{end}}"
	case strings.Contains(msg, "function") && strings.Contains(msg, "not defined"):
		p.Hint = "templates may use Go's built-in functions, partial, t, n, th and link"
	}
	return p
}

// fragment renders the partial name with data: HTML that is part of no
// page, such as the content of a feed item. It is not memoised: a feed
// item's content is made again for each feed that carries the briefing,
// some 2 % of a cold build's CPU at 10,000 briefings, less than a memo
// keyed by its inputs would ask of the code.
func (t *theme) fragment(name string, data any) (string, error) {
	var b strings.Builder
	if err := t.levels[1].ExecuteTemplate(&b, name, data); err != nil {
		return "", templateError{err, "partials/" + name + ".html"}
	}
	return b.String(), nil
}

// execute renders one page with the kind's template into w.
func (t *theme) execute(kind string, data any, w io.Writer) error {
	set := t.kinds[kind]
	if set == nil {
		return fmt.Errorf("template %s is missing", kind)
	}
	err := set.ExecuteTemplate(w, "base", data)
	if m := missingField.FindStringSubmatch(errString(err)); m != nil {
		return &fieldError{err: err, field: m[1], typ: m[2], fields: fieldsOf(reflect.TypeOf(data), m[2])}
	}
	return err
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// fieldError is a template naming a field its data lacks, with the names
// the data's type does have: the fix is usually among them.
type fieldError struct {
	err        error
	field, typ string
	fields     []string // what a template can use on typ
}

func (e *fieldError) Error() string { return e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

// fieldsOf finds the struct type called name among the types that data of
// type t holds, however deep, and lists what a template can use on it:
// its exported fields (those of embedded structs included) and methods.
func fieldsOf(t reflect.Type, name string) []string {
	seen := map[reflect.Type]bool{}
	queue := []reflect.Type{t}
	for len(queue) > 0 {
		t := queue[0]
		queue = queue[1:]
		for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map) {
			t = t.Elem()
		}
		if t == nil || t.Kind() != reflect.Struct || seen[t] {
			continue
		}
		seen[t] = true
		var names []string
		for _, f := range reflect.VisibleFields(t) {
			if f.IsExported() {
				names = append(names, f.Name)
				queue = append(queue, f.Type)
			}
		}
		if t.Name() != name {
			continue
		}
		methods := reflect.PointerTo(t)
		for i := range methods.NumMethod() {
			names = append(names, methods.Method(i).Name)
		}
		return names
	}
	return nil
}
