// Package editdist measures how far apart two words are, to suggest what an
// author probably meant ("contries" → "countries").
package editdist

// Distance is the optimal string alignment distance between a and b,
// counted in runes: the number of single-rune insertions, deletions,
// substitutions and adjacent transpositions that turn one into the other.
// A transposition counts as one edit because swapped letters ("Ukriane",
// "Itlay", "contires") are the commonest slip.
func Distance(a, b string) int { return Runes([]rune(a), []rune(b)) }

// Runes is Distance for words already split into runes.
func Runes(a, b []rune) int {
	// Only three rows of the full matrix are needed: the transposition
	// step looks two rows back.
	twoBack := make([]int, len(b)+1)
	oneBack := make([]int, len(b)+1)
	current := make([]int, len(b)+1)
	for j := range oneBack {
		oneBack[j] = j
	}
	for i := 1; i <= len(a); i++ {
		current[0] = i
		for j := 1; j <= len(b); j++ {
			substitution := 1
			if a[i-1] == b[j-1] {
				substitution = 0
			}
			current[j] = min(oneBack[j]+1, current[j-1]+1, oneBack[j-1]+substitution)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				current[j] = min(current[j], twoBack[j-2]+1)
			}
		}
		twoBack, oneBack, current = oneBack, current, twoBack
	}
	return oneBack[len(b)]
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
