// Package templates holds the default theme's templates. A site overrides
// them file by file: a file of the same name in the site's own templates/
// folder replaces the built-in one.
package templates

import "embed"

// FS holds the default theme's templates: the page kinds at the top level
// and the shared pieces under partials/, and the theme's words in each
// language it is translated into under i18n/ (see package i18n).
//
//go:embed *.html partials/*.html i18n/*.yaml
var FS embed.FS
