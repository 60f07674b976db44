package generator

import "brief/generator/internal/editdist"

// Nearest returns the candidate closest to word, or "" when none is close
// enough to be a slip of the keyboard: the command line suggests commands
// by the same rule that suggests field and country names.
func Nearest(word string, candidates []string) string {
	return editdist.Nearest(word, candidates)
}
