//go:build race

package markdown

// raceDetector is on: it slows some code far more than other, so costs
// measured under it say little about what authors will see.
const raceDetector = true
