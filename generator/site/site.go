// Package site is the model of a briefing portal: its settings, its
// briefings with their countries and sources, its standalone pages and
// country intros, and the indexes built from them (country → briefings,
// tag → briefings), and the same in each further language of the site, its
// editions (see editions.go).
//
// It is pure data: nothing here reads files or writes HTML. The load package
// fills it, and reads briefings' bodies for it when asked (Site.Bodies);
// the render package reads it.
package site

import (
	"path"
	"sort"
	"strings"
	"time"

	"brief/generator/countries"
	"brief/generator/i18n"
	"brief/generator/internal/translit"
)

// Config holds the settings of site.yaml.
type Config struct {
	Title       string
	BaseURL     string // absolute http(s) URL, without a trailing slash
	Description string
	Language    string // BCP 47 tag, "en" by default; in an edition, its code
	Timezone    string // IANA name, "UTC" by default
	Location    *time.Location
	PerPage     int // briefings per list page
	FeedLimit   int // items per feed
	Author      string
	Publisher   string
	// UnsafeHTML passes raw HTML in Markdown through (markdown: {unsafe: true}).
	UnsafeHTML bool
	// Keep lists paths inside the output folder that brief did not write
	// and must leave in place (keep: [CNAME, .nojekyll, .well-known/]):
	// slash-separated, relative, clean (no "." or ".." element, no
	// trailing slash). A folder keeps everything inside it.
	Keep []string
	// Lang is Language parsed (i18n.Parse). It is the zero Lang when the
	// site has no editions and Language is a tag that golang.org/x/text
	// reads but i18n.Parse refuses ("en_US", "iw"), which sites used
	// before editions existed.
	Lang i18n.Lang
	// Editions are the further languages of languages:, in the order
	// written; every edition's Config has the same list (see Site.Editions).
	Editions []EditionConfig
}

// Source is where a briefing's facts come from.
type Source struct {
	Name  string
	URL   string // absolute http(s) URL, or empty
	Title string // title of the cited article, or empty
	Date  time.Time
}

// Briefing is one published (or draft) briefing.
type Briefing struct {
	Path      string // slash-separated path from the site root, e.g. content/briefings/x.md
	Lang      string // code of the edition it belongs to (x.uk.md); "" in the site's language
	Slug      string
	Title     string
	Summary   string // as written; empty when the author left it out
	Date      time.Time
	Updated   time.Time            // zero when never updated
	Countries []*countries.Country // entries of the countries registry, shared
	Sources   []Source
	Tags      []Tag
	Author    string
	Draft     bool
	// Corrections are the errors the newsroom owned up to, oldest first;
	// each counts as an update, so Updated is never before the last.
	Corrections []Correction
	// Aliases are the briefing's former addresses, site-relative
	// ("/briefings/old-slug/"), each of which leads to it.
	Aliases []Alias
	// Story is the key of the running story the briefing belongs to
	// (content/stories/<key>.md), or empty; StoryAt is where it is
	// written, for messages about it.
	Story   string
	StoryAt Pos
	// Body is the Markdown after the front matter, when the model holds
	// it; nil when Site.Bodies reads it from the file (see Site.Body).
	Body     []byte
	BodyLine int // line of the file on which the body starts
	// Hash fingerprints everything the record was made from: the file's
	// path and bytes and the settings decoding read (the time zone). Every
	// field above is a function of those, so Hash stands for the whole
	// record in cache keys (see Digest).
	Hash uint64
}

// Digest lets caches fingerprint a briefing by its Hash instead of walking
// its fields and body (package digest).
func (b *Briefing) Digest() uint64 { return b.Hash }

// URL is the briefing's path on the site, e.g. /briefings/italy-talks/.
func (b *Briefing) URL() string { return BriefingURL(b.Slug) }

// BriefingURL is the path of the briefing with the given slug.
func BriefingURL(slug string) string { return "/briefings/" + slug + "/" }

// Pos is a place in a file, for messages that point back at it.
type Pos struct{ Line, Col int }

// Correction is a dated note of an error fixed in a briefing. Text is
// inline Markdown.
type Correction struct {
	Date time.Time
	Text string
}

// Alias is a former address of a briefing, with where it is written.
type Alias struct {
	Path string // site-relative, "/" first; ends in "/" or ".html"
	At   Pos
}

// Story is a running story (content/stories/<key>.md): a title, a summary
// and an introduction, told through the briefings whose story: names it.
type Story struct {
	Path      string
	Key       string // from the file name
	Title     string
	Summary   string
	Concluded bool // status: concluded; a story is ongoing otherwise
	Body      []byte
	BodyLine  int
	Hash      uint64 // fingerprint of the file's path and bytes, as Briefing's
}

// Digest stands for the whole story in cache keys, as Briefing's does.
func (s *Story) Digest() uint64 { return s.Hash }

// URL is the story's page on the site.
func (s *Story) URL() string { return "/stories/" + s.Key + "/" }

// Tag is a free topic. Tags that differ only in case, accents, punctuation
// or invisible characters share one key and one page.
type Tag struct {
	Name string // as first written
	Key  string // URL segment, e.g. "security-guarantees"
}

// TagKey turns a tag's name into its URL segment, as Slugify does.
func TagKey(name string) string { return Slugify(name) }

// Slugify makes an address segment of text in any script: written in
// lower-case ASCII (translit.Lower: Ukrainian by its national standard,
// accents dropped), invisible characters (see Invisible) dropped, letters
// and digits kept, every other run of characters one hyphen, none at the
// ends.
func Slugify(text string) string {
	// An invisible character would split "Na\u200bto" from "Nato": two
	// pages for what reads as one tag.
	text = strings.Map(func(r rune) rune {
		if Invisible(r) {
			return -1
		}
		return r
	}, text)
	var b strings.Builder
	hyphen := false
	for _, r := range translit.Lower(text) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
	}
	return b.String()
}

// Invisible reports whether r is a character that takes no room when shown:
// the soft hyphen, zero-width space, non-joiner and joiner, the word
// joiner and invisible operators, and the zero-width no-break space (byte
// order mark).
func Invisible(r rune) bool {
	switch {
	case r == 0x00ad, r >= 0x200b && r <= 0x200d, r >= 0x2060 && r <= 0x2064, r == 0xfeff:
		return true
	}
	return false
}

// Page is a standalone page such as "about", served at /<slug>/.
type Page struct {
	Path     string
	Lang     string // as Briefing's
	Slug     string
	Title    string
	Summary  string
	Draft    bool
	Body     []byte
	BodyLine int
	Hash     uint64 // fingerprint of the file's path and bytes, as Briefing's
}

// Digest stands for the whole page in cache keys, as Briefing's does.
func (p *Page) Digest() uint64 { return p.Hash }

// URL is the page's path on the site.
func (p *Page) URL() string { return "/" + p.Slug + "/" }

// Intro is the optional text shown at the top of a country's page.
type Intro struct {
	Path     string
	Lang     string // as Briefing's
	Country  countries.Country
	Body     []byte
	BodyLine int
	Hash     uint64 // fingerprint of the file's path and bytes, as Briefing's
}

// Digest stands for the whole intro in cache keys, as Briefing's does.
func (in *Intro) Digest() uint64 { return in.Hash }

// Site is everything a build needs, loaded and validated.
type Site struct {
	Config Config
	// Briefings sorted newest first: by date, then by slug.
	Briefings []*Briefing
	Pages     []*Page           // sorted by slug
	Intros    map[string]*Intro // by country key
	Stories   []*Story          // sorted by key
	// BriefingFiles counts the briefing files found, including those that
	// could not be loaded, for reports. An edition counts its own files.
	BriefingFiles int
	// Editions are the site in each further language (see editions.go),
	// in the order of languages:; nil in an edition itself.
	Editions []*Site
	// Bodies reads the bodies of briefings that the model does not hold:
	// at 100,000 briefings they are most of a site's memory, and each is
	// needed only while it is converted.
	Bodies BodyReader
}

// BodyReader reads a briefing's Markdown body from where the briefing was
// made from. It fails when that is no longer what the briefing was made
// from (its Hash).
type BodyReader interface {
	Body(b *Briefing) ([]byte, error)
}

// Body returns the Markdown body of b, a briefing of s: the one the model
// holds, or else the one s.Bodies reads.
func (s *Site) Body(b *Briefing) ([]byte, error) {
	if b.Body != nil || s.Bodies == nil {
		return b.Body, nil
	}
	return s.Bodies.Body(b)
}

// Differing lists the positions at which next holds another record than
// prev, or every position when their lengths differ. Records are never
// changed once loaded (a changed file gives a new one), so on a rebuild
// after an edit the few records loaded again are found by comparing
// pointers: going over every record of a large site, each in memory of
// its own, cost milliseconds each time.
func Differing(prev, next []*Briefing) []int {
	var out []int
	if len(prev) != len(next) {
		out = make([]int, len(next))
		for i := range out {
			out[i] = i
		}
		return out
	}
	for i, b := range next {
		if prev[i] != b {
			out = append(out, i)
		}
	}
	return out
}

// SortBriefings puts briefings newest first, with the slug as tiebreaker so
// that the order never depends on the file system.
func SortBriefings(bs []*Briefing) {
	sort.SliceStable(bs, func(i, j int) bool { return Newer(bs[i], bs[j]) })
}

// Newer reports whether a comes before b in newest-first order.
func Newer(a, b *Briefing) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.After(b.Date)
	}
	return a.Slug < b.Slug
}

// LeftOut counts what Filter left out: drafts (briefings and pages), and
// briefings dated in the future that are not drafts.
type LeftOut struct {
	Drafts, Future int
}

// Filter keeps the briefings a build publishes: drafts only when drafts is
// set, and briefings dated after now only when future is set. The order is
// kept.
func (s *Site) Filter(drafts, future bool, now time.Time) (*Site, LeftOut) {
	var left LeftOut
	out := *s
	out.Briefings = make([]*Briefing, 0, len(s.Briefings))
	for _, b := range s.Briefings {
		switch {
		case b.Draft && !drafts:
			left.Drafts++
		case b.Date.After(now) && !future:
			left.Future++
		default:
			out.Briefings = append(out.Briefings, b)
		}
	}
	out.Pages = make([]*Page, 0, len(s.Pages))
	for _, p := range s.Pages {
		if p.Draft && !drafts {
			left.Drafts++
		} else {
			out.Pages = append(out.Pages, p)
		}
	}
	// Each edition by the same rules: a draft translation is left out
	// of its edition alone.
	out.Editions = nil
	for _, e := range s.Editions {
		fe, l := e.Filter(drafts, future, now)
		left.Drafts += l.Drafts
		left.Future += l.Future
		out.Editions = append(out.Editions, fe)
	}
	return &out, left
}

// StoryMembers returns, for each story key, the positions of its
// briefings in Site.Briefings, newest first.
func (s *Site) StoryMembers() map[string][]int {
	out := map[string][]int{}
	for i, b := range s.Briefings {
		if b.Story != "" {
			out[b.Story] = append(out[b.Story], i)
		}
	}
	return out
}

// Group is a set of briefings sharing a country or a tag, newest first.
type Group struct {
	Key     string // country key or tag key
	Name    string // display name
	Country countries.Country
	// Members are the briefings' positions in Site.Briefings: a page
	// that lists them takes their entries by position.
	Members []int
}

// ByCountry returns one group per country that has at least one briefing,
// sorted by country key.
func (s *Site) ByCountry() []*Group {
	groups := map[string]*Group{}
	for i, b := range s.Briefings {
		for _, c := range b.Countries {
			g := groups[c.Key()]
			if g == nil {
				g = &Group{Key: c.Key(), Name: c.Common, Country: *c}
				groups[c.Key()] = g
			}
			g.Members = append(g.Members, i)
		}
	}
	return sortedGroups(groups)
}

// ByTag returns one group per tag key, sorted by key. A group's name is the
// spelling of its newest briefing.
func (s *Site) ByTag() []*Group {
	groups := map[string]*Group{}
	for i, b := range s.Briefings {
		for _, t := range b.Tags {
			g := groups[t.Key]
			if g == nil {
				g = &Group{Key: t.Key, Name: t.Name}
				groups[t.Key] = g
			}
			g.Members = append(g.Members, i)
		}
	}
	return sortedGroups(groups)
}

// sortedGroups turns a map into a slice sorted by key. Briefings inside each
// group keep the site's newest-first order because they were appended in it.
func sortedGroups(m map[string]*Group) []*Group {
	out := make([]*Group, 0, len(m))
	for _, g := range m {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// BundleIndex is the file name of a briefing kept in a folder of its own
// (a bundle), content/briefings/2024-06-13-apulia/index.md, with the files
// it shows beside it (map.png). The folder's name gives the slug as a
// file's name does, and the other files of the folder are published next
// to the briefing's page (/briefings/apulia/map.png).
const BundleIndex = "index.md"

// Bundle is the folder that holds the briefing and its files, or "" when
// the briefing is a file among others. A translation of a bundle's
// index.md (index.uk.md, beside it) is in the same folder and shows the
// same files.
func (b *Briefing) Bundle() string {
	if path.Base(b.Path) != BundleIndex && (b.Lang == "" || path.Base(b.Path) != TranslationPath(BundleIndex, b.Lang)) {
		return ""
	}
	return path.Dir(b.Path)
}
