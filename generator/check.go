// Package generator runs brief's pipeline: load → validate → render → write.
// Each stage lives in its own package below this one; this package only tells
// the story in order.
package generator

import (
	"fmt"
	"time"

	"brief/generator/diag"
	"brief/generator/site"
)

// Version is brief's version, printed by `brief version` and part of the
// build cache key.
const Version = "0.1.0"

// CheckResult is what `brief check` reports.
type CheckResult struct {
	Site     *site.Site
	Problems diag.List
}

// Summary is the one-line account of a check:
// "N briefings, M countries, K errors, W warnings".
func (r CheckResult) Summary() string {
	nCountries := 0
	if r.Site != nil {
		nCountries = len(r.Site.ByCountry())
	}
	nBriefings := 0
	if r.Site != nil {
		nBriefings = r.Site.BriefingFiles
	}
	return fmt.Sprintf("%d %s, %d %s, %d %s, %d %s",
		nBriefings, plural(nBriefings, "briefing", "briefings"),
		nCountries, plural(nCountries, "country", "countries"),
		r.Problems.Errors(), plural(r.Problems.Errors(), "error", "errors"),
		r.Problems.Warnings(), plural(r.Problems.Warnings(), "warning", "warnings"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Check loads and validates the site in dir. When the content is valid it
// also renders every briefing, draft or not, without writing anything, so
// that broken links between files, Markdown nested too deeply and template
// errors are reported as a build would.
func Check(dir string, now time.Time) CheckResult {
	p := newPipeline(BuildOptions{Src: dir, Drafts: true, Future: true})
	run, err := p.run(nil, now, func() (target, error) { return target{out: discard{}}, nil })
	if err != nil { // discard cannot fail
		run.problems = append(run.problems, diag.Problem{Path: dir, Message: err.Error()})
	}
	return CheckResult{Site: run.loaded, Problems: run.problems}
}
