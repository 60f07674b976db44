// Package i18n is what brief knows about languages: which language a code
// names and which way it is written, how the language sorts, writes dates
// and counts, and the theme's words in it (the translation catalogues).
//
// Everything that the Unicode CLDR project already records comes from CLDR
// rather than from tables typed here: language names, writing direction
// (through the language's likely script), collation and plural rules from
// golang.org/x/text, and month names and date patterns from CLDR's JSON
// release, compiled into dates_gen.go by go generate (see gen/main.go). What CLDR cannot know, the theme's own words,
// lives in the translation files of the theme (templates/i18n/*.yaml).
//
// All functions are safe for concurrent use; a Catalog is read-only once
// loaded.
package i18n

//go:generate go run gen/main.go
