package load

import (
	"fmt"
	"strings"
	"time"

	"brief/generator/site"

	"golang.org/x/text/language"
)

// ConfigFile is the name of the site settings file at the site root.
const ConfigFile = "site.yaml"

var configKeys = []string{"title", "base_url", "description", "language", "timezone", "per_page", "feed_limit", "author", "publisher", "markdown"}

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
			cfg.Title, _ = d.nonEmptyText("title", v)
		case "base_url":
			s, ok := d.nonEmptyText("base_url", v)
			if !ok {
				break
			}
			if err := CheckWebURL(s); err != nil {
				d.err(v, "the public address of the site, e.g. https://briefings.example.org/", "base_url: %v", err)
				break
			}
			cfg.BaseURL = strings.TrimRight(s, "/")
		case "description":
			cfg.Description, _ = d.text("description", v)
		case "language":
			s, ok := d.nonEmptyText("language", v)
			if !ok {
				break
			}
			if _, err := language.Parse(s); err != nil {
				d.err(v, "a BCP 47 tag such as en, fr or pt-BR", "language %q is not a valid language tag", s)
				break
			}
			cfg.Language = s
		case "timezone":
			s, ok := d.nonEmptyText("timezone", v)
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
			cfg.Author, _ = d.text("author", v)
		case "publisher":
			cfg.Publisher, _ = d.text("publisher", v)
		case "markdown":
			if v.kind != kindMap {
				d.err(v, "write markdown: {unsafe: true}", "markdown must be a set of fields, not %s", v.kind)
				break
			}
			d.checkKeys(v, "markdown settings", []string{"unsafe"})
			if u := v.get("unsafe"); u != nil {
				cfg.UnsafeHTML, _ = d.boolean("markdown.unsafe", u.val)
			}
		}
	}
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
