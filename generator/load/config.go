package load

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"brief/generator/site"

	"golang.org/x/text/language"
)

// ConfigFile is the name of the site settings file at the site root.
const ConfigFile = "site.yaml"

var configKeys = []string{"title", "base_url", "description", "language", "timezone", "per_page", "feed_limit", "author", "publisher", "markdown", "keep", "languages"}

// decodeConfig reads site.yaml. Problems are added to d; the returned config
// has every default filled in even when some fields were wrong, so that the
// briefings can still be checked against it.
func decodeConfig(src []byte, d *decoder) site.Config {
	cfg := site.Config{Language: "en", Timezone: "UTC", Location: time.UTC, PerPage: 20, FeedLimit: 50}
	src = normalise(src)
	root, err := parseYAML(src, 1)
	if err != nil {
		se := err.(*syntaxError)
		d.errAt(se.line, se.col, se.hint, "%s", se.msg)
		return cfg
	}
	d.checkKeys(root, ConfigFile, configKeys)
	for _, f := range root.fields {
		v := f.val
		switch f.key {
		case "title":
			cfg.Title, _ = d.nonEmptyText("title", v, maxTitle)
		case "base_url":
			s, ok := d.nonEmptyText("base_url", v, maxURL)
			if !ok {
				break
			}
			if err := CheckWebURL(s); err != nil {
				d.err(v, "the public address of the site, e.g. https://briefings.example.org/", "base_url: %v", err)
				break
			}
			if err := CheckBaseURL(s); err != nil {
				d.err(v, baseURLHint, "base_url: %v", err)
				break
			}
			cfg.BaseURL = strings.TrimRight(s, "/")
		case "description":
			cfg.Description, _ = d.prose("description", v, maxDescription)
		case "language":
			s, ok := d.nonEmptyText("language", v, maxShortText)
			if !ok {
				break
			}
			if _, err := language.Parse(s); err != nil {
				d.err(v, "a BCP 47 tag such as en, fr or pt-BR", "language %q is not a valid language tag", s)
				break
			}
			cfg.Language = s
		case "timezone":
			s, ok := d.nonEmptyText("timezone", v, maxShortText)
			if !ok {
				break
			}
			loc, err := time.LoadLocation(s)
			if err != nil || s == "Local" {
				d.err(v, "an IANA name such as UTC, Europe/Kyiv or America/New_York", "unknown time zone %q", s)
				break
			}
			cfg.Timezone, cfg.Location = s, loc
		case "per_page":
			if n, ok := d.positiveInt("per_page", v); ok {
				cfg.PerPage = n
			}
		case "feed_limit":
			if n, ok := d.positiveInt("feed_limit", v); ok {
				cfg.FeedLimit = n
			}
		case "author":
			cfg.Author, _ = d.text("author", v, maxAuthor)
		case "publisher":
			cfg.Publisher, _ = d.text("publisher", v, maxAuthor)
		case "markdown":
			if v.kind != kindMap {
				d.err(v, "write markdown: {unsafe: true}", "markdown must be a set of fields, not %s", v.kind)
				break
			}
			d.checkKeys(v, "markdown settings", []string{"unsafe"})
			if u := v.get("unsafe"); u != nil {
				cfg.UnsafeHTML, _ = d.boolean("markdown.unsafe", u.val)
			}
		case "keep":
			cfg.Keep = d.keep(v)
		case "languages":
			cfg.Editions = d.editions(v)
		}
	}
	d.checkLanguages(&cfg, root)
	for _, req := range []struct{ key, hint string }{
		{"title", "add a line such as title: World Briefings"},
		{"base_url", "add the public address, e.g. base_url: https://briefings.example.org/"},
	} {
		if root.get(req.key) == nil {
			d.errAt(1, 1, req.hint, "%s", fmt.Sprintf("missing required setting %q", req.key))
		}
	}
	return cfg
}

// keep reads the keep: list, paths inside the output folder that brief did
// not write and leaves in place. Each is checked to stay inside the output:
// relative, clean, without "..". A trailing slash (".well-known/") is
// allowed and dropped.
func (d *decoder) keep(v *value) []string {
	items, ok := d.list("keep", v)
	if !ok || d.tooMany(v, items, "paths to keep", maxKeep, "list folders rather than every file in them") {
		return nil
	}
	var out []string
	for _, item := range items {
		s, ok := d.nonEmptyText("keep entry", item, maxShortText)
		if !ok {
			continue
		}
		if err := checkKeepPath(s); err != nil {
			d.err(item, "write a path inside the output folder, e.g. CNAME, .nojekyll or .well-known/", "keep: %v", err)
			continue
		}
		p := strings.TrimSuffix(s, "/")
		if slices.Contains(out, p) {
			d.probs.Warnf(d.path, item.line, item.col, "remove the repetition", "keep: %q is listed twice", s)
			continue
		}
		out = append(out, p)
	}
	return out
}

// checkKeepPath tells what is wrong with a keep: entry, or nil.
func checkKeepPath(s string) error {
	p := strings.TrimSuffix(s, "/")
	switch {
	case strings.HasPrefix(s, "/"):
		return fmt.Errorf("%q is absolute; paths are relative to the output folder", s)
	case strings.Contains(s, "\\"):
		return fmt.Errorf("%q holds a backslash; separate folders with /", s)
	case p == "" || p == ".":
		return fmt.Errorf("%q names the whole output folder", s)
	case slices.Contains(strings.Split(p, "/"), ".."):
		return fmt.Errorf("%q leads out of the output folder with ..", s)
	case path.Clean(p) != p:
		return fmt.Errorf("%q is not a clean path (empty or . parts)", s)
	}
	return nil
}
