package i18n

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Lang is a language as a site names it: a BCP 47 tag such as "en", "uk"
// or "pt-BR". The zero Lang is not a language; get one from Parse.
type Lang struct {
	tag language.Tag
}

// English is the language the theme is written in and the one every
// catalogue falls back to.
var English = Lang{tag: language.English}

// ParseError is a language code that Parse refuses. Message and Hint are
// kept apart so that the caller can report them at the place in site.yaml
// where the code is written, as `path:line:col: error: message (hint)`.
type ParseError struct {
	Code    string // as written
	Message string
	Hint    string
}

func (e *ParseError) Error() string {
	if e.Hint == "" {
		return e.Message
	}
	return e.Message + " (" + e.Hint + ")"
}

const codeExamples = "a BCP 47 code such as en, uk, ar or pt-BR"

// Parse reads a language code as written in site.yaml. It takes the forms
// BCP 47 allows for a language, optionally with a script and a region
// ("uk", "pt-BR", "sr-Latn"), in any case; Code gives the canonical
// spelling. It refuses what would make the edition's addresses and file
// names ambiguous: underscores ("pt_BR"), deprecated or long codes that
// have a shorter canonical form ("ukr", "iw"), extensions and private use
// ("en-u-nu-arab", "x-klingon"), and "und".
func Parse(code string) (Lang, error) {
	fail := func(msg, hint string) (Lang, error) {
		return Lang{}, &ParseError{Code: code, Message: msg, Hint: hint}
	}
	written := strings.TrimSpace(code)
	if written == "" {
		return fail("the language code is empty", "write "+codeExamples)
	}
	if strings.Contains(written, "_") {
		return fail(fmt.Sprintf("language code %q has an underscore", written),
			"write "+strings.ReplaceAll(written, "_", "-")+": BCP 47 joins the parts of a code with hyphens")
	}
	tag, err := language.Parse(written)
	if err != nil {
		var unknown language.ValueError
		if errors.As(err, &unknown) {
			return fail(fmt.Sprintf("language code %q has the unknown part %q", written, unknown.Subtag()), "write "+codeExamples)
		}
		hint := "write " + codeExamples
		if l, ok := byName(written); ok {
			hint = fmt.Sprintf("write %s for %s", l.tag, englishName(l))
		}
		return fail(fmt.Sprintf("%q is not a language code", written), hint)
	}
	if b, _, _ := tag.Raw(); b.String() == "und" {
		return fail(fmt.Sprintf("language code %q names no language", written), "write "+codeExamples)
	}
	if _, hasPrivate := tag.Extension('x'); hasPrivate || len(tag.Extensions()) > 0 {
		return fail(fmt.Sprintf("language code %q has extensions", written),
			"write only the language, and a script or region if needed, e.g. pt-BR")
	}
	if canonical := tag.String(); !strings.EqualFold(canonical, written) {
		return fail(fmt.Sprintf("language code %q is not in its canonical form", written),
			fmt.Sprintf("write %s, the code BCP 47 prefers for it", canonical))
	}
	return Lang{tag: tag}, nil
}

// byName finds a language by its English or own name ("Ukrainian",
// "українська"), to turn a name written where a code belongs into a hint.
func byName(name string) (Lang, bool) {
	for _, t := range display.Supported.Tags() {
		if strings.EqualFold(display.English.Tags().Name(t), name) || strings.EqualFold(display.Self.Name(t), name) {
			return Lang{tag: t}, true
		}
	}
	return Lang{}, false
}

// MustParse is Parse for codes known to be valid, in tests and tables; it
// panics on an invalid one.
func MustParse(code string) Lang {
	l, err := Parse(code)
	if err != nil {
		panic(err)
	}
	return l
}

// Tag is the language as golang.org/x/text knows it.
func (l Lang) Tag() language.Tag { return l.tag }

// Code is the canonical BCP 47 spelling: "en", "uk", "pt-BR". It is what
// goes in <html lang>, hreflang and the feeds' <language>.
func (l Lang) Code() string { return l.tag.String() }

// String is Code, so that a Lang prints as its code.
func (l Lang) String() string { return l.Code() }

// IsZero reports whether l is the zero Lang rather than a parsed language.
func (l Lang) IsZero() bool { return l.tag == language.Und }

// rtlScripts are the ISO 15924 scripts written from right to left that a
// living language uses: Arabic (with its Nastaliq form), Hebrew, Thaana
// (Dhivehi), Syriac, N'Ko, Adlam (Fulani), Hanifi Rohingya, Mandaic,
// Samaritan, Mende Kikakui and Yezidi. Writing direction belongs to the
// script, not the language: Azerbaijani is written left to right in Latin
// (az) and right to left in Arabic (az-Arab), so Dir decides from the
// script. CLDR records direction per locale, but golang.org/x/text does
// not expose it, while it does give every language its likely script.
var rtlScripts = map[string]bool{
	"Arab": true, "Aran": true, "Hebr": true, "Thaa": true, "Syrc": true, "Nkoo": true,
	"Adlm": true, "Rohg": true, "Mand": true, "Samr": true, "Mend": true, "Yezi": true,
}

// Dir is the direction the language is written in, as the HTML dir
// attribute wants it: "rtl" or "ltr". The script is the one written in the
// code ("az-Arab") or else the language's likely script from CLDR ("ar" →
// Arab, "he" → Hebr, "dv" → Thaa, "ckb" → Arab).
func (l Lang) Dir() string {
	script, _ := l.tag.Script()
	if rtlScripts[script.String()] {
		return "rtl"
	}
	return "ltr"
}

// Name is the language's name in itself, for a language switcher:
// "English", "Українська", "العربية", "Português (Brasil)". CLDR writes
// many languages' names in lower case ("українська"), as they are written
// inside a sentence; a switcher shows them alone, as menu items, so the
// first letter is capitalised by the language's own rules. A language that
// CLDR has no name for in itself ("az-Arab") gets the name of its base
// language ("Azərbaycan"), else its English name, else its code.
func (l Lang) Name() string {
	base, _ := l.tag.Base()
	baseTag := language.Make(base.String())
	name := ""
	// display.Tags answers for the nearest language it has names in,
	// which may be another language (Kurdish gets Turkish names), so it
	// is asked only about a language it has names in.
	if namer := display.Tags(l.tag); namer != nil && supported[base] {
		name = namer.Name(l.tag)
	}
	for _, try := range []func() string{
		func() string { return display.Self.Name(l.tag) },
		func() string { return display.Self.Name(baseTag) },
		func() string { return englishName(l) },
		func() string { return englishName(Lang{tag: baseTag}) },
		l.Code,
	} {
		if name != "" {
			break
		}
		name = try()
	}
	r, size := utf8.DecodeRuneInString(name)
	return cases.Upper(l.tag).String(string(r)) + name[size:]
}

// supported are the languages display has names in.
var supported = func() map[language.Base]bool {
	m := map[language.Base]bool{}
	for _, t := range display.Supported.Tags() {
		b, _ := t.Base()
		m[b] = true
	}
	return m
}()

// englishName is the language's name in English, or "" when CLDR has none.
func englishName(l Lang) string {
	if n := display.English.Tags().Name(l.tag); n != "Unknown language" {
		return n
	}
	return ""
}
