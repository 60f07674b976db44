// Package corpus writes a synthetic briefing site of any size, the same on
// every run: benchmarks, the scale test and the performance script build it.
//
// Each briefing has about 800 words of Markdown (paragraphs, a bullet list,
// a block quote, links) and YAML front matter with a title, an RFC 3339
// date, one to four of 62 countries with a Zipf spread (a few countries
// appear in most briefings, most in few), one to three {name, url} sources
// and a summary. About one briefing in five carries a fenced json or yaml
// block.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// Countries are the 62 countries briefings are spread over, most covered
// first (the Zipf rank).
var Countries = []string{
	"UA", "RU", "US", "DE", "FR", "GB", "PL", "IT", "TR", "CN", "JP", "CA", "NL", "ES", "SE", "FI",
	"NO", "DK", "BE", "LT", "LV", "EE", "RO", "MD", "BY", "GE", "AM", "AZ", "KZ", "HU", "SK", "CZ",
	"AT", "CH", "PT", "GR", "BG", "RS", "HR", "SI", "IE", "IS", "IL", "IR", "SA", "AE", "EG", "IN",
	"PK", "KR", "KP", "AU", "NZ", "BR", "MX", "AR", "ZA", "NG", "KE", "ET", "ID", "VN",
}

var publishers = []struct{ name, url string }{
	{"Reuters", "https://www.reuters.com/"},
	{"Associated Press", "https://apnews.com/"},
	{"NATO", "https://www.nato.int/"},
	{"European Council", "https://www.consilium.europa.eu/"},
	{"Office of the President of Ukraine", "https://www.president.gov.ua/en"},
	{"UK Government", "https://www.gov.uk/"},
	{"The White House", "https://www.whitehouse.gov/"},
	{"United Nations", "https://www.un.org/"},
}

var words = strings.Fields(`agreement alliance ambassador assistance budget ceasefire coalition commitment
consultation cooperation council declaration defence delegation diplomacy economy embassy energy envoy
export foreign framework funding government grain guarantee humanitarian industry infrastructure
integration intelligence investment joint leaders loan meeting military minister mission negotiation
observers parliament partnership pledge president programme reconstruction reform region resilience
sanctions security signing summit support talks territory trade training treaty troops vote weapons
year month week spring summer autumn winter capital border coast river port city region north south
east west new long short first second third several many few major minor public private national
international bilateral regional strategic economic political legal technical financial annual
agreed signed announced discussed confirmed approved rejected proposed expected reported stated
the a an and of to in on for with by from at as that this these those its their our which while
after before during under over between within without about against among across through`)

// Options shape a corpus.
type Options struct {
	N    int   // number of briefings
	Seed int64 // the same seed gives the same site
}

// Write creates a site in dir: site.yaml and content/briefings/.
func Write(dir string, o Options) error {
	if o.Seed == 0 {
		o.Seed = 1
	}
	if err := os.MkdirAll(filepath.Join(dir, "content", "briefings"), 0o755); err != nil {
		return err
	}
	cfg := "title: Synthetic Briefings\nbase_url: https://briefings.example.org/\nlanguage: en\ntimezone: UTC\nper_page: 20\nfeed_limit: 50\n"
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(cfg), 0o644); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(o.Seed), 0x62726965))
	zipf := rand.NewZipf(rand.New(rand.NewPCG(uint64(o.Seed), 7)), 1.1, 1, uint64(len(Countries)-1))
	// Briefings are 97 minutes apart from 2020 on; a corpus too large to
	// end before 2026 starts earlier instead, so that every briefing is in
	// the past and a build publishes them all without -future.
	const step = 97 * time.Minute
	start := time.Date(2020, 1, 1, 8, 0, 0, 0, time.UTC)
	if end := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC); start.Add(time.Duration(o.N) * step).After(end) {
		start = end.Add(-time.Duration(o.N) * step)
	}
	for i := range o.N {
		date := start.Add(time.Duration(i)*step + time.Duration(rng.IntN(60))*time.Minute)
		name := fmt.Sprintf("%s-briefing-%06d.md", date.Format("2006-01-02"), i)
		sub := date.Format("2006")
		if err := os.MkdirAll(filepath.Join(dir, "content", "briefings", sub), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "content", "briefings", sub, name), Briefing(rng, zipf, i, date), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Briefing renders briefing i.
func Briefing(rng *rand.Rand, zipf *rand.Zipf, i int, date time.Time) []byte {
	var b strings.Builder
	// A place name drawn from thousands makes titles as varied as real
	// ones: with the small vocabulary alone, every two words of a title
	// would be in dozens of others, and no search could single one out.
	title := sentence(rng, 5+rng.IntN(6), false) + " in " + placeName(rng)
	fmt.Fprintf(&b, "---\ntitle: %q\ndate: %s\n", fmt.Sprintf("%s (%d)", title, i), date.Format(time.RFC3339))
	seen := map[string]bool{}
	var cs []string
	for n := 1 + rng.IntN(4); len(cs) < n; {
		c := Countries[zipf.Uint64()]
		if !seen[c] {
			seen[c] = true
			cs = append(cs, c)
		}
	}
	fmt.Fprintf(&b, "countries: [%s]\nsources:\n", strings.Join(cs, ", "))
	for range 1 + rng.IntN(3) {
		p := publishers[rng.IntN(len(publishers))]
		fmt.Fprintf(&b, "  - name: %s\n    url: %s\n", p.name, p.url)
	}
	fmt.Fprintf(&b, "summary: %q\n---\n", sentence(rng, 20+rng.IntN(10), true))
	words := 0
	for para := 0; words < 800; para++ {
		switch {
		case para == 2:
			b.WriteString("## Background\n\n")
			for range 4 {
				n := 6 + rng.IntN(8)
				b.WriteString("- " + sentence(rng, n, true) + "\n")
				words += n
			}
			b.WriteString("\n")
		case para == 4:
			n := 20 + rng.IntN(20)
			b.WriteString("> " + sentence(rng, n, true) + "\n\n")
			words += n
		case para == 5 && rng.IntN(100) < 19:
			b.WriteString(codeBlock(rng))
		default:
			n := 60 + rng.IntN(60)
			s := sentence(rng, n, true)
			if rng.IntN(3) == 0 {
				p := publishers[rng.IntN(len(publishers))]
				s += " See [" + p.name + "](" + p.url + ") for details."
			}
			b.WriteString(s + "\n\n")
			words += n
		}
	}
	return []byte(b.String())
}

// codeBlock is a fenced json or yaml block of nine to sixteen lines, which
// chroma takes about 0.7 ms to highlight: the cost the performance issue
// measured per block on its corpus.
func codeBlock(rng *rand.Rand) string {
	var b strings.Builder
	if rng.IntN(2) == 0 {
		b.WriteString("```json\n{\n  \"agreements\": [\n")
		for k := range 5 {
			fmt.Fprintf(&b, "    {\"signed\": \"2024-0%d-1%d\", \"partners\": [\"UA\", \"%s\"], \"years\": %d, \"funding\": %d.%d}",
				1+rng.IntN(9), rng.IntN(9), Countries[rng.IntN(len(Countries))], 1+rng.IntN(10), rng.IntN(900), rng.IntN(9))
			if k < 4 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString("  ]\n}\n```\n\n")
		return b.String()
	}
	b.WriteString("```yaml\ntimeline:\n")
	for range 5 {
		fmt.Fprintf(&b, "  - date: 2024-%02d-%02d\n    event: %s\n    partners: [UA, %s]\n",
			1+rng.IntN(12), 1+rng.IntN(28), sentence(rng, 5, false), Countries[rng.IntN(len(Countries))])
	}
	b.WriteString("```\n\n")
	return b.String()
}

// sentence strings n words together; full makes it a capitalised sentence
// with a full stop, and sometimes emphasis.
var syllables = strings.Fields("ba ko ri ve na lu sta mor dan pel gri ta vo si len kar mi zo ul bre fa ton ros hel")

// placeName is a made-up name of two or three syllables.
func placeName(rng *rand.Rand) string {
	var b strings.Builder
	for range 2 + rng.IntN(2) {
		b.WriteString(syllables[rng.IntN(len(syllables))])
	}
	name := b.String()
	return strings.ToUpper(name[:1]) + name[1:]
}

func sentence(rng *rand.Rand, n int, full bool) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[rng.IntN(len(words))]
	}
	if full && n > 8 && rng.IntN(4) == 0 {
		ws[3] = "*" + ws[3] + "*"
	}
	ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
	s := strings.Join(ws, " ")
	if full {
		s += "."
	}
	return s
}

// ReferenceMarkdown is goldmark as the performance issue measured it, and as
// bench/floor runs it: brief's extensions and highlighting with the
// extension's defaults. The corpus's code blocks are sized against it.
func ReferenceMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList, extension.Typographer,
			highlighting.NewHighlighting(highlighting.WithGuessLanguage(false), highlighting.WithFormatOptions(chromahtml.WithClasses(true)))),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
}
