package render

import (
	"html/template"

	"brief/generator/maps"
)

// The view structs below are all a template sees: small, flat, with exactly
// the fields the default theme prints. Every URL is ready to use in an href
// (root-relative, including the site's base path), except Canonical and the
// feed URLs of Head, which are absolute.

// SiteView is what every page knows about the site.
type SiteView struct {
	Title       string
	Description string
	Language    string
	Dir         string // "ltr" or "rtl", for <html dir>
	HomeURL     string // root-relative, e.g. "/", "/uk/" in an edition
	// AssetsURL is the root of the files all editions share (styles,
	// scripts, the icon), root-relative with a trailing slash: "/".
	AssetsURL    string
	BaseURL      string // absolute, no trailing slash
	Publisher    string
	Nav          []Link // main navigation
	FeedURL      string // root-relative site-wide RSS
	OPMLURL      string // root-relative list of every country feed
	CountriesURL string
	ArchiveURL   string
	TagsURL      string
	// CorrectionsURL is the list of every correction, linked from the
	// footer of every page: a newsroom says where it owns up.
	CorrectionsURL string
	CSS            []string
}

// Link is a labelled address.
type Link struct {
	URL     string
	Text    string
	Current bool // the page being rendered
}

// FeedLink is an alternate representation announced in the page head.
type FeedLink struct {
	Title string
	URL   string // absolute
	Type  string // MIME type
}

// Head carries what every page's <head> and frame need.
type Head struct {
	Site        *SiteView
	Nav         []Link // main navigation, the current page marked
	Kind        string // "home", "briefing", "country", "tag", "countries", "tags", "archive", "archive-year", "page", "404"
	Title       string // the page's own title (its h1)
	FullTitle   string // the <title>: page title and site title
	Description string
	URL         string // root-relative address of this page
	Canonical   string // absolute address of this page
	Feeds       []FeedLink
	PrevURL     string // rel="prev" for paginated lists
	NextURL     string // rel="next"
	OGType      string // "website" or "article"
	JSONLD      template.JS
	NoIndex     bool // 404: keep out of search engines
	// Refresh is the content of a meta refresh: a page at a former
	// address sends the reader on with it.
	Refresh string
	// Languages are the site's editions for the language switcher, this
	// page's own first marked Current: each links to the same briefing
	// or page in its language, or to its home when there is none.
	Languages []LangLink
	// Alternates are the addresses of this page in the other editions
	// that have it, and its own, for <link rel="alternate" hreflang>;
	// empty on a site of one language. XDefault is the page in the site's
	// own language, when it has one.
	Alternates []LangLink
	XDefault   string
}

// LangLink is a page in one of the site's languages.
type LangLink struct {
	Lang    string // BCP 47 code, for hreflang and lang
	Name    string // the language's name in itself: "Українська"
	URL     string // absolute for Alternates, root-relative for Languages
	Current bool
	// Same: the link leads to this page in that language, not to that
	// edition's home for want of it (Languages; always so in Alternates).
	Same bool
}

// Date is a moment ready to print.
type Date struct {
	ISO   string // RFC 3339, for datetime attributes
	Human string // "2 August 2023"
}

// CountryLink is a country as a link with its flag.
type CountryLink struct {
	Code string // upper-case alpha-2
	Name string
	Flag string
	URL  string
}

// Item is a briefing in a list: home, country, tag and archive pages,
// related briefings and previous/next links.
type Item struct {
	Title     string
	URL       string
	Summary   string
	Date      Date
	Countries []CountryLink
	Draft     bool // shown only where drafts are (brief serve; build -drafts)
}

// SourceView is one source of a briefing.
type SourceView struct {
	Name  string
	URL   string // empty when only named
	Title string
	Date  *Date
}

// FeedItemContent is the data of the partial "feed-item": what RSS and
// JSON Feed items carry as their content. Its addresses are made absolute
// after it is rendered, as feed readers need.
type FeedItemContent struct {
	Body    template.HTML
	Sources []SourceView
}

// BriefingPage is the data of briefing.html.
type BriefingPage struct {
	Head
	Date           Date
	Updated        *Date
	Author         string
	Countries      []CountryLink
	Tags           []Link
	Summary        string
	Body           template.HTML
	Sources        []SourceView
	ReadingMinutes int
	Related        []Item
	Newer, Older   *Item // next and previous briefing in time
	Corrections    []CorrectionView
	Story          *StoryLine // nil when the briefing is in no story
	Draft          bool
}

// CorrectionView is a correction as a briefing's page shows it.
type CorrectionView struct {
	ID   string // the notice's anchor, "correction-1"
	Date Date
	Text template.HTML // inline HTML
}

// StoryLine is a briefing's place in its story: "Part of the story …,
// 7 of 17", with the briefings before and after it in the story.
type StoryLine struct {
	Title           string
	URL             string
	Position, Total int // counted from the story's oldest briefing
	Prev, Next      *Item
}

// CorrectionItem is a correction on the corrections page.
type CorrectionItem struct {
	CorrectionView
	Briefing Item
	URL      string // the notice on the briefing's page
}

// CorrectionsPage is the data of corrections.html.
type CorrectionsPage struct {
	Head
	FeedURL    string
	Items      []CorrectionItem // newest first, one page of them
	Pagination Pagination
}

// StoryCard is a story on the stories page.
type StoryCard struct {
	Title, URL, Summary string
	Count               int
	First, Latest       *Date // its oldest and newest briefing; nil when none
	Concluded           bool
}

// StoriesPage is the data of stories.html.
type StoriesPage struct {
	Head
	Ongoing, Concluded []StoryCard // each by latest briefing, newest first
}

// StoryPage is the data of story.html: the introduction and the story's
// briefings on a timeline, oldest first.
type StoryPage struct {
	Head
	Summary    string
	Intro      template.HTML // on the first page only
	Concluded  bool
	FeedURL    string
	Items      []Item // oldest first, one page of them
	Pagination Pagination
}

// AliasPage is the data of alias.html, the page at a former address.
type AliasPage struct {
	Head
	Target string // root-relative address of the briefing
}

// Pagination links the pages of a list.
type Pagination struct {
	Current, Total int
	PrevURL        string
	NextURL        string
	Pages          []PageNumber
}

// PageNumber is one numbered link of a pagination bar.
type PageNumber struct {
	Number  int
	URL     string
	Current bool
}

// CountryView describes the country of a country page.
type CountryView struct {
	CountryLink
	Region string
}

// CountryCount is a country with how many briefings concern it.
type CountryCount struct {
	CountryLink
	Count int
}

// ListPage is the data of home.html and list.html (country and tag pages).
type ListPage struct {
	Head
	Country      *CountryView  // country pages only
	Intro        template.HTML // country intro, when written
	FeedURL      string        // root-relative feed of this list
	FeedText     string        // link text for FeedURL, e.g. "RSS feed of briefings on Ukraine"
	Items        []Item
	Pagination   Pagination
	TopCountries []CountryCount // home page only
	Map          *MapView       // a country's first page: where it lies
}

// Region groups countries on the countries page.
type Region struct {
	Name      string
	Countries []CountryCount
}

// CountriesPage is the data of countries.html.
type CountriesPage struct {
	Head
	Map     *MapView // the countries covered, shaded by count
	Regions []Region
	Total   int
}

// TagCount is a tag with how many briefings carry it.
type TagCount struct {
	Link
	Count int
}

// TagsPage is the data of tags.html.
type TagsPage struct {
	Head
	Tags []TagCount
}

// MonthCount is a month on the archive page: how many briefings it holds
// and where its year's archive lists them.
type MonthCount struct {
	Name  string // "August"
	Year  int
	URL   string // the month's heading on the right page of its year
	Count int
}

// Year is a year on the archive page, with its months, newest first.
type Year struct {
	Year   int
	URL    string // the first page of the year's archive
	Count  int
	Months []MonthCount
}

// ArchivePage is the data of archive.html: the years, newest first.
type ArchivePage struct {
	Head
	Years []Year
	Total int
}

// Month groups briefings of one month on a page of a year's archive.
type Month struct {
	Name string // "August 2023"
	ID   string // "2023-08", an anchor
	// Continued is set on the first month of a page when the page before
	// began it.
	Continued bool
	Items     []Item
}

// ArchiveYearPage is the data of archive-year.html: one page of a year's
// briefings by month, newest first.
type ArchiveYearPage struct {
	Head
	Year       int
	Count      int    // the briefings of the whole year
	ArchiveURL string // the archive of every year
	Months     []Month
	Pagination Pagination
}

// SearchPage is the data of search.html: a search box that a script
// answers from the search files, whose manifest is at ManifestURL. Readers
// without scripts get links to the other ways of finding a briefing.
type SearchPage struct {
	Head
	ManifestURL  string
	ScriptURL    string
	ArchiveURL   string
	CountriesURL string
	TagsURL      string
}

// StandalonePage is the data of page.html (about, methodology) and 404.html.
type StandalonePage struct {
	Head
	Body  template.HTML
	Draft bool
}

// MapView is an inline SVG map (partials/map.html): Go gives the path data
// and the numbers, the template all the markup.
type MapView struct {
	Kind          string // "coverage" (links, legend) or "locator" (one country, an image)
	Label         string // what the map shows, its accessible name
	Width, Height int    // the viewBox
	Land          string // path data of the countries not featured
	Areas         []MapArea
	Legend        []MapStep // coverage maps: the shades, lightest first
}

// MapArea is a featured country of a map.
type MapArea struct {
	URL   string // its page; "" on a locator map, which is on that page
	Title string // its accessible name: "Italy: 4 briefings"
	D     string // path data; "" when only a dot shows it
	Dot   *maps.Dot
	Step  int // the shade: 1 to len(Legend); 0 on a locator map
}

// MapStep is one shade of a coverage map's legend.
type MapStep struct {
	Step  int
	Label string // "2–4 briefings"
}
