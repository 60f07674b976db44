package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"brief/generator/countries"
	"brief/generator/load"
	"brief/generator/site"

	"golang.org/x/text/language"
)

// NewOptions describe the briefing `brief new` starts.
type NewOptions struct {
	Src       string
	Title     string
	Countries string // comma-separated names, aliases or codes
	Tags      string // comma-separated
	Date      string // YYYY-MM-DD; today when empty
	Slug      string // the address; made from the title when empty
	// Lang makes the briefing one of that edition alone
	// (<date>-<slug>.<lang>.md), its countries named in its language;
	// empty for one of the site's own language.
	Lang string
	Now  time.Time
}

// maxTitleSlug is the length at which a slug made from a title is cut, at
// the end of a word: long enough for the gist of a headline, short enough
// for an address one reads.
const maxTitleSlug = 60

// NewBriefing writes content/briefings/<date>-<slug>.md with valid front
// matter: the countries resolved, draft: true, and a source placeholder the
// author must replace (brief check warns until it is). It refuses to
// overwrite a file and returns the path written.
func NewBriefing(o NewOptions) (string, error) {
	title := strings.TrimSpace(o.Title)
	if title == "" {
		return "", errors.New(`a title is required, e.g. brief new -countries "Ukraine, Italy" "Italy and Ukraine open talks"`)
	}
	date := o.Date
	if date == "" {
		date = o.Now.Format("2006-01-02")
	}
	if _, err := time.Parse("2006-01-02", date); err != nil {
		return "", fmt.Errorf("-date %q: write it as YYYY-MM-DD, e.g. 2023-08-02", date)
	}
	// Countries are found, and written, in the edition's language; in
	// English every name is the registry's own.
	lang, code := language.English, ""
	if o.Lang != "" {
		e, err := editionOf(o.Src, o.Lang)
		if err != nil {
			return "", err
		}
		lang, code = e.Lang.Tag(), e.Code()
	}
	var names []string
	for _, raw := range splitList(o.Countries) {
		c, ok := countries.FindIn(lang, raw)
		if !ok {
			if org, isOrg := countries.Organisation(raw); isOrg {
				return "", fmt.Errorf("-countries: %q is an organisation, not a country; pass it with -tags %q", raw, org)
			}
			hint := ""
			if s := countries.SuggestIn(lang, raw, 3); len(s) > 0 {
				hint = fmt.Sprintf(" (did you mean %s?)", strings.Join(s, ", "))
			}
			return "", fmt.Errorf("-countries: unknown country %q%s", raw, hint)
		}
		names = append(names, strconv.Quote(c.NameIn(lang)))
	}
	if len(names) == 0 {
		return "", errors.New(`-countries is required: the countries the briefing concerns, e.g. -countries "Ukraine, Italy"`)
	}
	var tags []string
	for _, t := range splitList(o.Tags) {
		tags = append(tags, strconv.Quote(t))
	}
	slug := o.Slug
	if slug == "" {
		slug = cutSlug(site.Slugify(title), maxTitleSlug)
		if slug == "" {
			return "", fmt.Errorf("the title %q gives no address; choose one with -slug, e.g. -slug italy-talks", title)
		}
	} else if !load.ValidSlug(slug) {
		return "", fmt.Errorf("-slug %q: use lower-case letters a-z, digits and single hyphens, e.g. -slug italy-talks", slug)
	}
	rel := path.Join(load.BriefingsDir, date+"-"+slug+".md")
	if code != "" {
		rel = site.TranslationPath(rel, code)
	}

	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", strconv.Quote(title))
	fmt.Fprintf(&b, "date: %s\n", date)
	fmt.Fprintf(&b, "countries: [%s]\n", strings.Join(names, ", "))
	b.WriteString("sources:\n")
	fmt.Fprintf(&b, "  - name: %s\n", strconv.Quote(load.PlaceholderSource))
	b.WriteString("    url: https://example.org/\n")
	b.WriteString("# summary: one sentence shown in lists and feeds\n")
	if len(tags) > 0 {
		fmt.Fprintf(&b, "tags: [%s]\n", strings.Join(tags, ", "))
	}
	b.WriteString("draft: true\n")
	b.WriteString("---\n\nWrite the briefing here. Remove draft: true when it is ready to publish.\n")
	return writeNew(o.Src, rel, b.String(), "choose another address with -slug")
}

// writeNew writes text to the new file rel (slash-separated) of the site
// at src, and returns its path as seen from the working folder. It never
// overwrites a file; the error then says so, with hint.
func writeNew(src, rel, text, hint string) (string, error) {
	path := filepath.Join(src, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%s already exists; brief new never overwrites a file (%s)", path, hint)
	}
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// cutSlug shortens slug to at most max bytes, at the end of a word when
// there is one to cut at.
func cutSlug(slug string, max int) string {
	if len(slug) <= max {
		return slug
	}
	if slug[max] == '-' {
		return slug[:max]
	}
	if i := strings.LastIndexByte(slug[:max], '-'); i > 0 {
		return slug[:i]
	}
	return slug[:max]
}
