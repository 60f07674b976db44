// Package sitetest helps tests build fixture sites and read what was built:
// txtar archives written to temporary folders, HTML parsed with
// golang.org/x/net/html, feeds parsed with a real feed reader.
package sitetest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
	"github.com/rogpeppe/go-internal/txtar"
	"golang.org/x/net/html"
)

// WriteSite writes the files of a txtar archive into a new temporary folder
// and returns it.
func WriteSite(t testing.TB, archive string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// ReadHTML parses an HTML file.
func ReadHTML(t testing.TB, path string) *html.Node {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parsing %s: %v", path, err)
	}
	return doc
}

// ReadFeed parses an RSS, Atom or JSON feed file with gofeed.
func ReadFeed(t testing.TB, path string) *gofeed.Feed {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := gofeed.NewParser().ParseString(string(data))
	if err != nil {
		t.Fatalf("parsing feed %s: %v", path, err)
	}
	return f
}

// FindAll returns every element below n for which match is true, in
// document order.
func FindAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// Find returns the first element matching, or nil.
func Find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if all := FindAll(n, match); len(all) > 0 {
		return all[0]
	}
	return nil
}

// Tag matches elements by name.
func Tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

// TagAttr matches elements by name and the value of one attribute.
func TagAttr(name, attr, value string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name && Attr(n, attr) == value }
}

// Attr returns the value of an attribute, or "".
func Attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// Text is the text content of a node, with white space collapsed.
func Text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}
