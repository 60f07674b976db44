package markdown

import (
	"bytes"
	"net/url"
	"path"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Links tells a conversion where the body is shown and how the addresses
// in its links and images resolve:
//
//   - a link to a Markdown file ("2023-08-02-italy-talks.md#background")
//     goes to the address Resolve gives, or is a BrokenLink;
//   - an address of the site itself, root-relative ("/img/map.png") or
//     relative ("map.png", resolved against Page), gets BasePath in front,
//     so that it works on a site published under a sub-path, and is
//     listed in Result.Refs for the caller to check;
//   - an address with a scheme or a host (https://…, mailto:…, //host/…)
//     and a bare fragment ("#fn:1") stay as written.
type Links struct {
	// Resolve maps a link to a Markdown file, as written (without its
	// #fragment), to the address of the page built from it. When nil,
	// every such link is broken.
	Resolve Resolver
	// Page is the site path of the page the body is shown on
	// ("/briefings/italy-talks/"). When empty, relative addresses are
	// left as written and not listed.
	Page string
	// BasePath is the path the site is published under, without a
	// trailing slash: "" at the root of a host, "/briefs" for
	// https://user.github.io/briefs/.
	BasePath string
}

// Resolver maps a link to another Markdown file, as written (without any
// #fragment), to the address of the page built from it.
type Resolver func(target string) (url string, ok bool)

// BrokenLink is a link to a Markdown file the resolver did not know.
type BrokenLink struct {
	Target    string
	Line, Col int // in the file, given the line the body starts on
}

// Ref is a link or an image that points at an address of the site itself.
type Ref struct {
	// Path is the site path it resolves to, without the base path, query
	// or fragment, and with %-escapes decoded: "/img/map.png",
	// "/briefings/apulia/map.png", "/about/".
	Path string
	// Written is the address as the body has it, without its fragment.
	Written   string
	Image     bool
	Line, Col int // in the file, given the line the body starts on
}

// resolve returns the destination a link or image n (dest as written)
// gets on the page, and records what it found about it.
func (d *doc) resolve(n ast.Node, dest []byte) []byte {
	links := d.links
	if links == nil {
		links = &Links{}
	}
	written := string(dest)
	target, fragment, hasFragment := strings.Cut(written, "#")
	if isMarkdownFile(target) {
		if links.Resolve != nil {
			if u, ok := links.Resolve(target); ok {
				if hasFragment {
					u += "#" + fragment
				}
				return []byte(u)
			}
		}
		line, col := d.position(n)
		d.broken = append(d.broken, BrokenLink{Target: target, Line: line, Col: col})
		return dest
	}
	resolved, rest, ok := sitePath(written, links.Page)
	if !ok {
		return dest
	}
	ref := Ref{Path: resolved, Written: target}
	if p, err := url.PathUnescape(resolved); err == nil {
		ref.Path = p
	}
	_, ref.Image = n.(*ast.Image)
	ref.Line, ref.Col = d.position(n)
	d.refs = append(d.refs, ref)
	return []byte(links.BasePath + resolved + rest)
}

// sitePath resolves dest against page when it is an address of the site
// itself: it returns the clean site path ("/briefings/x/map.png", a
// trailing slash kept) and what followed the path (a query, a fragment).
// ok is false for an address elsewhere (a scheme, a host), a bare
// fragment or query, and a relative address when page is empty.
func sitePath(dest, page string) (resolved, rest string, ok bool) {
	if dest == "" || dest[0] == '#' || dest[0] == '?' || strings.HasPrefix(dest, "//") {
		return "", "", false
	}
	if i := strings.IndexAny(dest, ":/?#"); i >= 0 && dest[i] == ':' {
		return "", "", false // a scheme: https:, mailto:
	}
	p := dest
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		p, rest = dest[:i], dest[i:]
	}
	switch {
	case strings.HasPrefix(p, "/"):
		resolved = path.Clean(p)
	case page == "":
		return "", "", false
	default:
		resolved = path.Join(page, p)
	}
	// A folder stays a folder: "/about/" is the page, "/about" a file.
	last := p[strings.LastIndexByte(p, '/')+1:]
	if (last == "" || last == "." || last == "..") && resolved != "/" {
		resolved += "/"
	}
	return resolved, rest, true
}

// isMarkdownFile tells a relative link to a .md file from any other link.
func isMarkdownFile(dest string) bool {
	if !strings.HasSuffix(strings.ToLower(dest), ".md") || strings.HasPrefix(dest, "/") {
		return false
	}
	if i := strings.IndexAny(dest, ":/?"); i >= 0 && dest[i] == ':' {
		return false // has a scheme: https://example.org/x.md is someone else's page
	}
	return true
}

// position finds where a link or an image starts in the file, from its
// text: at its "[", or at the "!" of an image.
func (d *doc) position(n ast.Node) (int, int) {
	_, image := n.(*ast.Image)
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			start := t.Segment.Start
			// The text starts after "[" (or "!["); point at the bracket.
			if start > 0 && d.source[start-1] == '[' {
				start--
				if image && start > 0 && d.source[start-1] == '!' {
					start--
				}
			}
			return d.lineCol(start)
		}
	}
	// No text: "[](…)" or "![](…)", after the text before it.
	if p := n.Parent(); p != nil && p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
		from := p.Lines().At(0).Start
		if prev, ok := n.PreviousSibling().(*ast.Text); ok {
			from = prev.Segment.Stop
		}
		if k := bytes.Index(d.source[from:], []byte("[]")); k >= 0 {
			start := from + k
			if image && start > 0 && d.source[start-1] == '!' {
				start--
			}
			return d.lineCol(start)
		}
		line, _ := d.lineCol(from)
		return line, 1
	}
	return d.firstLine, 1
}
