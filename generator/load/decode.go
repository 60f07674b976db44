package load

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"brief/generator/diag"
	"brief/generator/internal/editdist"
	"brief/generator/site"
)

// decoder turns a value tree into typed fields, reporting every problem with
// the place of the offending value.
type decoder struct {
	path  string
	probs *diag.List
	// edition is the edition a file belongs to (x.uk.md), or nil: its
	// countries may be named in the edition's language, and its fields
	// but title may come from its original (see translations.go).
	edition *site.EditionConfig
	// cfg is the site's settings, for hints that name them; nil while
	// site.yaml itself is read.
	cfg *site.Config
}

func (d *decoder) errAt(line, col int, hint, format string, args ...any) {
	d.probs.Errorf(d.path, line, col, hint, format, args...)
}

func (d *decoder) err(v *value, hint, format string, args ...any) {
	d.errAt(v.line, v.col, hint, format, args...)
}

// checkKeys reports every field of m that is not in known, suggesting the
// nearest known name.
func (d *decoder) checkKeys(m *value, what string, known []string) {
	for _, f := range m.fields {
		if slices.Contains(known, f.key) {
			continue
		}
		hint := "known fields: " + strings.Join(known, ", ")
		if len(known) == 0 {
			hint = "it takes no front matter: remove it"
		}
		if near := editdist.Nearest(strings.ToLower(f.key), known); near != "" {
			hint = fmt.Sprintf("did you mean %q?", near)
		}
		d.errAt(f.line, f.col, hint, "unknown field %q in %s", f.key, what)
	}
}

// text reads a scalar as text of one line and at most limit characters.
// Numbers are accepted as written (a title may well be "1984");
// true/false, lists and maps are not.
func (d *decoder) text(name string, v *value, limit int) (string, bool) {
	return d.textOf(name, v, limit, false)
}

// prose reads a scalar as text that may span lines (a summary).
func (d *decoder) prose(name string, v *value, limit int) (string, bool) {
	return d.textOf(name, v, limit, true)
}

func (d *decoder) textOf(name string, v *value, limit int, lines bool) (string, bool) {
	switch v.kind {
	case kindString, kindInt, kindFloat, kindDate:
	default:
		d.err(v, "write it as text, in quotes if it contains a colon", "%s must be text, not %s", name, v.kind)
		return "", false
	}
	// Leading and trailing space is dropped by every reader of a text, and
	// a block scalar (title: |) ends with a line break: neither counts.
	trimmed := strings.TrimSpace(v.text)
	if d.tooLong(v, name, trimmed, limit) || !d.printable(v, name, trimmed, lines) {
		return "", false
	}
	return v.text, true
}

// printable refuses control characters and bidirectional controls in a
// text (tab is allowed, line breaks where lines is set). They do not show,
// yet they reach pages, feeds and terminals: an ESC or a BEL garbles a
// terminal, and an override (U+202E) makes text display in another order
// than it is written, so that a title or a link reads as something else.
// Refusing them, rather than stripping, leaves the author's text as
// written or not at all.
func (d *decoder) printable(v *value, name, s string, lines bool) bool {
	n := 0
	for _, r := range s {
		n++
		switch {
		case r == '\t', r == '\n' && lines:
			continue
		case r == '\n':
			d.err(v, "write the "+name+" on one line", "%s: line break (character %d) is not allowed", name, n)
		case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0x2028, r == 0x2029:
			d.err(v, "remove it; control characters do not show in text and garble terminals and feeds", "%s: control character %U (character %d) is not allowed", name, r, n)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			d.err(v, "remove it; it makes text display in another order than it is written", "%s: bidirectional control %U (character %d) is not allowed", name, r, n)
		default:
			continue
		}
		return false
	}
	return true
}

// nonEmptyText reads a scalar as text of one line that must not be blank,
// without its leading and trailing space.
func (d *decoder) nonEmptyText(name string, v *value, limit int) (string, bool) {
	s, ok := d.text(name, v, limit)
	if !ok {
		return "", false
	}
	s = strings.TrimSpace(s)
	if s == "" {
		d.err(v, "write the "+name+" between the quotes", "%s is empty", name)
		return "", false
	}
	return s, true
}

// list reads a list; a single scalar counts as a list of one, since authors
// often write `tags: NATO`.
func (d *decoder) list(name string, v *value) ([]*value, bool) {
	switch v.kind {
	case kindList:
		return v.items, true
	case kindString:
		return []*value{v}, true
	}
	d.err(v, fmt.Sprintf("write a list, e.g. %s: [first, second]", name), "%s must be a list, not %s", name, v.kind)
	return nil, false
}

func (d *decoder) boolean(name string, v *value) (bool, bool) {
	if v.kind == kindBool {
		return v.text == "true", true
	}
	d.err(v, "write true or false", "%s must be true or false, not %s", name, v.kind)
	return false, false
}

func (d *decoder) positiveInt(name string, v *value) (int, bool) {
	if v.kind == kindInt {
		n, err := strconv.Atoi(strings.ReplaceAll(v.text, "_", ""))
		if err == nil && n > 0 {
			return n, true
		}
	}
	d.err(v, "write a whole number above zero", "%s must be a positive whole number", name)
	return 0, false
}

// dateLayouts are the forms an author may write a date in. Forms without a
// zone are read in the site's time zone.
var dateLayouts = []struct {
	layout string
	zoned  bool
}{
	{time.RFC3339Nano, true},
	{"2006-01-02 15:04:05Z07:00", true},
	{"2006-01-02T15:04Z07:00", true},
	{"2006-01-02", false},
	{"2006-01-02T15:04", false},
	{"2006-01-02 15:04", false},
	{"2006-01-02T15:04:05", false},
	{"2006-01-02 15:04:05", false},
	{"2006-01-02T15:04:05.999999999", false},
}

const dateHint = "write it as 2023-08-02, 2023-08-02T14:30 or 2023-08-02T14:30:00+03:00"

// parseDate reads one of the accepted date forms.
func parseDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		var t time.Time
		var err error
		if l.zoned {
			t, err = time.Parse(l.layout, s)
		} else {
			t, err = time.ParseInLocation(l.layout, s, loc)
		}
		if err == nil {
			return t, nil
		}
	}
	if len(s) >= 10 {
		// When the day itself is wrong (2023-02-30), say so rather than
		// complain about the layout.
		var pe *time.ParseError
		if _, err := time.Parse("2006-01-02", s[:10]); errors.As(err, &pe) && strings.Contains(pe.Message, "out of range") {
			return time.Time{}, fmt.Errorf("impossible date %q (%s)", s, strings.TrimPrefix(pe.Message, ": "))
		}
	}
	return time.Time{}, fmt.Errorf("invalid date %q", s)
}

func (d *decoder) date(name string, v *value, loc *time.Location) (time.Time, bool) {
	switch v.kind {
	case kindString, kindDate:
		t, err := parseDate(v.text, loc)
		if err == nil {
			return t, true
		}
		d.err(v, dateHint, "%s: %v", name, err)
	default:
		d.err(v, dateHint, "%s must be a date, not %s", name, v.kind)
	}
	return time.Time{}, false
}

// CheckWebURL checks that s is an absolute http or https address, the only
// kind brief links to from front matter and settings; anything else
// (javascript:, data:, file:, a bare host) could harm readers or break links.
func CheckWebURL(s string) error {
	if len(s) > maxURL {
		return fmt.Errorf("URL is %s bytes long; at most %s are allowed", count(len(s)), count(maxURL))
	}
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%q is not a valid URL", s)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "":
		return fmt.Errorf("URL %q has no scheme", s)
	default:
		return fmt.Errorf("URL scheme %q is not allowed in %q", u.Scheme, s)
	}
	if u.Host == "" {
		return fmt.Errorf("URL %q has no host", s)
	}
	if strings.ContainsAny(s, " \t\n<>\"") {
		return fmt.Errorf("URL %q contains spaces, quotes or angle brackets", s)
	}
	return nil
}

// CheckBaseURL checks the address a site is published at (base_url, and
// -base-url): an absolute http(s) URL of the form
// scheme://host[:port]/path/. Every absolute link, the feeds and the
// sitemap are made by appending to it, so a user:password@ would be
// published on every page, and a ?query or #fragment would end up in the
// middle of every link and break them all.
func CheckBaseURL(s string) error {
	if err := CheckWebURL(s); err != nil {
		return err
	}
	u, _ := url.Parse(s) // CheckWebURL parsed it
	switch {
	case u.User != nil:
		return fmt.Errorf("address %q holds a user name or password; they would be published in every link", s)
	case u.RawQuery != "" || u.ForceQuery:
		return fmt.Errorf("address %q has a query (?…); it would break every link made from it", s)
	case u.Fragment != "" || strings.Contains(s, "#"):
		return fmt.Errorf("address %q has a fragment (#…); it would break every link made from it", s)
	case strings.HasSuffix(u.Host, ":"):
		return fmt.Errorf("address %q has an empty port", s)
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("address %q has port %s; a port is 1 to 65535", s, port)
		}
	}
	if p := strings.TrimSuffix(u.EscapedPath(), "/"); p != "" && path.Clean(p) != p {
		return fmt.Errorf("address %q has a path with empty, . or .. parts", s)
	}
	return nil
}

const urlHint = "use an absolute address starting with https:// or http://"

// baseURLHint is the form base_url must take.
const baseURLHint = "write it as scheme://host[:port]/path/, e.g. https://briefings.example.org/ or https://example.org/briefings/"
