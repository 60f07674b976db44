package load

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"brief/generator/diag"
	"brief/generator/internal/editdist"
	"brief/generator/site"
)

var storyKeys = []string{"title", "summary", "status"}

// decodeStory makes a running story from content/stories/<key>.md: the
// key is the file's name, the body its introduction.
func decodeStory(p string, sp split, fm *value, d *decoder) *site.Story {
	if sp.Format == noFrontMatter {
		d.errAt(1, 1, "start the file with --- title: ... ---", "no front matter")
		return nil
	}
	key := strings.TrimSuffix(path.Base(p), ".md")
	if path.Dir(p) != StoriesDir || !validSlug(key) {
		d.errAt(1, 1, d.editionHint("name the file content/stories/<key>.md with a-z, 0-9 and hyphens, e.g. bilateral-agreements.md"),
			"%q cannot be a story's key", strings.TrimPrefix(p, StoriesDir+"/"))
		return nil
	}
	d.checkKeys(fm, "story front matter", storyKeys)
	st := &site.Story{Path: p, Key: key, Body: sp.Body, BodyLine: sp.BodyLine}
	for _, f := range fm.fields {
		switch f.key {
		case "title":
			st.Title, _ = d.nonEmptyText("title", f.val, maxTitle)
		case "summary":
			if s, ok := d.prose("summary", f.val, maxSummary); ok {
				st.Summary = strings.TrimSpace(s)
			}
		case "status":
			switch s, _ := d.text("status", f.val, maxShortText); s {
			case "ongoing":
			case "concluded":
				st.Concluded = true
			default:
				d.err(f.val, "write status: ongoing or status: concluded", "unknown story status %q", s)
			}
		}
	}
	if fm.get("title") == nil {
		d.errAt(1, 1, "add a line such as title: \"Bilateral security agreements\"", "missing required field %q", "title")
	}
	return st
}

// checkStories reports briefings whose story: names no story, suggesting
// the nearest key.
func checkStories(s *site.Site, probs *diag.List) {
	keys := make([]string, len(s.Stories))
	known := make(map[string]bool, len(s.Stories))
	for i, st := range s.Stories {
		keys[i], known[st.Key] = st.Key, true
	}
	for _, b := range s.Briefings {
		if b.Story == "" || known[b.Story] {
			continue
		}
		hint := fmt.Sprintf("create %s/%s.md with a title, or name an existing story", StoriesDir, b.Story)
		if near := editdist.Nearest(b.Story, keys); near != "" {
			hint = fmt.Sprintf("did you mean %q?", near)
		}
		probs.Errorf(b.Path, b.StoryAt.Line, b.StoryAt.Col, hint, "unknown story %q", b.Story)
	}
}

// checkAliases reports aliases that cannot lead to their briefing: one
// equal to a real page's address, one claimed twice, one among the site's
// own addresses. The later file (by path) gets the error, naming the
// other.
func checkAliases(s *site.Site, probs *diag.List) {
	owner := map[string]string{} // address → file of the real page there
	for _, b := range s.Briefings {
		if b.Slug != "" {
			owner[b.URL()] = b.Path
		}
	}
	for _, pg := range s.Pages {
		owner[pg.URL()] = pg.Path
	}
	for _, st := range s.Stories {
		owner[st.URL()] = st.Path
	}
	// Briefings in path order, so that which of two gets the error does
	// not depend on their dates.
	bs := append([]*site.Briefing(nil), s.Briefings...)
	sort.Slice(bs, func(i, j int) bool { return bs[i].Path < bs[j].Path })
	claimed := map[string]string{}
	for _, b := range bs {
		for _, a := range b.Aliases {
			first, _, _ := strings.Cut(strings.TrimPrefix(a.Path, "/"), "/")
			switch {
			case owner[a.Path] != "":
				probs.Errorf(b.Path, a.At.Line, a.At.Col, "remove the alias, or give the page another address",
					"alias %s is the address of %s", a.Path, owner[a.Path])
			case claimed[a.Path] != "":
				probs.Errorf(b.Path, a.At.Line, a.At.Col, "an old address can lead to one briefing only; remove it from one of them",
					"alias %s is also an alias of %s", a.Path, claimed[a.Path])
			case siteAddresses[first]:
				probs.Errorf(b.Path, a.At.Line, a.At.Col, "the site makes pages under /"+first+"/ itself; an alias there would replace one",
					"alias %s is among the site's own addresses", a.Path)
			default:
				claimed[a.Path] = b.Path
			}
		}
	}
}
