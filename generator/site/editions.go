package site

import (
	"strings"

	"brief/generator/i18n"
)

// A site may have editions in further languages (languages: in site.yaml,
// each an EditionConfig). The Site that load returns is the site in its
// own language (Config.Language); Site.Editions holds one more Site per
// further language, in the order written, each complete in itself:
//
//   - its Config is the site's with the edition's Language, Lang, Title
//     and Description;
//   - its Briefings are the translations of briefings into the language
//     (content/briefings/x.uk.md beside x.md), with what a translation
//     leaves out taken from its original, and the briefings written in that
//     language only (x.uk.md alone), newest first;
//   - its Pages and Intros are the translations of pages and country
//     intros (content/pages/about.uk.md, content/countries/it.uk.md) and
//     those written in that language only;
//   - its Stories are the site's: stories are not translated yet.
//
// Nothing of one language appears in another: an edition holds what was
// written in its language. Addresses (Briefing.URL, Page.URL, aliases)
// are relative to the edition's root, which the render puts under
// /<code>/ (/uk/briefings/<slug>/).
//
// A briefing and its translations share a translation key (TranslationKey:
// the original's path without .md), by which the same briefing is found in
// every language (BriefingsByKey); a page likewise, and a country intro
// by its country's key.

// EditionConfig is an edition of the site in a further language: an entry
// of languages: in site.yaml.
type EditionConfig struct {
	Lang        i18n.Lang
	Title       string // the site's title when languages: gives none
	Description string // empty when languages: gives none
}

// Code is the edition's language code as BCP 47 spells it ("uk",
// "pt-BR"): the folder of its pages, /uk/, and the part of its files'
// names before .md, x.uk.md.
func (e EditionConfig) Code() string { return e.Lang.Code() }

// Edition returns the site in the language code: s itself when that is
// s's own language, one of s.Editions, or nil when the site has no such
// edition.
func (s *Site) Edition(code string) *Site {
	if code == s.Config.Language {
		return s
	}
	for _, e := range s.Editions {
		if e.Config.Language == code {
			return e
		}
	}
	return nil
}

// TranslationPath is the file of the translation into the language code
// of the file original: content/briefings/x.md → content/briefings/x.uk.md.
func TranslationPath(original, code string) string {
	return strings.TrimSuffix(original, ".md") + "." + code + ".md"
}

// SplitTranslationPath undoes TranslationPath: content/briefings/x.uk.md
// gives content/briefings/x.md and "uk". ok is false when the name has no
// part between dots before .md ("x.md", ".uk.md"); whether that part is an
// edition's code is for the caller to say.
func SplitTranslationPath(p string) (original, code string, ok bool) {
	stem, isMD := strings.CutSuffix(p, ".md")
	dot := strings.LastIndexByte(stem, '.')
	if !isMD || dot < 0 || dot <= strings.LastIndexByte(stem, '/')+1 || dot == len(stem)-1 {
		return "", "", false
	}
	return stem[:dot] + ".md", stem[dot+1:], true
}

// translationKey is the key a file at p in the language lang ("" for the
// site's own) shares with its translations: the original's path without
// .md.
func translationKey(p, lang string) string {
	if lang != "" {
		if original, code, ok := SplitTranslationPath(p); ok && code == lang {
			p = original
		}
	}
	return strings.TrimSuffix(p, ".md")
}

// TranslationKey is what the briefing shares with its translations and
// its original: content/briefings/2024-01-10-alpha for 2024-01-10-alpha.md
// and 2024-01-10-alpha.uk.md alike. A briefing of one edition only has the
// key its original would have.
func (b *Briefing) TranslationKey() string { return translationKey(b.Path, b.Lang) }

// TranslationKey is the page's key, as Briefing's.
func (p *Page) TranslationKey() string { return translationKey(p.Path, p.Lang) }

// BriefingsByKey indexes the site's briefings by TranslationKey, to find
// the same briefing in another edition: other.BriefingsByKey()[b.TranslationKey()].
func (s *Site) BriefingsByKey() map[string]*Briefing {
	out := make(map[string]*Briefing, len(s.Briefings))
	for _, b := range s.Briefings {
		out[b.TranslationKey()] = b
	}
	return out
}

// PagesByKey indexes the site's pages by TranslationKey, as
// BriefingsByKey does briefings.
func (s *Site) PagesByKey() map[string]*Page {
	out := make(map[string]*Page, len(s.Pages))
	for _, p := range s.Pages {
		out[p.TranslationKey()] = p
	}
	return out
}
