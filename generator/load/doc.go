// Package load reads a site folder (as an fs.FS) into a validated
// site.Site: it splits front matter from Markdown, decodes it strictly,
// resolves countries, checks sources, and reports every problem it finds with
// the file, line and column the author must look at.
//
// # Site layout
//
//	site.yaml               settings (see below)
//	content/briefings/**.md briefings, sub-folders allowed; a briefing
//	                        named index.md is kept in a folder of its own
//	                        with the files it shows (site.BundleIndex),
//	                        which the build publishes beside its page
//	content/countries/XX.md optional intro of the country with alpha-2 code XX
//	content/pages/*.md      standalone pages, served at /<slug>/
//	**/<name>.<code>.md     with <code> in languages: of site.yaml, a file
//	                        of that edition (see Editions below)
//
// Files and folders whose name starts with "." or "_", or ends with "~",
// ".swp", ".swx" or ".tmp", and vim's "4913", are editor leftovers and
// ignored, by the same rule as everywhere else in brief (package
// internal/leftover).
//
// Nothing outside the site is read. A symbolic link inside content/ (file
// or folder) is not followed, and a named pipe, socket or device named
// *.md is not opened: each gets a warning. site.yaml or content/ being a
// link, or site.yaml not a regular file, is an error, since the site
// cannot be built without them. Types are judged from the folder listing
// and Lstat, before anything is opened. Loader's incremental loads apply
// the same rules, and read no file through a linked folder.
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
//	           .md and without a leading YYYY-MM-DD-, lower-cased (the
//	           folder's name for an index.md)
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
// # Editions
//
// A site may be published in further languages, each an edition served
// under /<code>/ (languages: in site.yaml). A briefing, page or country
// intro whose name has an edition's code before .md belongs to that
// edition: content/briefings/2024-01-10-alpha.uk.md translates
// 2024-01-10-alpha.md beside it (its original), content/pages/about.uk.md
// translates about.md, content/countries/it.uk.md it.md; a briefing kept
// in a folder of its own is translated by index.uk.md beside its index.md,
// and shows the same files. A file of an edition without an original
// (x.uk.md alone) is that edition's own. Only the codes of languages: make
// such names: another x.de.md keeps the rules of any file (for a briefing,
// a name that gives no valid slug), and the error's hint says how to make
// it a translation.
//
// A translated briefing gives title (required); its summary, body,
// updated and corrections are its own, never the original's. It may leave
// out every other field, which then comes from its original: date,
// countries, sources, tags, author, draft and story, and slug together
// with aliases (its address is the original's, /uk/briefings/<slug>/,
// with the original's former addresses; a slug of its own comes with only
// the aliases it gives). updated and corrections are held to the date it
// takes. A briefing of an edition alone gives every required field and
// takes its slug from its name without the code. In a file of an edition,
// countries may be named in the edition's language as well as in English
// (countries: [Італія, Україна]); an unknown name gets suggestions in that
// language. A translated page takes its original's slug and draft when it
// leaves them out; a country intro has no fields. Stories are not
// translated yet: content/stories/x.uk.md is refused, and every edition
// shows the site's stories.
//
// A translation whose original was updated after the translation's own
// latest date (its updated, or latest correction, else its date, which is
// the original's when it gives none) gets a warning:
//
//	content/briefings/2024-01-10-alpha.uk.md: warning: translation is older than its original (updated 2024-03-01)
//
// Each edition is a site.Site of its own in Site.Editions (see package
// site, editions.go). A page whose slug is an edition's code, and an alias
// under /<code>/, are errors: the edition's pages are there.
//
// # site.yaml
//
//	title        required
//	base_url     required, absolute http(s) URL of the public site
//	description  optional
//	language     BCP 47 tag, default "en"
//	languages    further editions, in the order written: each a language
//	             code (i18n.Parse: uk, pt-BR) with its optional title
//	             (default: the site's) and description (default: none);
//	             the site's own language may not be one of them, and with
//	             editions language: must be a code i18n.Parse accepts too:
//
//	               languages:
//	                 uk:
//	                   title: Брифінги про гарантії безпеки
//	                   description: Короткі брифінги з джерелами.
//
//	timezone     IANA name, default "UTC"
//	per_page     briefings per list page, default 20
//	feed_limit   items per feed, default 50
//	author       default author name
//	publisher    publisher name
//	markdown     {unsafe: true} passes raw HTML in Markdown through
//	keep         paths inside the output folder that brief did not write
//	             and must keep (site.Config.Keep), e.g.
//	             keep: [CNAME, .nojekyll, .git, .well-known/]; each a
//	             relative path without "." or ".." parts or empty ones, a
//	             trailing slash allowed (and dropped); at most 100
//
// base_url must have the form scheme://host[:port]/path/: no user name or
// password, query or fragment, which would be copied into every link.
//
// # Text
//
// Text fields (of front matter and site.yaml) refuse control characters
// (C0 but tab, DEL, C1, U+2028 and U+2029) and bidirectional overrides and
// isolates (U+202A–U+202E, U+2066–U+2069), with the character and its
// place; line breaks are allowed in summary and description only. They
// are refused rather than stripped, so that what is published is what the
// author wrote. Invisible characters (soft hyphen, U+200B–U+200D,
// U+2060–U+2064, U+FEFF) are removed from tags with a warning, and the tag
// key ignores them: "Na\u200bto" and "Nato" are one tag.
//
// # Budgets
//
// Every input has a budget far above what a real briefing uses, checked
// before the costly work (parsing, rendering) so that no file can make a
// build slow or large:
//
//	content file                1 MB      site.yaml               64 KB
//	front matter                64 KB and 2,000 lines
//	nesting (front matter and   20 levels, scanned before the YAML or
//	site.yaml)                  TOML parser runs
//	tags                        50        countries               60
//	sources                     100       keep: entries           100
//	title                       300 characters
//	summary, description        2,000 characters
//	tag                         100 characters, and an address (key) of
//	                            at most 120 bytes
//	author, publisher,          200 characters
//	source name
//	source title                500 characters
//	URL                         2,000 characters (and bytes)
//	country name                100 characters
//	slug, language, time zone,  200 characters
//	keep: entry
//	languages: entries          20
//
// A list over its budget is reported once, at the list, and its items are
// not looked at.
//
// # Problems
//
// Errors and warnings come back as a diag.List sorted by path and line. A
// missing required field, and front matter that is never closed, are
// reported at the opening delimiter; a briefing without front matter at line
// 1. Warnings (a date in the future, a missing summary) do not stop a build.
package load
