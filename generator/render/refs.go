package render

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"brief/generator/diag"
	"brief/generator/internal/editdist"
	"brief/generator/markdown"
	"brief/generator/site"
)

// docRefs are the references to the site's own addresses (links, images)
// that one Markdown file makes.
type docRefs struct {
	path string
	refs []markdown.Ref
}

// references records the references of the file at p for checkRefs.
// Within a group they are recorded with it too, so that a group taken
// over from the cache brings them along: they are checked on every
// render, since the file they point at may have gone while the page that
// points at it did not change.
func (e emitter) references(p string, refs []markdown.Ref) {
	if len(refs) == 0 {
		return
	}
	d := docRefs{path: p, refs: refs}
	if e.rec != nil {
		e.rec.mu.Lock()
		e.rec.refs = append(e.rec.refs, d)
		e.rec.mu.Unlock()
	}
	e.p.mu.Lock()
	e.p.refs = append(e.p.refs, d)
	e.p.mu.Unlock()
}

// checkRefs reports every reference that leads nowhere: to no file this
// render produced and none of Options.Files. It runs after a render
// without errors, when the render's files are all known.
func (p *producer) checkRefs() {
	files := make(map[string]bool, len(p.opts.Files))
	for _, f := range p.opts.Files {
		files[f] = true
	}
	exists := func(name string) bool {
		if files[name] || p.produced(name) {
			return true
		}
		for _, o := range p.others {
			if o.produced(name) {
				return true
			}
		}
		return false
	}
	type missing struct {
		file string
		ref  markdown.Ref
	}
	var found []missing
	meant := map[string]string{} // each address that leads nowhere → the one most likely meant
	for _, d := range p.refs {
		for _, ref := range d.refs {
			if !servedAt(ref.Path, exists) {
				found = append(found, missing{d.path, ref})
				meant[ref.Path] = ""
			}
		}
	}
	if len(found) == 0 {
		return
	}
	// Suggestions cost a search of the site's addresses each: a body
	// full of broken addresses gets the hints without them.
	if len(meant) <= maxSuggested {
		idx := indexAddresses(p.addresses())
		for target := range meant {
			meant[target] = idx.nearest(target)
		}
	}
	for _, m := range found {
		p.problem(missingRef(m.file, m.ref, meant[m.ref.Path]))
	}
}

// Bounds of the search for what a broken address meant: how many distinct
// broken addresses get a suggestion, and how many addresses of one folder
// are compared with one (the briefings of a large site are not).
const (
	maxSuggested  = 20
	maxCandidates = 5000
)

// servedAt tells whether a site path leads to a file: "/img/map.png" to
// img/map.png, "/about/" to about/index.html, and "/about" to either
// (web servers answer a folder's address without its slash with a
// redirect to it).
func servedAt(sitePath string, exists func(name string) bool) bool {
	if exists(pagePath(sitePath)) {
		return true
	}
	return !strings.HasSuffix(sitePath, "/") && exists(pagePath(sitePath+"/"))
}

// produced tells whether this render produced the output file name.
func (p *producer) produced(name string) bool {
	if p.cache != nil {
		return p.cache.Produced(name)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.written[name]
}

// addresses lists the site path of every file of the site, sorted: a
// page by its folder ("/about/"), any other file by its name.
func (p *producer) addresses() []string {
	var names []string
	if p.cache != nil {
		p.cache.mu.RLock()
		for name, e := range p.cache.files {
			if e.used.Load() == p.cache.gen {
				names = append(names, name)
			}
		}
		p.cache.mu.RUnlock()
	} else {
		p.mu.Lock()
		for name := range p.written {
			names = append(names, name)
		}
		p.mu.Unlock()
	}
	names = append(names, p.opts.Files...)
	out := make([]string, len(names))
	for i, name := range names {
		if dir, ok := strings.CutSuffix(name, "index.html"); ok && (dir == "" || strings.HasSuffix(dir, "/")) {
			out[i] = "/" + dir
		} else {
			out[i] = "/" + name
		}
	}
	sort.Strings(out)
	return out
}

// missingRef is the problem of a reference from the file at file that
// leads nowhere, with near, the address the author most likely meant, or
// else where such a file comes from.
func missingRef(file string, ref markdown.Ref, near string) diag.Problem {
	what := "link to"
	if ref.Image {
		what = "image"
	}
	kind := "file"
	if strings.HasSuffix(ref.Path, "/") {
		kind = "page"
	}
	msg := fmt.Sprintf("%s %q: the site has no such %s", what, ref.Written, kind)
	if ref.Written != ref.Path {
		msg = fmt.Sprintf("%s %q: the site has no %s at %s", what, ref.Written, kind, ref.Path)
	}
	pr := diag.Problem{Path: file, Line: ref.Line, Col: ref.Col, Message: msg}
	beside := !strings.Contains(ref.Written, "/") // written as a file beside the page
	if near != "" {
		if beside && path.Dir(near) == path.Dir(ref.Path) {
			near = path.Base(near) // as the author wrote it: beside the page
		}
		pr.Hint = fmt.Sprintf("did you mean %q?", near)
		return pr
	}
	name := path.Base(ref.Path)
	switch {
	case strings.HasSuffix(ref.Path, "/") || path.Ext(ref.Path) == "":
		pr.Hint = "link to a page of the site, such as /about/ for content/pages/about.md, or to a briefing's .md file"
	case strings.HasPrefix(ref.Written, "/"):
		pr.Hint = fmt.Sprintf("put the file at static%s: static/ is published at the root of the site", ref.Path)
	case beside && path.Base(file) == site.BundleIndex:
		pr.Hint = fmt.Sprintf("put %s in %s/, beside the briefing", name, path.Dir(file))
	case beside && strings.HasPrefix(file, "content/briefings/"):
		pr.Hint = fmt.Sprintf("keep the briefing in a folder of its own, %s/%s, with %s beside it; or put the file in static/img/ and write /img/%s",
			strings.TrimSuffix(file, ".md"), site.BundleIndex, name, name)
	default:
		pr.Hint = fmt.Sprintf("write the address from the root of the site, such as /img/%s for static/img/%s", name, name)
	}
	return pr
}

// addressIndex holds the site's addresses for suggestions.
type addressIndex struct {
	byBase   map[string]string   // a file's name → its first address
	inFolder map[string][]string // folder → the names of its addresses, pages with their slash
}

// folderOf is the folder an address is in: "/img" for "/img/map.png" and
// "/briefings" for "/briefings/talks/".
func folderOf(address string) string { return path.Dir(strings.TrimSuffix(address, "/")) }

// nameOf is an address's last part, a page's with its slash: "map.png",
// "talks/".
func nameOf(address string) string {
	name := path.Base(address)
	if strings.HasSuffix(address, "/") && address != "/" {
		name += "/"
	}
	return name
}

// indexAddresses indexes addresses, sorted.
func indexAddresses(addresses []string) *addressIndex {
	idx := &addressIndex{byBase: map[string]string{}, inFolder: map[string][]string{}}
	for _, a := range addresses {
		if !strings.HasSuffix(a, "/") {
			if _, ok := idx.byBase[path.Base(a)]; !ok {
				idx.byBase[path.Base(a)] = a
			}
		}
		f := folderOf(a)
		idx.inFolder[f] = append(idx.inFolder[f], nameOf(a))
	}
	return idx
}

// nearest is the address target most likely meant: the same file name
// elsewhere (an image written relative to a briefing but kept in
// static/), or else one a slip of the keyboard away in the same folder;
// "" when none is.
func (idx *addressIndex) nearest(target string) string {
	if !strings.HasSuffix(target, "/") {
		if a, ok := idx.byBase[path.Base(target)]; ok {
			return a
		}
	}
	names := idx.inFolder[folderOf(target)]
	if len(names) > maxCandidates {
		return ""
	}
	near := editdist.Nearest(nameOf(target), names)
	if near == "" {
		return ""
	}
	address := path.Join(folderOf(target), near)
	if strings.HasSuffix(near, "/") {
		address += "/"
	}
	return address
}
