package load

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"brief/generator/countries"
	"brief/generator/diag"
	"brief/generator/i18n"
	"brief/generator/internal/digest"
	"brief/generator/site"
)

// Files of an edition. A briefing, page or country intro whose name has an
// edition's code before .md (x.uk.md, with uk in languages:) belongs to
// that edition: it translates the file beside it without the code (x.md),
// its original, or is the edition's own when there is no such file. Each
// file is decoded by itself, as every content file is (decodeEditionFile),
// so that the Loader reads again only what changed; what a translation
// takes from its original is filled in when the site is assembled
// (assembleEditions), when both are known.
//
// What a translated briefing leaves out comes from its original: date,
// countries, sources, tags, author, draft, story, and slug together with
// aliases (the address and its history go together; a translation with a
// slug of its own has only the aliases it gives). title is required; the
// summary, body, updated and corrections are its own, never the
// original's, since they are text in its language or the history of that
// text. A briefing of an edition alone gives every required field, as any
// briefing does, and takes its slug from its name without the code.
//
// A translated page takes its original's slug and draft when it leaves
// them out. A country intro has no fields to take.
//
// Stories are not translated: content/stories/x.uk.md is refused as today,
// and every edition lists the site's stories.

// editionFile is what a file of an edition yields: the records hold what
// the file itself says, and stay so; assembleEditions merges copies of
// them with their originals at each assembly.
type editionFile struct {
	config   site.EditionConfig
	original string // the file it translates, which may not exist
	briefing *site.Briefing
	page     *site.Page
	intro    *site.Intro
	given    map[string]bool // the fields the front matter writes
	dates    datePlaces
}

// newEditionFile tells whether the file at p belongs to an edition: a
// briefing, page or country intro named with an edition's code before .md.
// It returns nil for every other file, which keeps the rules it had before
// editions.
func newEditionFile(p string, cfg *site.Config) *editionFile {
	if len(cfg.Editions) == 0 || !(strings.HasPrefix(p, BriefingsDir+"/") || strings.HasPrefix(p, pagesDir+"/") || strings.HasPrefix(p, countriesDir+"/")) {
		return nil
	}
	original, code, ok := site.SplitTranslationPath(p)
	if !ok {
		return nil
	}
	for _, e := range cfg.Editions {
		if e.Code() == code {
			return &editionFile{config: e, original: original}
		}
	}
	return nil
}

// decode fills the edition file's record from the file's split text and
// front matter. src is the whole text, for the record's Hash.
func (t *editionFile) decode(p string, sp split, fm *value, src []byte, d *decoder, cfg *site.Config, now time.Time) {
	code := t.config.Code()
	switch {
	case strings.HasPrefix(p, BriefingsDir+"/"):
		if sp.Format == noFrontMatter {
			d.errAt(1, 1, "start the file with a --- line, the title of the translation, and a closing --- line", "no front matter")
			return
		}
		b := &site.Briefing{Path: p, Lang: code, Body: bytes.Clone(sp.Body), BodyLine: sp.BodyLine}
		t.dates = decodeBriefing(b, fm, 1, d, cfg, now)
		b.Hash = uint64(digest.New().Str(p).Str(cfg.Location.String()).Bytes(src))
		t.briefing = b
	case strings.HasPrefix(p, pagesDir+"/"):
		// Decoded as its original would be, so that a page of the
		// edition alone takes its slug from its name without the code.
		t.page = decodePage(t.original, sp, fm, d)
		if t.page != nil {
			t.page.Path, t.page.Lang = p, code
			t.page.Hash = uint64(digest.New().Str(p).Bytes(src))
		}
	default:
		t.intro = decodeIntro(t.original, sp, fm, d)
		if t.intro != nil {
			t.intro.Path, t.intro.Lang = p, code
			t.intro.Hash = uint64(digest.New().Str(p).Bytes(src))
		}
	}
	t.given = make(map[string]bool, len(fm.fields))
	for _, f := range fm.fields {
		t.given[f.key] = true
	}
}

// assembleEditions makes s.Editions from the files of editions, merging
// each translation with its original in s, and reports what concerns an
// edition as a whole: addresses taken twice within it, missing fields of
// a briefing that has no original, translations older than their
// originals, and addresses of the site that would fall inside an
// edition's folder.
func (l *Loader) assembleEditions(s *site.Site, probs *diag.List) {
	if len(l.cfg.Editions) == 0 {
		return
	}
	byCode := make(map[string]*site.Site, len(l.cfg.Editions))
	for _, e := range l.cfg.Editions {
		cfg := l.cfg
		cfg.Language, cfg.Lang, cfg.Title, cfg.Description = e.Code(), e.Lang, e.Title, e.Description
		ed := &site.Site{Config: cfg, Intros: map[string]*site.Intro{}, Stories: s.Stories}
		s.Editions = append(s.Editions, ed)
		byCode[e.Code()] = ed
	}
	for _, p := range l.paths {
		t := l.files[p].edition
		if t == nil {
			continue
		}
		ed := byCode[t.config.Code()]
		original := l.originalOf(t)
		switch {
		case strings.HasPrefix(p, BriefingsDir+"/"):
			ed.BriefingFiles++
			if t.briefing == nil {
				continue
			}
			b := mergeBriefing(t, original, probs)
			ed.Briefings = append(ed.Briefings, b)
			if original != nil && original.briefing != nil {
				warnStale(b, original.briefing, l.cfg.Location, probs)
			}
		case t.page != nil:
			ed.Pages = append(ed.Pages, mergePage(t, original))
		case t.intro != nil:
			addIntro(ed.Intros, t.intro, probs)
		}
	}
	for _, ed := range s.Editions {
		checkSlugs(ed, probs)
		// Every edition has the site's stories: a story: a translation
		// takes from its original is checked there, once.
		written := &site.Site{Stories: ed.Stories}
		for _, b := range ed.Briefings {
			if b.StoryAt != (site.Pos{}) {
				written.Briefings = append(written.Briefings, b)
			}
		}
		checkStories(written, probs)
		checkAliases(ed, probs)
		site.SortBriefings(ed.Briefings)
		sort.Slice(ed.Pages, func(i, j int) bool { return ed.Pages[i].Slug < ed.Pages[j].Slug })
	}
	checkEditionFolders(s, probs)
}

// originalOf is the result of the file t translates, or nil when there is
// no such file (t is then the edition's own). An original that could not
// be decoded is still there: its errors are reported at it.
func (l *Loader) originalOf(t *editionFile) *fileResult {
	r, ok := l.files[t.original]
	if !ok || r.skipped || r.edition != nil {
		return nil
	}
	return &r
}

// mergeBriefing is the translated briefing as its edition shows it: a copy
// of t's record with what it leaves out taken from its original, or, for a
// briefing of the edition alone (original nil), with its slug from its
// name and an error for each required field it leaves out.
func mergeBriefing(t *editionFile, original *fileResult, probs *diag.List) *site.Briefing {
	b := *t.briefing
	d := &decoder{path: b.Path, probs: probs}
	if original == nil {
		for _, req := range requiredFields[1:] {
			if !t.given[req] {
				d.errAt(1, 1, requiredHint[req], "missing required field %q", req)
			}
		}
		if !t.given["slug"] {
			b.Slug = d.slugFromName(t.original)
		}
		return &b
	}
	o := original.briefing
	if o == nil {
		return &b
	}
	// The record now depends on both files.
	b.Hash = uint64(digest.New().U64(t.briefing.Hash).U64(o.Hash))
	if !t.given["date"] {
		b.Date = o.Date
		d.checkDates(&b, t.dates)
	}
	if !t.given["countries"] {
		b.Countries = o.Countries
	}
	if !t.given["sources"] {
		b.Sources = o.Sources
	}
	if !t.given["tags"] {
		b.Tags = o.Tags
	}
	if !t.given["author"] {
		b.Author = o.Author
	}
	if !t.given["draft"] {
		b.Draft = o.Draft
	}
	if !t.given["story"] {
		// Written in the original, and checked there.
		b.Story, b.StoryAt = o.Story, site.Pos{}
	}
	if !t.given["slug"] {
		b.Slug = o.Slug
		if !t.given["aliases"] {
			b.Aliases = make([]site.Alias, len(o.Aliases))
			for i, a := range o.Aliases {
				b.Aliases[i] = site.Alias{Path: a.Path}
			}
		}
	}
	return &b
}

// warnStale warns when the original b translates was updated after b's own
// latest date: its updated (or latest correction), else its date, which
// is the original's when b gives none. The translator clears it by
// bringing the translation up to date and saying so in updated:.
//
// Days are compared, not moments: the warning names a day, and a
// translator who sets updated: to that day has done what it asks, even
// if the original was changed at 18:00 and the day alone reads as
// midnight.
func warnStale(b, original *site.Briefing, loc *time.Location, probs *diag.List) {
	latest := b.Date
	if b.Updated.After(latest) {
		latest = b.Updated
	}
	if updated := original.Updated.In(loc).Format(time.DateOnly); !original.Updated.IsZero() && updated > latest.In(loc).Format(time.DateOnly) {
		probs.Warnf(b.Path, 0, 0, "", "translation is older than its original (updated %s)", updated)
	}
}

// mergePage is the translated page as its edition shows it: t's record
// with the slug and draft of its original when it leaves them out.
func mergePage(t *editionFile, original *fileResult) *site.Page {
	pg := *t.page
	if original == nil || original.page == nil {
		return &pg
	}
	o := original.page
	pg.Hash = uint64(digest.New().U64(t.page.Hash).U64(o.Hash))
	if !t.given["slug"] {
		pg.Slug = o.Slug
	}
	if !t.given["draft"] {
		pg.Draft = o.Draft
	}
	return &pg
}

// addIntro adds a country intro to intros, refusing a second one for the
// same country.
func addIntro(intros map[string]*site.Intro, in *site.Intro, probs *diag.List) {
	key := in.Country.Key()
	if prev := intros[key]; prev != nil {
		probs.Errorf(in.Path, 1, 1, "keep one intro per country", "second intro for %s (also %s)", in.Country.Common, prev.Path)
		return
	}
	intros[key] = in
}

// checkEditionFolders reports addresses of the site's own language that
// would fall inside an edition's folder (/uk/): a page with the slug uk,
// an alias /uk/…. Addresses are compared in lower case, as some hosts do.
func checkEditionFolders(s *site.Site, probs *diag.List) {
	folders := make(map[string]string, len(s.Config.Editions))
	for _, e := range s.Config.Editions {
		folders[strings.ToLower(e.Code())] = e.Code()
	}
	for _, pg := range s.Pages {
		if code, taken := folders[pg.Slug]; taken {
			probs.Errorf(pg.Path, 1, 1, "choose another slug", "page slug %q is the folder of the %s edition (/%s/)", pg.Slug, code, code)
		}
	}
	for _, b := range s.Briefings {
		for _, a := range b.Aliases {
			first, _, _ := strings.Cut(strings.TrimPrefix(a.Path, "/"), "/")
			if code, taken := folders[strings.ToLower(first)]; taken {
				probs.Errorf(b.Path, a.At.Line, a.At.Col, "the pages of the "+code+" edition are there; choose another address",
					"alias %s is inside the folder of the %s edition (/%s/)", a.Path, code, code)
			}
		}
	}
}

// findCountry finds a country by a name written in the file: in the
// edition's language or English in a file of an edition, in English
// otherwise.
func (d *decoder) findCountry(name string) (*countries.Country, bool) {
	if d.edition != nil {
		return countries.FindIn(d.edition.Lang.Tag(), name)
	}
	return countries.Find(name)
}

// countryName is a country's name in the file's language, for messages.
func (d *decoder) countryName(c *countries.Country) string {
	if d.edition != nil {
		return c.NameIn(d.edition.Lang.Tag())
	}
	return c.Common
}

// countryHint is the hint for a country name nothing matches: the
// nearest names, in the file's language, or the forms that are accepted.
func (d *decoder) countryHint(name string) string {
	var sugg []string
	hint := "use an English name or an ISO 3166 code such as UA or UKR"
	if d.edition != nil {
		sugg = countries.SuggestIn(d.edition.Lang.Tag(), name, 3)
		hint = fmt.Sprintf("use a name in %s or English, or an ISO 3166 code such as UA or UKR", englishName(d.edition.Lang))
	} else {
		sugg = countries.Suggest(name, 3)
	}
	if len(sugg) > 0 {
		hint = "did you mean " + quoteList(sugg) + "?"
	}
	return hint
}

// editionHint adds to hint, about a file's name that gives no valid slug
// or country code, what the name may have meant when the part before .md
// is a language code (x.de.md): only the codes of languages: make
// translations, and the site's own language has none.
func (d *decoder) editionHint(hint string) string {
	if d.cfg == nil {
		return hint
	}
	_, code, ok := site.SplitTranslationPath(d.path)
	if !ok {
		return hint
	}
	lang, err := i18n.Parse(code)
	if err != nil {
		return hint
	}
	if !d.cfg.Lang.IsZero() && lang.Code() == d.cfg.Lang.Code() {
		return fmt.Sprintf("%s; %s is the site's own language, whose files need no code", hint, code)
	}
	for _, e := range d.cfg.Editions {
		switch {
		case e.Code() == code:
			return hint + "; stories are not translated yet"
		case e.Code() == lang.Code():
			return fmt.Sprintf("%s; write the code as languages: has it, .%s.md", hint, e.Code())
		}
	}
	return fmt.Sprintf("%s; to make it a translation into %s, add %s to languages: in site.yaml", hint, englishName(lang), lang.Code())
}
