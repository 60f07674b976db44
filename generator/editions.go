package generator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"brief/generator/diag"
	"brief/generator/i18n"
	"brief/generator/load"
	"brief/generator/site"
)

// The editor's commands for editions: brief check -missing CODE lists the
// briefings not yet translated, brief new -lang CODE -from FILE starts a
// translation. Stale translations are warned about by every load (see
// package load).

// ErrUsage marks an error of the command line rather than of the site: a
// language code the site has no edition in.
var ErrUsage = errors.New("wrong command line")

// usageError is an error of the command line, with its message.
type usageError struct{ msg string }

func (e *usageError) Error() string        { return e.msg }
func (e *usageError) Is(target error) bool { return target == ErrUsage }

// editionOf is the edition of the site at src in the language code,
// named by flag -lang, from its settings alone.
func editionOf(src, code string) (site.EditionConfig, error) {
	cfg, probs := load.LoadConfig(os.DirFS(src), load.Options{Root: src})
	if probs.Errors() > 0 {
		return site.EditionConfig{}, fmt.Errorf("%s has errors; run brief check", filepath.Join(src, load.ConfigFile))
	}
	return findEdition(&cfg, "-lang", code)
}

// findEdition is the edition of cfg in the language code (in any case:
// -missing UK is uk), or an error that names the site's editions, for the
// flag that gave the code.
func findEdition(cfg *site.Config, flag, code string) (site.EditionConfig, error) {
	canonical := code
	if l, err := i18n.Parse(code); err == nil {
		canonical = l.Code()
	}
	codes := make([]string, len(cfg.Editions))
	for i, e := range cfg.Editions {
		if e.Code() == canonical {
			return e, nil
		}
		codes[i] = e.Code()
	}
	switch {
	case len(codes) == 0:
		return site.EditionConfig{}, &usageError{fmt.Sprintf("%s %s: the site has no editions in other languages (list them under languages: in site.yaml)", flag, code)}
	case code == cfg.Language:
		return site.EditionConfig{}, &usageError{fmt.Sprintf("%s %s: %s is the site's own language; its editions are in %s", flag, code, code, strings.Join(codes, ", "))}
	}
	return site.EditionConfig{}, &usageError{fmt.Sprintf("%s %s: the site has no edition in %q; its editions are in %s (languages: in site.yaml)", flag, code, code, strings.Join(codes, ", "))}
}

// MissingResult is what brief check -missing reports.
type MissingResult struct {
	// Paths are the files of the site's own briefings, drafts and all,
	// that have no translation into the language, sorted, as seen from
	// the working folder.
	Paths []string
	// Of counts the site's own briefings.
	Of int
	// Drafts counts those of Paths whose translation is begun but still a
	// draft: readers do not have it, so it is missing to them.
	Drafts int
	Code   string
	// Problems are those of site.yaml, without which the editions are
	// not known; the list is then empty.
	Problems diag.List
}

// Summary is the count that ends the list: "2 of 5 briefings have no
// translation into uk", and how many of those have one in draft.
func (r MissingResult) Summary() string {
	verb := "have"
	if len(r.Paths) == 1 {
		verb = "has"
	}
	out := fmt.Sprintf("%d of %d %s %s no translation into %s", len(r.Paths), r.Of, plural(r.Of, "briefing", "briefings"), verb, r.Code)
	if r.Drafts > 0 {
		out += fmt.Sprintf(" (%d only in draft)", r.Drafts)
	}
	return out
}

// Missing lists the briefings of the site in dir that have no translation
// into the language code. An unknown code is an ErrUsage error naming the
// site's editions.
func Missing(dir, code string, now time.Time) (MissingResult, error) {
	s, probs := load.Load(os.DirFS(dir), load.Options{Now: now, Root: dir})
	res := MissingResult{Code: code}
	for _, p := range probs {
		if p.Path == load.ConfigFile && p.Severity == diag.Error {
			res.Problems = append(res.Problems, p)
		}
	}
	if len(res.Problems) > 0 {
		res.Problems = res.Problems.Under(dir)
		return res, nil
	}
	e, err := findEdition(&s.Config, "-missing", code)
	if err != nil {
		return res, err
	}
	res.Code = e.Code()
	translated := s.Edition(e.Code()).BriefingsByKey()
	for _, b := range s.Briefings {
		t := translated[b.TranslationKey()]
		drafted := t != nil && t.Draft && !b.Draft // begun, not for readers yet
		if t == nil || drafted {
			res.Paths = append(res.Paths, filepath.Join(dir, filepath.FromSlash(b.Path)))
		}
		if drafted {
			res.Drafts++
		}
	}
	sort.Strings(res.Paths)
	res.Of = len(s.Briefings)
	return res, nil
}

// TranslationOptions describe the translation brief new -lang -from starts.
type TranslationOptions struct {
	Src  string
	From string // the original's file, as typed (from the working folder)
	Lang string
	Now  time.Time
}

// NewTranslation writes the start of a translation into o.Lang of the
// briefing in o.From, beside it (x.md → x.uk.md): the original's title and
// summary to translate, draft: true, and a body that says what to do. It
// refuses a language the site has no edition in, and never overwrites a
// file. It returns the path written, as seen from the working folder.
func NewTranslation(o TranslationOptions) (string, error) {
	root, _, rel, err := sitePath(o.Src, o.From)
	if err != nil {
		return "", err
	}
	s, _ := load.Load(os.DirFS(root), load.Options{Now: o.Now, Root: o.Src})
	e, err := findEdition(&s.Config, "-lang", o.Lang)
	if err != nil {
		return "", err
	}
	code := e.Code()
	var original *site.Briefing
	for _, b := range s.Briefings {
		if b.Path == rel {
			original = b
		}
	}
	if original == nil {
		for _, e := range s.Editions {
			for _, b := range e.Briefings {
				if b.Path != rel {
					continue
				}
				if orig, _, ok := site.SplitTranslationPath(rel); ok && slices.ContainsFunc(s.Briefings, func(x *site.Briefing) bool { return x.Path == orig }) {
					return "", fmt.Errorf("-from %s: a translation into %s; start from its original, %s", o.From, b.Lang, orig)
				}
				return "", fmt.Errorf("-from %s: a briefing of the %s edition only, with no original to translate", o.From, b.Lang)
			}
		}
		if !strings.HasPrefix(rel, load.BriefingsDir+"/") {
			return "", fmt.Errorf("-from %s: not a briefing; brief new translates the briefings in %s/", o.From, load.BriefingsDir)
		}
		return "", fmt.Errorf("-from %s: the briefing does not load; brief check tells what is wrong", o.From)
	}
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "# The translation into %s of %s: translate the title\n", code, rel)
	b.WriteString("# and summary. Date, countries, sources, tags, author and the address\n")
	b.WriteString("# come from the original; write one here to give the translation its own.\n")
	fmt.Fprintf(&b, "title: %s\n", strconv.Quote(original.Title))
	if original.Summary != "" {
		fmt.Fprintf(&b, "summary: %s\n", strconv.Quote(original.Summary))
	} else {
		b.WriteString("# summary: one sentence shown in lists and feeds\n")
	}
	b.WriteString("draft: true\n")
	b.WriteString("---\n\n")
	fmt.Fprintf(&b, "Translate the body of %s here. Remove draft: true when the\ntranslation is ready to publish.\n", rel)
	return writeNew(o.Src, site.TranslationPath(rel, code), b.String(), "edit the translation there")
}
