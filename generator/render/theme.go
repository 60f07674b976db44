package render

import (
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"brief/generator/diag"
)

// Page kinds and the template file that renders each.
var kindFiles = []string{"briefing.html", "home.html", "list.html", "countries.html", "tags.html", "archive.html", "search.html", "page.html", "404.html"}

// TemplatesDir is where a site keeps templates that override the theme's.
const TemplatesDir = "templates"

// theme holds one parsed template set per page kind: base.html and the
// partials, plus the kind's own file defining "main".
type theme struct {
	kinds map[string]*template.Template
	base  *template.Template // base.html and the partials alone
	// native renders the kinds whose templates are the default theme's;
	// see native.go.
	native map[string]func(*htmlWriter, any) error
	// memo holds partials rendered during the current render, keyed by
	// partial name and the data's digest; see partial.
	memo atomic.Pointer[sync.Map]
}

type memoKey struct {
	name string
	key  uint64
}

// Funcs are the functions templates may call besides Go's built-ins.
//
//	partial NAME DATA  renders the template NAME with DATA, like
//	                   {{template NAME DATA}}, but renders each briefing's
//	                   list entry only once per build however many lists
//	                   show it: a large site's lists hold the same entries
//	                   again and again.
func (t *theme) funcs() template.FuncMap {
	return template.FuncMap{"partial": t.partial}
}

func (t *theme) partial(name string, data any) (template.HTML, error) {
	it, ok := data.(Item)
	memo := t.memo.Load()
	if ok && it.memo != 0 && memo != nil {
		if html, hit := memo.Load(memoKey{name, it.memo}); hit {
			return html.(template.HTML), nil
		}
	}
	var b strings.Builder
	if err := t.base.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	html := template.HTML(b.String())
	if ok && it.memo != 0 && memo != nil {
		memo.Store(memoKey{name, it.memo}, html)
	}
	return html, nil
}

// resetMemo forgets the partials of the previous render: the data they
// were rendered from may have changed in ways their keys do not tell.
func (t *theme) resetMemo() { t.memo.Store(new(sync.Map)) }

// loadTheme parses the theme. fsys holds base.html, partials/*.html and one
// file per page kind at its root.
//
// defaults, when set, is the default theme: kinds whose files equal it are
// rendered natively.
func loadTheme(fsys, defaults fs.FS) (*theme, diag.List) {
	var probs diag.List
	t := &theme{kinds: map[string]*template.Template{}, native: nativeFor(fsys, defaults)}
	base := template.New("theme").Funcs(t.funcs())
	t.base = base
	files := []string{"base.html"}
	partials, _ := fs.Glob(fsys, "partials/*.html")
	files = append(files, partials...)
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

// templateErr matches the position html/template puts in its errors:
// "template: briefing.html:12:5: ..." (the column is optional).
var templateErr = regexp.MustCompile(`template: ([^:\s]+):(\d+)(?::(\d+))?: (.*)`)

// templateProblem turns a template error into a problem located in the
// template file; name is the file being parsed or executed.
func templateProblem(err error, name string) diag.Problem {
	msg := err.Error()
	p := diag.Problem{Path: path.Join(TemplatesDir, name), Message: msg}
	if m := templateErr.FindStringSubmatch(msg); m != nil {
		p.Path = path.Join(TemplatesDir, m[1])
		p.Line, _ = strconv.Atoi(m[2])
		p.Col, _ = strconv.Atoi(m[3])
		p.Message = "template error: " + strings.TrimSpace(m[4])
	}
	switch {
	case strings.Contains(msg, "can't evaluate field"):
		p.Hint = "the field does not exist in this page's data; see generator/render/views.go"
	case strings.Contains(msg, "unexpected EOF"):
		p.Hint = "an {{if}}, {{range}}, {{with}} or {{define}} lacks its {{end}}"
	case strings.Contains(msg, "function") && strings.Contains(msg, "not defined"):
		p.Hint = "templates may use Go's built-in functions and partial"
	}
	return p
}

// execute renders one page with the kind's template into w.
func (t *theme) execute(kind string, data any, w *htmlWriter) error {
	if native := t.native[kind]; native != nil {
		return native(w, data)
	}
	set := t.kinds[kind]
	if set == nil {
		return fmt.Errorf("template %s is missing", kind)
	}
	return set.ExecuteTemplate(w, "base", data)
}
