package load

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	"brief/generator/countries"
	"brief/generator/site"

	"golang.org/x/text/unicode/norm"
)

var briefingKeys = []string{"title", "date", "updated", "countries", "sources", "summary", "slug", "tags", "author", "draft", "corrections", "aliases", "story"}

var correctionKeys = []string{"date", "text"}

var sourceKeys = []string{"name", "url", "title", "date"}

// PlaceholderSource is the source name `brief new` writes for the author to
// replace; check warns while it is there.
const PlaceholderSource = "Source to fill in"

// decodeBriefingFile makes the briefing of the file at p from its split
// text and front matter tree. A briefing with problems is still returned,
// so that later checks (duplicate slugs) see it.
func decodeBriefingFile(p string, sp split, fm *value, d *decoder, cfg *site.Config, now time.Time) *site.Briefing {
	if sp.Format == noFrontMatter {
		d.errAt(1, 1, "start the file with a --- line, the fields (title, date, countries, sources), and a closing --- line", "no front matter")
		return nil
	}
	// The body is not kept: it is read again when it is converted
	// (Loader.Body), so that memory does not hold every body of a large
	// site at once.
	b := &site.Briefing{Path: p, BodyLine: sp.BodyLine}
	decodeBriefing(b, fm, 1, d, cfg, now)
	if b.Slug == "" && fm.get("slug") == nil {
		b.Slug = d.slugFromName(p)
	}
	return b
}

// slugFromName is the slug of a briefing at p that sets none, reporting a
// name that gives no valid one. A briefing of an edition alone (x.uk.md,
// d.path) passes the path its original would have (x.md).
func (d *decoder) slugFromName(p string) string {
	named, what, name := p, "file", path.Base(d.path)
	if path.Base(p) == site.BundleIndex {
		// Every briefing in a folder of its own is an index.md: the
		// folder names it.
		dir := path.Dir(p)
		named, what, name = dir+".md", "folder", path.Base(dir)
	}
	slug := slugFromFile(named)
	if !validSlug(slug) {
		d.errAt(1, 1, d.editionHint("rename the "+what+" using a-z, 0-9 and hyphens, or set slug:"), "%s name %q does not give a valid slug", what, name)
	}
	return slug
}

// requiredFields are the fields every briefing gives; a translation gives
// the first, title, and may take the others from its original.
var requiredFields = []string{"title", "date", "countries", "sources"}

// decodeBriefing fills a briefing from its front matter. fm is the front
// matter block; openLine is the line of its opening delimiter, where missing
// fields are reported. It returns where updated and corrections are
// written, for checking them against a date a translation takes from its
// original.
func decodeBriefing(b *site.Briefing, fm *value, openLine int, d *decoder, cfg *site.Config, now time.Time) datePlaces {
	d.checkKeys(fm, "briefing front matter", briefingKeys)
	for _, req := range requiredFields {
		if fm.get(req) == nil && (d.edition == nil || req == requiredFields[0]) {
			d.errAt(openLine, 1, requiredHint[req], "missing required field %q", req)
		}
	}
	var dateLine int
	var updatedAt *value
	var correctionsAt []*value
	for _, f := range fm.fields {
		v := f.val
		switch f.key {
		case "title":
			b.Title, _ = d.nonEmptyText("title", v, maxTitle)
		case "date":
			b.Date, _ = d.date("date", v, cfg.Location)
			dateLine = v.line
		case "updated":
			b.Updated, _ = d.date("updated", v, cfg.Location)
			updatedAt = v
		case "countries":
			b.Countries = d.countries(v)
		case "sources":
			b.Sources = d.sources(v, cfg.Location)
		case "summary":
			if s, ok := d.prose("summary", v, maxSummary); ok {
				b.Summary = strings.TrimSpace(s)
			}
		case "slug":
			if s, ok := d.nonEmptyText("slug", v, maxShortText); ok {
				if !validSlug(s) {
					d.err(v, "use lower-case letters a-z, digits and single hyphens, e.g. italy-talks", "invalid slug %q", s)
				} else {
					b.Slug = s
				}
			}
		case "tags":
			b.Tags = d.tags(v)
		case "author":
			b.Author, _ = d.text("author", v, maxAuthor)
		case "draft":
			b.Draft, _ = d.boolean("draft", v)
		case "corrections":
			b.Corrections, correctionsAt = d.corrections(v, cfg.Location)
		case "aliases":
			b.Aliases = d.aliases(v)
		case "story":
			if key, ok := d.nonEmptyText("story", v, maxShortText); ok {
				if !validSlug(key) {
					d.err(v, "name a file of content/stories/ without .md, e.g. story: bilateral-agreements", "invalid story key %q", key)
				} else {
					b.Story, b.StoryAt = key, site.Pos{Line: v.line, Col: v.col}
				}
			}
		}
	}
	at := datePlaces{updated: updatedAt, corrections: correctionsAt}
	d.checkDates(b, at)
	if fm.get("summary") == nil {
		d.probs.Warnf(d.path, openLine, 1, "add summary: one sentence shown in lists and feeds", "no summary; the first paragraph will be used")
	}
	if !b.Date.IsZero() && b.Date.After(now) {
		d.probs.Warnf(d.path, dateLine, fm.get("date").val.col, "it is left out of builds unless -future is given", "dated in the future (%s)", b.Date.Format("2006-01-02 15:04 MST"))
	}
	return at
}

// datePlaces are where a briefing's updated and corrections are written.
type datePlaces struct {
	updated     *value
	corrections []*value
}

// sameDay tells whether updated, written v, is a day alone (2024-07-15)
// and date's day: it then means some time that day, not its midnight, and
// a briefing of 10:00 updated that day is not updated before it.
func sameDay(v *value, updated, date time.Time) bool {
	return len(strings.TrimSpace(v.text)) == len(time.DateOnly) && updated.Format(time.DateOnly) == date.In(updated.Location()).Format(time.DateOnly)
}

// checkDates holds updated and the corrections to the briefing's date
// (when it has one), and makes the latest correction count as an update.
func (d *decoder) checkDates(b *site.Briefing, at datePlaces) {
	if at.updated != nil && !b.Date.IsZero() && !b.Updated.IsZero() && b.Updated.Before(b.Date) && !sameDay(at.updated, b.Updated, b.Date) {
		d.err(at.updated, "updated is the date of the last change, after date", "updated (%s) is before date (%s)", b.Updated.Format(time.RFC3339), b.Date.Format(time.RFC3339))
	}
	d.checkCorrections(b, at.corrections)
}

var requiredHint = map[string]string{
	"title":     "add a line such as title: \"Italy and Ukraine open talks\"",
	"date":      "add a line such as date: 2023-08-02",
	"countries": "add a line such as countries: [Ukraine, Italy]",
	"sources":   "add at least one source, e.g. sources: [{name: Reuters, url: \"https://www.reuters.com/\"}]",
}

func (d *decoder) countries(v *value) []*countries.Country {
	items, ok := d.list("countries", v)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.err(v, "name at least one country, e.g. countries: [Ukraine]", "countries is empty")
		return nil
	}
	if d.tooMany(v, items, "countries", maxCountries, "list the countries the briefing is about; put a group of them (EU, NATO) in tags") {
		return nil
	}
	var out []*countries.Country
	seen := map[string]bool{}
	add := func(c *countries.Country, at *value) {
		if seen[c.Key()] {
			d.probs.Warnf(d.path, at.line, at.col, "remove the repetition", "%s is listed twice", d.countryName(c))
			return
		}
		seen[c.Key()] = true
		out = append(out, c)
	}
	for _, item := range items {
		name, ok := d.nonEmptyText("a country", item, maxCountryName)
		if !ok {
			continue
		}
		if c, ok := d.findCountry(name); ok {
			add(c, item)
			continue
		}
		// "Ukraine, Italy" written as one string: accept it when every part is
		// a country (a name such as "Korea, Republic of" was tried whole first).
		if parts := strings.Split(name, ","); len(parts) > 1 {
			var found []*countries.Country
			for _, p := range parts {
				if c, ok := d.findCountry(p); ok {
					found = append(found, c)
				}
			}
			if len(found) == len(parts) {
				for _, c := range found {
					add(c, item)
				}
				continue
			}
		}
		if org, ok := countries.Organisation(name); ok {
			d.err(item, "list organisations in tags, e.g. tags: ["+org+"]", "%q is an organisation, not a country", name)
			continue
		}
		hint := d.countryHint(name)
		d.err(item, hint, "unknown country %q", name)
	}
	return out
}

// quoteList formats names as `"a", "b" or "c"`.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

func (d *decoder) sources(v *value, loc *time.Location) []site.Source {
	items, ok := d.list("sources", v)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.err(v, requiredHint["sources"], "sources is empty")
		return nil
	}
	if d.tooMany(v, items, "sources", maxSources, "cite the sources the briefing relies on") {
		return nil
	}
	var out []site.Source
	for _, item := range items {
		switch item.kind {
		case kindString:
			if name, ok := d.nonEmptyText("a source name", item, maxSourceName); ok {
				out = append(out, site.Source{Name: name})
			}
			continue
		case kindMap:
		default:
			d.err(item, "write a name, or {name: ..., url: ...}", "a source must be a name or a set of fields, not %s", item.kind)
			continue
		}
		d.checkKeys(item, "source", sourceKeys)
		var s site.Source
		valid := true
		for _, f := range item.fields {
			ok := true
			switch f.key {
			case "name":
				s.Name, ok = d.nonEmptyText("source name", f.val, maxSourceName)
			case "url":
				if s.URL, ok = d.nonEmptyText("source url", f.val, maxURL); ok {
					if err := CheckWebURL(s.URL); err != nil {
						d.err(f.val, urlHint, "source url: %v", err)
						ok = false
					}
				}
			case "title":
				s.Title, ok = d.text("source title", f.val, maxSourceTitle)
				s.Title = strings.TrimSpace(s.Title)
			case "date":
				s.Date, ok = d.date("source date", f.val, loc)
			}
			valid = valid && ok
		}
		if item.get("name") == nil {
			d.err(item, "add name: the publisher, e.g. name: Reuters", "a source needs a name")
			valid = false
		}
		if s.Name == PlaceholderSource {
			d.probs.Warnf(d.path, item.line, item.col, "name the publisher and link the article", "source is still the placeholder")
		}
		if valid {
			out = append(out, s)
		}
	}
	return out
}

func (d *decoder) tags(v *value) []site.Tag {
	items, ok := d.list("tags", v)
	if !ok || d.tooMany(v, items, "tags", maxTags, "keep the topics readers follow; every tag gets a page and a feed") {
		return nil
	}
	var out []site.Tag
	seen := map[string]bool{}
	for _, item := range items {
		name, ok := d.nonEmptyText("a tag", item, maxTagName)
		if !ok {
			continue
		}
		if strings.IndexFunc(name, site.Invisible) >= 0 {
			// The key ignores them already; the name loses them too, so
			// that the tag's page shows what its address says.
			d.probs.Warnf(d.path, item.line, item.col, "delete them; invisible characters make tags that look alike but differ",
				"tag %q holds invisible characters; they were removed", name)
			name = strings.TrimSpace(strings.Map(func(r rune) rune {
				if site.Invisible(r) {
					return -1
				}
				return r
			}, name))
		}
		key := site.TagKey(name)
		switch {
		case key == "":
			d.err(item, "a tag needs at least one letter or digit", "tag %q cannot be used in an address", name)
			continue
		case len(key) > maxTagKey:
			d.err(item, fmt.Sprintf("shorten the tag; written in Latin letters, its address may take %d characters", maxTagKey),
				"tag %q makes an address of %d characters; at most %d are allowed", name, len(key), maxTagKey)
			continue
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, site.Tag{Name: name, Key: key})
		}
	}
	return out
}

// corrections decodes the corrections: list, each {date, text}, sorted
// oldest first.
// at holds where each correction is written.
func (d *decoder) corrections(v *value, loc *time.Location) (out []site.Correction, at []*value) {
	items, ok := d.list("corrections", v)
	if !ok || d.tooMany(v, items, "corrections", maxCorrections, "keep the corrections of this briefing; a briefing this wrong needs rewriting") {
		return nil, nil
	}
	for _, item := range items {
		if item.kind != kindMap {
			d.err(item, "write - date: 2024-03-02 and text: what was wrong and what is right", "a correction must be a set of fields, not %s", item.kind)
			continue
		}
		d.checkKeys(item, "correction", correctionKeys)
		var c site.Correction
		valid := true
		for _, f := range item.fields {
			ok := true
			switch f.key {
			case "date":
				c.Date, ok = d.date("correction date", f.val, loc)
			case "text":
				c.Text, ok = d.nonEmptyText("correction text", f.val, maxCorrectionText)
				c.Text = strings.TrimSpace(c.Text)
			}
			valid = valid && ok
		}
		for _, req := range correctionKeys {
			if item.get(req) == nil {
				d.err(item, "a correction says when (date:) and what was wrong (text:)", "a correction needs %s", req)
				valid = false
			}
		}
		if valid {
			out, at = append(out, c), append(at, item)
		}
	}
	// Oldest first, as they happened; the order written does not matter.
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return out[idx[i]].Date.Before(out[idx[j]].Date) })
	sorted, sortedAt := make([]site.Correction, len(out)), make([]*value, len(out))
	for k, i := range idx {
		sorted[k], sortedAt[k] = out[i], at[i]
	}
	return sorted, sortedAt
}

// checkCorrections holds each correction to the briefing's date (at is
// where each is written), and makes the latest one count as an update.
func (d *decoder) checkCorrections(b *site.Briefing, at []*value) {
	if len(b.Corrections) == 0 {
		return
	}
	for i, c := range b.Corrections {
		if !b.Date.IsZero() && c.Date.Before(b.Date) {
			d.err(at[i], "a correction comes after the briefing it corrects; check the year and month",
				"correction dated %s is before the briefing's date (%s)", c.Date.Format("2006-01-02"), b.Date.Format("2006-01-02"))
		}
	}
	if last := b.Corrections[len(b.Corrections)-1].Date; last.After(b.Updated) {
		b.Updated = last
	}
}

// aliases decodes the aliases: list of former addresses.
func (d *decoder) aliases(v *value) []site.Alias {
	items, ok := d.list("aliases", v)
	if !ok || d.tooMany(v, items, "aliases", maxAliases, "keep the addresses that were published; an alias is for good") {
		return nil
	}
	var out []site.Alias
	seen := map[string]bool{}
	for _, item := range items {
		s, ok := d.nonEmptyText("an alias", item, maxURL)
		if !ok {
			continue
		}
		a, err := CleanAlias(s)
		if err != nil {
			d.err(item, "write the old address from the site's root, e.g. /briefings/old-slug/", "alias %q: %v", s, err)
			continue
		}
		if seen[a] {
			d.probs.Warnf(d.path, item.line, item.col, "remove the repetition", "alias %s is listed twice", a)
			continue
		}
		seen[a] = true
		out = append(out, site.Alias{Path: a, At: site.Pos{Line: item.line, Col: item.col}})
	}
	return out
}

// aliasSegment is what one segment of an alias may hold: the characters
// of addresses that need no escaping, so that the old address, the file
// written for it and the _redirects line all say the same thing.
var aliasSegment = regexp.MustCompile(`^[A-Za-z0-9._~-]+$`)

// CleanAlias checks a former address and returns it in its one written
// form: "/" first, and "/" last unless it names an .html file. An alias
// becomes a file in the output folder, so nothing that could reach outside
// it ("..", a backslash, a scheme or host) is accepted.
func CleanAlias(s string) (string, error) {
	switch {
	case strings.Contains(s, "://") || strings.HasPrefix(s, "//"):
		return "", fmt.Errorf("an alias is an address on this site, not a full URL")
	case !strings.HasPrefix(s, "/"):
		return "", fmt.Errorf("an alias starts with /")
	case strings.ContainsAny(s, "?#"):
		return "", fmt.Errorf("an alias cannot hold a query or a fragment")
	}
	trimmed := strings.Trim(s, "/")
	if trimmed == "" {
		return "", fmt.Errorf("the home page cannot be an alias")
	}
	for _, seg := range strings.Split(trimmed, "/") {
		switch {
		case seg == "":
			return "", fmt.Errorf("an alias cannot hold an empty segment (//)")
		case seg == "." || seg == "..":
			return "", fmt.Errorf("an alias cannot hold . or .. segments")
		case len(seg) > 200:
			return "", fmt.Errorf("a segment of an alias is longer than 200 bytes")
		case !aliasSegment.MatchString(seg):
			return "", fmt.Errorf("use letters a-z, digits and - . _ ~ only")
		}
	}
	if strings.HasSuffix(trimmed, ".html") && !strings.HasSuffix(s, "/") {
		return "/" + trimmed, nil
	}
	return "/" + trimmed + "/", nil
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func validSlug(s string) bool { return len(s) <= 200 && slugPattern.MatchString(s) }

var datePrefix = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}-`)

// slugFromFile derives a slug from a file name: the extension and a leading
// YYYY-MM-DD- are dropped, letters are lower-cased and stripped of accents,
// and spaces or underscores become hyphens. The result may still be invalid
// (a name in another script); the caller checks it.
func slugFromFile(p string) string {
	name := strings.TrimSuffix(path.Base(p), path.Ext(p))
	name = datePrefix.ReplaceAllString(name, "")
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '_' || r == ' ':
			b.WriteByte('-')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ValidSlug reports whether s can be a briefing's slug, as brief slug
// checks before it rewrites a file.
func ValidSlug(s string) bool { return validSlug(s) }
