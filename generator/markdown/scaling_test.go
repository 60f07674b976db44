package markdown

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"
)

// repeat writes unit(i) for i = 0, 1, … until the body holds n bytes.
func repeat(n int, unit func(i int) string) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(unit(i))
	}
	return b.String()
}

// hostileShapes are bodies that made goldmark or chroma work with the
// square of their size, or could: each makes a body of about n bytes. Most
// are now refused or left plain at a limit; the rest must stay linear.
var hostileShapes = []struct {
	name string
	make func(n int) string
}{
	{"wide table", func(n int) string { return table(n/8, n/16, 1) }},
	{"many tables", func(n int) string { return repeat(n, func(int) string { return table(8, 20, 8) + "\n" }) }},
	{"footnotes", func(n int) string { return footnoted(n / 24) }},
	{"footnote references", func(n int) string {
		return repeat(n, func(int) string { return strings.Repeat("x[^1]\n", 100) + "\n" }) + "[^1]: n\n"
	}},
	{"link definitions", func(n int) string { return definitions(n / 28) }},
	{"link definitions apart", func(n int) string {
		return repeat(n, func(i int) string { return fmt.Sprintf("[r%d]: /x\n\n", i) })
	}},
	{"reference links in long paragraphs", func(n int) string {
		return "[a]: /x\n\n" + repeat(n, func(int) string { return strings.Repeat("[a]\n", MaxParagraphLines) + "\n" })
	}},
	{"long makefile line", func(n int) string { return fence("makefile", strings.Repeat("a", n)) }},
	{"long lines in many blocks", func(n int) string {
		return repeat(n, func(int) string { return fence("hcl", strings.Repeat("\\", 2*MaxHighlightLine)) })
	}},
	{"highlighted code", func(n int) string {
		return repeat(n, func(int) string { return fence("json", strings.Repeat(`{"a": [1, "b"]}`+"\n", 30)) })
	}},
	{"unknown languages", func(n int) string {
		return repeat(n, func(i int) string { return fence(fmt.Sprintf("lang%d", i), "x") })
	}},
	{"deep nesting", func(n int) string {
		return repeat(n, func(int) string { return strings.Repeat("> ", MaxNesting-10) + "x\n" })
	}},
	{"emphasis markers", func(n int) string { return strings.Repeat("*a**b***", n/8) }},
	{"emphasis markers in paragraphs", func(n int) string {
		return repeat(n, func(int) string { return strings.Repeat("*a**b***_c__\n", 50) + "\n" })
	}},
	{"links", func(n int) string { return strings.Repeat("[a](b) ", n/7) }},
	{"links to missing files", func(n int) string { return strings.Repeat("See [a](x.md).\n\n", n/16) }},
	{"nested brackets", func(n int) string { return strings.Repeat("[a", n/4) + strings.Repeat("]", n/4) }},
	{"nested brackets in paragraphs", func(n int) string {
		return repeat(n, func(int) string { return strings.Repeat("[a", 30) + strings.Repeat("]", 30) + "\n\n" })
	}},
	{"escaped pipes in tables", func(n int) string {
		return repeat(n, func(int) string { return "| a |\n|---|\n| `x\\|y` |\n\n" })
	}},
	{"code spans and autolinks", func(n int) string { return strings.Repeat("`a` <http://a.b> <a ", n/20) }},
	{"headings with one name", func(n int) string { return strings.Repeat("## Background\n\n", n/16) }},
}

// cost converts src three times and returns the least processor time and
// the fewest bytes allocated.
func cost(c *Converter, src []byte) (time.Duration, uint64) {
	best, alloc := time.Duration(1<<62), uint64(1<<63)
	var before, after runtime.MemStats
	for range 3 {
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := cpuNow()
		_, _ = c.Convert(src, 1, nil)
		d := cpuNow() - start
		runtime.ReadMemStats(&after)
		best, alloc = min(best, d), min(alloc, after.TotalAlloc-before.TotalAlloc)
	}
	return best, alloc
}

// TestCostIsLinear converts each hostile shape at two sizes, n and 4n, and
// fails when each doubling of the input multiplies the cost by more than
// 2.5 on average in bytes allocated, or 3 in time: a square doubles to four
// times, sixteen over the two doublings, so the next quadratic path shows
// here before an author finds it. Two doublings, not one, because at these
// sizes a single step can cross a cache or a page-fault threshold and look
// steep. Time is processor time (on Linux), the best of three runs, and a
// ratio over the limit is measured again before it counts, so a busy
// machine does not fail the test; nothing is compared with a fixed
// duration.
func TestCostIsLinear(t *testing.T) {
	if raceDetector {
		t.Skip("costs under the race detector are not the costs authors see")
	}
	// Each shape starts at 48 KB and grows until its conversion takes 5 ms
	// (2 MB at most): below that the data sits in the processor's caches
	// and time says little about the work done. -short starts and stops
	// smaller.
	start, largest, enough := 48<<10, 2<<20, 5*time.Millisecond
	if testing.Short() {
		start, largest, enough = 16<<10, 1<<20, 3*time.Millisecond
	}
	// One processor: the garbage collector's idle workers would otherwise
	// burn the other ones while a conversion runs, and count as its time.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	c := New(Options{})
	for _, shape := range hostileShapes {
		t.Run(shape.name, func(t *testing.T) {
			n := start
			small := []byte(shape.make(n))
			for n < largest {
				if d, _ := cost(c, small); d >= enough {
					break
				}
				n *= 2
				small = []byte(shape.make(n))
			}
			large := []byte(shape.make(4 * n))
			timeRatio, allocRatio := 100.0, 100.0
			for try := 0; try < 3 && (timeRatio > 2.5 || allocRatio > 2.5); try++ {
				t1, a1 := cost(c, small)
				t2, a2 := cost(c, large)
				t1, t2 = max(t1, time.Millisecond), max(t2, time.Millisecond)
				timeRatio = min(timeRatio, math.Sqrt(float64(t2)/float64(t1)))
				allocRatio = min(allocRatio, math.Sqrt(float64(a2)/float64(max(a1, 1))))
				t.Logf("%d bytes: %v, %d KB allocated; %d bytes: %v, %d KB", len(small), t1, a1>>10, len(large), t2, a2>>10)
			}
			// Time gets a little more room: from a few to a hundred
			// megabytes, cache misses and page faults alone make each
			// doubling cost up to 2.5 times.
			if timeRatio > 3 || allocRatio > 2.5 {
				t.Errorf("each doubling of the input multiplied time by %.1f and memory by %.1f", timeRatio, allocRatio)
			}
		})
	}
}
