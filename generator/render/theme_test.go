package render

import (
	"html/template"
	"testing"

	"brief/generator/i18n"
	"brief/templates"
)

// th escapes the phrase and the values it is given as text, puts HTML in
// as it is, and fills each placeholder once: a title that reads like a
// placeholder stays as written.
func TestPhraseWithMarkup(t *testing.T) {
	th, probs := loadTheme(templates.FS, 0, i18n.English)
	if probs.Errors() > 0 {
		t.Fatal(probs)
	}
	fill := th.funcs(1)["th"].(func(string, ...any) template.HTML)
	link := th.funcs(1)["link"].(func(string, string) template.HTML)
	got := fill("story_part", "story", link("/stories/a/", "Talks & <treaties> {total}"), "position", "<2>", "total", 3)
	want := template.HTML(`Part of the story <a href="/stories/a/">Talks &amp; &lt;treaties&gt; {total}</a>, &lt;2&gt; of 3`)
	if got != want {
		t.Errorf("th = %s\nwant %s", got, want)
	}
}
