// Package load reads a site folder (as an fs.FS) into a validated
// site.Site: it splits front matter from Markdown, decodes it strictly,
// resolves countries, checks sources, and reports every problem it finds with
// the file, line and column the author must look at.
//
// # Site layout
//
//	site.yaml               settings (see below)
//	content/briefings/**.md briefings, sub-folders allowed
//	content/countries/XX.md optional intro of the country with alpha-2 code XX
//	content/pages/*.md      standalone pages, served at /<slug>/
//
// Files and folders whose name starts with "." or "_", or ends with "~",
// ".swp", ".swx" or ".tmp", and vim's "4913", are editor leftovers and
// ignored, by the same rule as everywhere else in brief (package
// internal/leftover). Symbolic links are not followed (a warning says so).
//
// # Front matter
//
// A file starts with YAML between two "---" lines or TOML between two "+++"
// lines. A UTF-8 byte order mark and CRLF line endings are accepted. Fields of
// a briefing:
//
//	title      text, required, not blank
//	date       required: 2023-08-02, 2023-08-02T14:30, 2023-08-02 14:30 or
//	           RFC 3339 (2023-08-02T14:30:00+03:00); without a zone the
//	           site's timezone applies
//	updated    optional, same forms, not before date
//	countries  required, at least one: English names, aliases (UK, Ivory
//	           Coast, DRC...) or ISO 3166-1 alpha-2/alpha-3 codes;
//	           organisations (NATO, EU, G7) are refused with a hint to use tags
//	sources    required, at least one: a name ("Rubryka") or
//	           {name, url, title?, date?}; url must be absolute http(s)
//	summary    optional text; when absent the first paragraph is used
//	slug       optional, a-z 0-9 and hyphens; else the file name without
//	           .md and without a leading YYYY-MM-DD-, lower-cased
//	tags       optional list of free topics
//	author     optional text
//	draft      optional true/false
//
// A single value is accepted where a list is expected (tags: NATO). Any other
// key is an error that names the nearest known one. Example:
//
//	---
//	title: "Ukraine and Italy open talks on security guarantees"
//	date: 2023-08-02T10:00:00+03:00
//	countries: [Ukraine, Italy]
//	sources:
//	  - name: Office of the President of Ukraine
//	    url: https://www.president.gov.ua/en
//	  - Rubryka
//	summary: Kyiv began consultations with Rome under the G7 declaration.
//	tags: [security guarantees, G7]
//	---
//
// Pages take title (required), summary, slug and draft. Country intros take
// no fields: they are plain Markdown.
//
// # site.yaml
//
//	title        required
//	base_url     required, absolute http(s) URL of the public site
//	description  optional
//	language     BCP 47 tag, default "en"
//	timezone     IANA name, default "UTC"
//	per_page     briefings per list page, default 20
//	feed_limit   items per feed, default 50
//	author       default author name
//	publisher    publisher name
//	markdown     {unsafe: true} passes raw HTML in Markdown through
//
// # Problems
//
// Errors and warnings come back as a diag.List sorted by path and line. A
// missing required field, and front matter that is never closed, are
// reported at the opening delimiter; a briefing without front matter at line
// 1. Warnings (a date in the future, a missing summary) do not stop a build.
package load
