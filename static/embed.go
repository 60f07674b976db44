// Package static holds the default theme's static files, copied as they are
// to the root of the built site. A site's own static/ folder overrides them
// file by file. Go source files are never copied.
package static

import "embed"

// FS holds the default theme's stylesheet and favicon.
//
//go:embed css js favicon.svg
var FS embed.FS
