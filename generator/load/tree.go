package load

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/pelletier/go-toml/v2/unstable"
)

// kind is the type of a front matter value, the same for YAML and TOML.
type kind int

const (
	kindNull kind = iota
	kindString
	kindInt
	kindFloat
	kindBool
	kindDate // a TOML date or date-time literal
	kindList
	kindMap
)

func (k kind) String() string {
	return [...]string{"nothing", "text", "a number", "a number", "true/false", "a date", "a list", "a set of fields"}[k]
}

// value is a front matter value with the place it was written, so that every
// problem found while decoding can point at it. Lines are counted in the
// whole file, columns from 1.
type value struct {
	kind      kind
	text      string // scalars: the value as text (strings unescaped)
	line, col int
	items     []*value // kindList
	fields    []field  // kindMap, in the order written
}

type field struct {
	key       string
	line, col int // where the key is written
	val       *value
}

// get returns the field named key, or nil.
func (v *value) get(key string) *field {
	for i := range v.fields {
		if v.fields[i].key == key {
			return &v.fields[i]
		}
	}
	return nil
}

// syntaxError is a front matter that does not parse, at a place in the file.
type syntaxError struct {
	line, col int
	msg       string
	hint      string
}

// syntaxHints turn a parser's words into the fix an author needs, for the
// mistakes people make most.
var syntaxHints = []struct{ contains, hint string }{
	{"'\\t'", "indent with spaces; YAML does not allow tabs"},
	{"double-quoted text", `close the quote with " before the end of the value`},
	{"single-quoted text", "close the quote with ' before the end of the value"},
	{"basic strings cannot have new lines", `close the quote with " on the same line`},
	{"at start of value", `give the key a value, e.g. title = "…"`},
	{"mapping value is not allowed", "put a value that contains a colon in quotes"},
	{"sequence end token ']' not found", "close the list with ]"},
	{"mapping end token '}' not found", "close the set of fields with }"},
}

// newSyntaxError builds a parser error with a hint when one fits. Tabs in
// the parser's words are shown as \t: a raw tab reads as blank space.
func newSyntaxError(line, col int, msg string) *syntaxError {
	msg = strings.ReplaceAll(msg, "\t", `\t`)
	e := &syntaxError{line: line, col: col, msg: msg}
	for _, h := range syntaxHints {
		if strings.Contains(msg, h.contains) {
			e.hint = h.hint
			break
		}
	}
	return e
}

func (e *syntaxError) Error() string { return e.msg }

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 64

// parseYAML turns YAML front matter into a value tree. firstLine is the line
// of the file on which src starts.
func parseYAML(src []byte, firstLine int) (*value, error) {
	file, err := parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil {
			pos := ye.GetToken().Position
			return nil, newSyntaxError(pos.Line+firstLine-1, pos.Column, "invalid YAML: "+ye.GetMessage())
		}
		return nil, newSyntaxError(firstLine, 1, "invalid YAML: "+err.Error())
	}
	root := &value{kind: kindMap, line: firstLine - 1, col: 1}
	if len(file.Docs) == 0 || file.Docs[0].Body == nil {
		return root, nil
	}
	if len(file.Docs) > 1 {
		tk := file.Docs[1].GetToken()
		return nil, &syntaxError{line: tk.Position.Line + firstLine - 1, col: tk.Position.Column, msg: "front matter holds more than one YAML document"}
	}
	c := yamlConverter{offset: firstLine - 1}
	v, err := c.convert(file.Docs[0].Body, 0)
	if err != nil {
		return nil, err
	}
	if v.kind == kindNull {
		return root, nil
	}
	if v.kind != kindMap {
		return nil, &syntaxError{line: v.line, col: v.col, msg: "front matter must be a set of fields (key: value), not " + v.kind.String()}
	}
	return v, nil
}

type yamlConverter struct{ offset int }

func (c yamlConverter) at(n ast.Node) (int, int) {
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return c.offset + 1, 1
	}
	return tk.Position.Line + c.offset, tk.Position.Column
}

func (c yamlConverter) convert(n ast.Node, depth int) (*value, error) {
	line, col := c.at(n)
	if depth > maxDepth {
		return nil, &syntaxError{line: line, col: col, msg: fmt.Sprintf("front matter nests deeper than %d levels", maxDepth)}
	}
	scalar := func(k kind, text string) (*value, error) {
		return &value{kind: k, text: text, line: line, col: col}, nil
	}
	switch n := n.(type) {
	case *ast.NullNode:
		return scalar(kindNull, "")
	case *ast.StringNode:
		return scalar(kindString, n.Value)
	case *ast.LiteralNode:
		return scalar(kindString, n.Value.Value)
	case *ast.IntegerNode:
		return scalar(kindInt, n.GetToken().Value)
	case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return scalar(kindFloat, n.GetToken().Value)
	case *ast.BoolNode:
		return scalar(kindBool, fmt.Sprint(n.Value))
	case *ast.TagNode:
		return c.convert(n.Value, depth+1)
	case *ast.AnchorNode:
		return c.convert(n.Value, depth+1)
	case *ast.AliasNode:
		return nil, &syntaxError{line: line, col: col, msg: "YAML aliases (*name) are not supported in front matter; write the value out"}
	case *ast.SequenceNode:
		v := &value{kind: kindList, line: line, col: col}
		for _, item := range n.Values {
			iv, err := c.convert(item, depth+1)
			if err != nil {
				return nil, err
			}
			v.items = append(v.items, iv)
		}
		return v, nil
	case *ast.MappingValueNode:
		return c.mapping([]*ast.MappingValueNode{n}, line, col, depth)
	case *ast.MappingNode:
		return c.mapping(n.Values, line, col, depth)
	}
	return nil, &syntaxError{line: line, col: col, msg: fmt.Sprintf("unsupported YAML construct (%s)", n.Type())}
}

func (c yamlConverter) mapping(pairs []*ast.MappingValueNode, line, col, depth int) (*value, error) {
	v := &value{kind: kindMap, line: line, col: col}
	if len(pairs) > 0 {
		// A block mapping's own token is its first key's ':'; point at the key.
		v.line, v.col = c.at(pairs[0].Key)
	}
	for _, p := range pairs {
		kl, kc := c.at(p.Key)
		key, ok := p.Key.(ast.ScalarNode)
		if !ok || p.Key.Type() == ast.MergeKeyType {
			return nil, &syntaxError{line: kl, col: kc, msg: "a field name must be plain text"}
		}
		name := fmt.Sprint(key.GetValue())
		if prev := v.get(name); prev != nil {
			return nil, &syntaxError{line: kl, col: kc, msg: fmt.Sprintf("field %q is set twice (first on line %d)", name, prev.line)}
		}
		val, err := c.convert(p.Value, depth+1)
		if err != nil {
			return nil, err
		}
		v.fields = append(v.fields, field{key: name, line: kl, col: kc, val: val})
	}
	return v, nil
}

// parseTOML turns TOML front matter into a value tree. firstLine is the line
// of the file on which src starts.
func parseTOML(src []byte, firstLine int) (root *value, err error) {
	var p unstable.Parser
	p.Reset(src)
	pos := func(r unstable.Range) (int, int) {
		s := p.Shape(r).Start
		return s.Line + firstLine - 1, s.Column
	}
	root = &value{kind: kindMap, line: firstLine - 1, col: 1}
	current := root
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.KeyValue:
			if err := tomlAssign(&p, current, e, pos); err != nil {
				return nil, err
			}
		case unstable.Table, unstable.ArrayTable:
			keys, places := tomlKey(&p, e.Key(), pos)
			parent := root
			for i, k := range keys[:len(keys)-1] {
				if parent, err = tomlChild(parent, k, places[i]); err != nil {
					return nil, err
				}
			}
			last, place := keys[len(keys)-1], places[len(keys)-1]
			f := parent.get(last)
			if e.Kind == unstable.Table {
				if f != nil {
					return nil, &syntaxError{line: place[0], col: place[1], msg: fmt.Sprintf("table [%s] is defined twice (first on line %d)", strings.Join(keys, "."), f.line)}
				}
				current = &value{kind: kindMap, line: place[0], col: place[1]}
				parent.fields = append(parent.fields, field{key: last, line: place[0], col: place[1], val: current})
				continue
			}
			if f == nil {
				parent.fields = append(parent.fields, field{key: last, line: place[0], col: place[1], val: &value{kind: kindList, line: place[0], col: place[1]}})
				f = &parent.fields[len(parent.fields)-1]
			} else if f.val.kind != kindList {
				return nil, &syntaxError{line: place[0], col: place[1], msg: fmt.Sprintf("%q is already set on line %d", last, f.line)}
			}
			current = &value{kind: kindMap, line: place[0], col: place[1]}
			f.val.items = append(f.val.items, current)
		}
	}
	if err := p.Error(); err != nil {
		line, col := firstLine, 1
		var pe *unstable.ParserError
		if errors.As(err, &pe) && pe.Highlight != nil {
			line, col = pos(p.Range(pe.Highlight))
		}
		return nil, newSyntaxError(line, col, "invalid TOML: "+err.Error())
	}
	return root, nil
}

type place [2]int

// tomlKey reads a (possibly dotted) key with the place of each part.
func tomlKey(p *unstable.Parser, it unstable.Iterator, pos func(unstable.Range) (int, int)) ([]string, []place) {
	var keys []string
	var places []place
	for it.Next() {
		n := it.Node()
		keys = append(keys, string(n.Data))
		l, c := pos(n.Raw)
		places = append(places, place{l, c})
	}
	return keys, places
}

// tomlChild returns the table named key inside parent, creating it when
// absent; through an array of tables it reaches the last element, as TOML
// specifies.
func tomlChild(parent *value, key string, at place) (*value, error) {
	f := parent.get(key)
	if f == nil {
		v := &value{kind: kindMap, line: at[0], col: at[1]}
		parent.fields = append(parent.fields, field{key: key, line: at[0], col: at[1], val: v})
		return v, nil
	}
	switch {
	case f.val.kind == kindMap:
		return f.val, nil
	case f.val.kind == kindList && len(f.val.items) > 0 && f.val.items[len(f.val.items)-1].kind == kindMap:
		return f.val.items[len(f.val.items)-1], nil
	}
	return nil, &syntaxError{line: at[0], col: at[1], msg: fmt.Sprintf("%q is already set on line %d and is not a table", key, f.line)}
}

func tomlAssign(p *unstable.Parser, table *value, kv *unstable.Node, pos func(unstable.Range) (int, int)) error {
	keys, places := tomlKey(p, kv.Key(), pos)
	var err error
	for i, k := range keys[:len(keys)-1] {
		if table, err = tomlChild(table, k, places[i]); err != nil {
			return err
		}
	}
	last, at := keys[len(keys)-1], places[len(keys)-1]
	if f := table.get(last); f != nil {
		return &syntaxError{line: at[0], col: at[1], msg: fmt.Sprintf("field %q is set twice (first on line %d)", last, f.line)}
	}
	v, err := tomlValue(p, kv.Value(), pos, 0)
	if err != nil {
		return err
	}
	table.fields = append(table.fields, field{key: last, line: at[0], col: at[1], val: v})
	return nil
}

func tomlValue(p *unstable.Parser, n *unstable.Node, pos func(unstable.Range) (int, int), depth int) (*value, error) {
	line, col := pos(n.Raw)
	if depth > maxDepth {
		return nil, &syntaxError{line: line, col: col, msg: fmt.Sprintf("front matter nests deeper than %d levels", maxDepth)}
	}
	v := &value{line: line, col: col, text: string(n.Data)}
	switch n.Kind {
	case unstable.String:
		v.kind = kindString
	case unstable.Integer:
		v.kind = kindInt
	case unstable.Float:
		v.kind = kindFloat
	case unstable.Bool:
		v.kind = kindBool
	case unstable.LocalDate, unstable.LocalDateTime, unstable.DateTime, unstable.LocalTime:
		v.kind = kindDate
	case unstable.Array:
		v.kind = kindList
		v.text = ""
		it := n.Children()
		for it.Next() {
			item, err := tomlValue(p, it.Node(), pos, depth+1)
			if err != nil {
				return nil, err
			}
			v.items = append(v.items, item)
		}
	case unstable.InlineTable:
		v.kind = kindMap
		v.text = ""
		it := n.Children()
		for it.Next() {
			if err := tomlAssign(p, v, it.Node(), pos); err != nil {
				return nil, err
			}
		}
	default:
		return nil, &syntaxError{line: line, col: col, msg: fmt.Sprintf("unsupported TOML value (%s)", n.Kind)}
	}
	return v, nil
}
