// Package starter holds the files `brief init` writes into a new site, as
// they are written: site.yaml with every setting explained, one example
// briefing that passes `brief check`, a .gitignore for what a build writes,
// and a GitHub Actions workflow that builds the site and publishes it to
// GitHub Pages.
package starter

import "embed"

// FS holds the new site's files at their paths in the site.
//
//go:embed site.yaml content .gitignore .github
var FS embed.FS
