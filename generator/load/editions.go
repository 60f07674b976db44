package load

import (
	"errors"
	"strings"

	"brief/generator/i18n"
	"brief/generator/site"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// editionKeys are the fields of an entry of languages:.
var editionKeys = []string{"title", "description"}

// editions reads languages: of site.yaml, the further editions of the
// site in the order written:
//
//	languages:
//	  uk:
//	    title: Брифінги про гарантії безпеки
//	    description: Короткі брифінги з джерелами.
//
// Each key is a language code that i18n.Parse accepts; an entry may be
// empty (uk: or uk: {}). checkLanguages holds the codes to language:
// once the whole file is read.
func (d *decoder) editions(v *value) []site.EditionConfig {
	switch {
	case v.kind == kindNull:
		return nil
	case v.kind != kindMap:
		d.err(v, "write each further language's code with its settings, e.g. languages: {uk: {title: Брифінги}}",
			"languages must be a set of editions, not %s", v.kind)
		return nil
	case len(v.fields) > maxEditions:
		d.err(v, "list the languages the site is published in", "%s editions; at most %d are allowed", count(len(v.fields)), maxEditions)
		return nil
	}
	var out []site.EditionConfig
	seen := map[string]int{} // code → line of its first entry
	for _, f := range v.fields {
		lang, err := i18n.Parse(f.key)
		if err != nil {
			var pe *i18n.ParseError
			if errors.As(err, &pe) {
				d.errAt(f.line, f.col, pe.Hint, "languages: %s", pe.Message)
			} else {
				d.errAt(f.line, f.col, "", "languages: %v", err)
			}
			continue
		}
		code := lang.Code()
		if line, dup := seen[code]; dup {
			d.errAt(f.line, f.col, "keep one entry per language", "languages: %s is listed twice (first on line %d)", code, line)
			continue
		}
		seen[code] = f.line
		e := site.EditionConfig{Lang: lang}
		switch f.val.kind {
		case kindNull:
		case kindMap:
			d.checkKeys(f.val, "the settings of edition "+code, editionKeys)
			for _, g := range f.val.fields {
				switch g.key {
				case "title":
					e.Title, _ = d.nonEmptyText("title", g.val, maxTitle)
				case "description":
					e.Description, _ = d.prose("description", g.val, maxDescription)
				}
			}
		default:
			d.err(f.val, "write the edition's settings as title: and description: below its code, or leave them out",
				"the settings of edition %s must be a set of fields, not %s", code, f.val.kind)
		}
		out = append(out, e)
	}
	return out
}

// checkLanguages sets cfg.Lang from language:, holds the editions to it
// and gives an edition without a title the site's. It runs once the whole
// of site.yaml (root) is read, as language: may come after languages:.
//
// Without editions, language: keeps the rule it had before them: any tag
// golang.org/x/text reads, so that no site that built stops building.
// With editions the site's own language must be a code i18n.Parse
// accepts, as theirs must: each is named in every page's alternates.
func (d *decoder) checkLanguages(cfg *site.Config, root *value) {
	written := root.get("language")
	main, err := i18n.Parse(cfg.Language)
	if err != nil {
		if tag, terr := language.Parse(cfg.Language); terr == nil {
			// "en_US" and the like: the code x/text reads them as.
			main, _ = i18n.Parse(tag.String())
		}
		if len(cfg.Editions) > 0 && written != nil {
			var pe *i18n.ParseError
			if errors.As(err, &pe) {
				d.err(written.val, pe.Hint, "language: %s; a site with editions needs a code as languages: takes", pe.Message)
			}
		}
	}
	cfg.Lang = main
	kept := cfg.Editions[:0]
	for _, e := range cfg.Editions {
		if e.Code() == main.Code() || strings.EqualFold(e.Code(), cfg.Language) {
			line, col := 1, 1
			if f := root.get("languages").val.get(e.Code()); f != nil {
				line, col = f.line, f.col
			} else {
				// Written in another case than the canonical code.
				for _, g := range root.get("languages").val.fields {
					if strings.EqualFold(g.key, e.Code()) {
						line, col = g.line, g.col
					}
				}
			}
			d.errAt(line, col, "languages: lists the further languages; remove this entry",
				"%s is the site's own language (language: %s), not a further edition", e.Code(), cfg.Language)
			continue
		}
		if e.Title == "" {
			e.Title = cfg.Title
		}
		kept = append(kept, e)
	}
	if len(kept) == 0 {
		kept = nil
	}
	cfg.Editions = kept
}

// englishName is a language's name in English, for messages: "Ukrainian".
func englishName(l i18n.Lang) string {
	if name := display.English.Tags().Name(l.Tag()); name != "" {
		return name
	}
	return l.Code()
}
