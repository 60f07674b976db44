// Package editdist measures how far apart two words are, to suggest what an
// author probably meant ("contries" → "countries").
package editdist

// Distance is the Levenshtein distance between a and b, counted in runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Close reports whether a distance d between words of about n runes is small
// enough to be a typing slip rather than another word.
func Close(d, n int) bool { return d <= max(2, n/3) }

// Nearest returns the candidate closest to word, or "" when none is Close.
// Ties go to the earlier candidate, so callers control the preference.
func Nearest(word string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := Distance(word, c)
		if Close(d, len([]rune(c))) && (bestD < 0 || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
}
