package generator

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"brief/generator/load"
	"brief/generator/site"
)

// SlugResult is what RenameSlug did.
type SlugResult struct {
	Path     string // the briefing's file, relative to the site root
	From, To string // its old and new address
}

// RenameSlug gives the briefing in file (a path as the user typed it) the
// slug newSlug and records its old address in its aliases, so that every
// link to it keeps working. Only the lines of slug: and aliases: change;
// every other byte of the file, comments included, stays. The file is
// written only when the site loads without new errors afterwards.
func RenameSlug(src, file, newSlug string, now time.Time) (SlugResult, error) {
	root, abs, rel, err := sitePath(src, file)
	if err != nil {
		return SlugResult{}, err
	}
	if !load.ValidSlug(newSlug) {
		return SlugResult{}, fmt.Errorf("invalid slug %q: use lower-case letters a-z, digits and single hyphens, e.g. italy-talks", newSlug)
	}
	fsys := os.DirFS(root)
	s, probs := load.Load(fsys, load.Options{Now: now})
	var b *site.Briefing
	for _, x := range s.Briefings {
		if x.Path == rel {
			b = x
		}
	}
	if b == nil {
		return SlugResult{}, fmt.Errorf("%s is not a briefing of the site in %s (briefings are in %s/)", file, src, load.BriefingsDir)
	}
	if b.Slug == "" {
		return SlugResult{}, fmt.Errorf("%s has errors that hide its slug; run brief check", rel)
	}
	res := SlugResult{Path: rel, From: b.URL(), To: site.BriefingURL(newSlug)}
	if newSlug == b.Slug {
		return SlugResult{}, fmt.Errorf("%s already has the slug %q", rel, newSlug)
	}
	for _, x := range s.Briefings {
		if x.Slug == newSlug {
			return SlugResult{}, fmt.Errorf("slug %q is taken by %s", newSlug, x.Path)
		}
		for _, a := range x.Aliases {
			if a.Path == res.To {
				return SlugResult{}, fmt.Errorf("%s is an alias of %s; remove it from its aliases first", res.To, x.Path)
			}
		}
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return SlugResult{}, err
	}
	out, err := rewriteSlug(data, newSlug, res.From)
	if err != nil {
		return SlugResult{}, fmt.Errorf("%s: %v", rel, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return SlugResult{}, err
	}
	if err := writeFileAtomic(abs, out, st.Mode().Perm()); err != nil {
		return SlugResult{}, err
	}
	// The site must load as well as before, and the file must say what
	// was meant (the line edits can be fooled, by a comment holding a
	// bracket): otherwise the file goes back as it was, and the user
	// hears why.
	loaded, after := load.Load(fsys, load.Options{Now: now})
	if after.Errors() <= probs.Errors() && !renamed(loaded, rel, newSlug, res.From) {
		if err := writeFileAtomic(abs, data, st.Mode().Perm()); err != nil {
			return SlugResult{}, err
		}
		return SlugResult{}, fmt.Errorf("%s: could not rewrite its front matter safely (set slug: %s and add %s to aliases by hand); file left as it was", rel, newSlug, res.From)
	}
	if after.Errors() > probs.Errors() {
		if err := writeFileAtomic(abs, data, st.Mode().Perm()); err != nil {
			return SlugResult{}, err
		}
		for _, p := range after {
			if p.Path == rel {
				return SlugResult{}, fmt.Errorf("the new front matter would not load, file left as it was: %s", p.String())
			}
		}
		return SlugResult{}, errors.New("the site would have new errors; file left as it was")
	}
	return res, nil
}

// renamed reports whether the briefing at path in s has the slug slug and
// keeps the address from among its aliases.
func renamed(s *site.Site, path, slug, from string) bool {
	for _, b := range s.Briefings {
		if b.Path == path {
			return b.Slug == slug && slices.ContainsFunc(b.Aliases, func(a site.Alias) bool { return a.Path == from })
		}
	}
	return false
}

// writeFileAtomic replaces the file at p with data: a reader, or a crash,
// sees the old file or the new one, never half of it.
func writeFileAtomic(p string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(p), ".brief-slug-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}

// Front matter lines brief slug edits, in YAML (key: value) and TOML
// (key = value). Only top-level keys, at the start of a line, count.
var (
	yamlSlug    = regexp.MustCompile(`^slug[ \t]*:[ \t]*("[^"]*"|'[^']*'|[^\s#]+)?`)
	tomlSlug    = regexp.MustCompile(`^slug[ \t]*=[ \t]*("[^"]*"|'[^']*')`)
	yamlAliases = regexp.MustCompile(`^aliases[ \t]*:`)
	tomlAliases = regexp.MustCompile(`^aliases[ \t]*=`)
	tomlTable   = regexp.MustCompile(`^\[`)
	blockItem   = regexp.MustCompile(`^([ \t]*-[ \t]+)`)
)

// sitePath places a file named as the user typed it (from the working
// folder) in the site at src: the site's folder and the file's absolute
// path, and the file's slash-separated path from the site's root. A file
// outside the site is refused.
func sitePath(src, file string) (root, abs, rel string, err error) {
	if root, err = filepath.Abs(src); err != nil {
		return "", "", "", err
	}
	if abs, err = filepath.Abs(file); err != nil {
		return "", "", "", err
	}
	rel, err = filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", "", "", fmt.Errorf("%s is not in the site %s", file, src)
	}
	return root, abs, filepath.ToSlash(rel), nil
}

// rewriteSlug sets the slug of a briefing's front matter and appends old
// to its aliases, creating either key when missing; it touches no other
// line.
func rewriteSlug(src []byte, slug, old string) ([]byte, error) {
	nl := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		nl = "\r\n"
	}
	lines := strings.SplitAfter(string(src), "\n")
	delim := strings.TrimRight(lines[0], " \t\r\n")
	if delim != "---" && delim != "+++" {
		return nil, errors.New("no front matter to edit")
	}
	toml := delim == "+++"
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " \t\r\n") == delim {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, errors.New("front matter is not closed")
	}
	slugLine, aliasLine, firstTable := -1, -1, end
	for i := 1; i < end; i++ {
		l := lines[i]
		switch {
		case toml && firstTable == end && tomlTable.MatchString(l):
			firstTable = i
		case i >= firstTable:
			// Keys under a TOML table are not the briefing's own.
		case !toml && yamlSlug.MatchString(l) || toml && tomlSlug.MatchString(l):
			slugLine = i
		case !toml && yamlAliases.MatchString(l) || toml && tomlAliases.MatchString(l):
			aliasLine = i
		}
	}
	// New lines go where top-level keys may: before the closing line, or
	// in TOML before the first table.
	var inserts []string
	if slugLine >= 0 {
		re, value := yamlSlug, slug
		if toml {
			re, value = tomlSlug, `"`+slug+`"`
		}
		loc := re.FindStringSubmatchIndex(lines[slugLine])
		if loc[2] < 0 {
			lines[slugLine] = lines[slugLine][:loc[1]] + " " + value + lines[slugLine][loc[1]:]
		} else {
			lines[slugLine] = lines[slugLine][:loc[2]] + value + lines[slugLine][loc[3]:]
		}
	} else if toml {
		inserts = append(inserts, `slug = "`+slug+`"`+nl)
	} else {
		inserts = append(inserts, "slug: "+slug+nl)
	}
	if aliasLine < 0 {
		if toml {
			inserts = append(inserts, `aliases = ["`+old+`"]`+nl)
		} else {
			inserts = append(inserts, "aliases: ["+old+"]"+nl)
		}
	} else if err := appendAlias(lines, aliasLine, end, old, toml, nl); err != nil {
		return nil, err
	}
	out := append(append(append([]string{}, lines[:firstTable]...), inserts...), lines[firstTable:]...)
	return []byte(strings.Join(out, "")), nil
}

// appendAlias adds old to the aliases list starting on lines[at]: a flow
// list on that line ([a, b]) or a YAML block list below it (- a).
func appendAlias(lines []string, at, end int, old string, toml bool, nl string) error {
	l := lines[at]
	item := old
	if toml {
		item = `"` + old + `"`
	}
	if open := strings.IndexByte(l, '['); open >= 0 {
		closing := strings.LastIndexByte(l, ']')
		if closing < open {
			return errors.New("aliases is a list over several lines; add " + old + " to it by hand")
		}
		inside := strings.TrimSpace(l[open+1 : closing])
		sep := ", "
		if inside == "" {
			sep = ""
		}
		lines[at] = strings.TrimRight(l[:closing], " \t") + sep + item + l[closing:]
		return nil
	}
	if toml {
		return errors.New("aliases is not a list; write aliases = [\"" + old + "\"]")
	}
	// A block list: the new item goes after the last, written like it.
	last, prefix := -1, "  - "
	for i := at + 1; i < end; i++ {
		trimmed := strings.TrimSpace(lines[i])
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		m := blockItem.FindString(lines[i])
		if m == "" && lines[i][0] != ' ' && lines[i][0] != '\t' {
			break // the next key
		}
		if m != "" {
			prefix = m
		}
		last = i
	}
	if last < 0 {
		rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "aliases:"))
		if rest != "" && !strings.HasPrefix(rest, "#") {
			return errors.New("aliases is not a list; write aliases: [" + old + "]")
		}
		lines[at] = "aliases: [" + old + "]" + nl
		return nil
	}
	// The item's line ends in a line break: the closing delimiter follows.
	lines[last] += prefix + old + nl
	return nil
}
