package load

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

// sealedFS is a MapFS that fails the test when a path in sealed is opened:
// links and special files must be judged by their listing alone.
type sealedFS struct {
	fstest.MapFS
	t      *testing.T
	sealed map[string]bool
}

func (s sealedFS) Open(name string) (fs.File, error) {
	if s.sealed[name] {
		s.t.Errorf("%s was opened", name)
	}
	return s.MapFS.Open(name)
}

func TestLinksAndSpecialFiles(t *testing.T) {
	link := func(target string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink}
	}
	special := func(mode fs.FileMode) *fstest.MapFile { return &fstest.MapFile{Mode: mode} }
	tests := []struct {
		name   string
		files  fstest.MapFS
		sealed []string
		want   []string
	}{
		{"content is a link", fstest.MapFS{
			"content":                    link("elsewhere"),
			"elsewhere/briefings/a.md":   {Data: []byte(briefingWith(""))},
			"elsewhere/briefings/sub/.k": {},
		}, []string{"content/briefings/a.md"}, []string{
			"content: error: content/ is a symbolic link; brief does not follow links (copy the folder into the site)"}},
		{"site.yaml is a link", fstest.MapFS{
			"site.yaml":              link("/etc/site.yaml"),
			"content/briefings/a.md": {Data: []byte(briefingWith(""))},
		}, []string{"site.yaml"}, []string{
			"site.yaml: error: site.yaml is a symbolic link; brief does not follow links (copy the file into the site)"}},
		{"site.yaml is a named pipe", fstest.MapFS{
			"site.yaml":              special(fs.ModeNamedPipe),
			"content/briefings/a.md": {Data: []byte(briefingWith(""))},
		}, []string{"site.yaml"}, []string{
			"site.yaml: error: site.yaml is a named pipe (FIFO), not a file; it was not opened (replace it with an ordinary file holding the settings)"}},
		{"links and special files in content", fstest.MapFS{
			"content/briefings/a.md":      {Data: []byte(briefingWith(""))},
			"content/briefings/link.md":   link("/etc/passwd"),
			"content/briefings/folder":    link("/etc"),
			"content/briefings/pipe.md":   special(fs.ModeNamedPipe),
			"content/briefings/sock.md":   special(fs.ModeSocket),
			"content/briefings/dev.md":    special(fs.ModeDevice | fs.ModeCharDevice),
			"content/briefings/pipe.txt":  special(fs.ModeNamedPipe),
			"content/pages/about.md":      link("../../../about.md"),
			"content/briefings/_pipe.md":  special(fs.ModeNamedPipe),
			"content/countries/ua.md":     {Data: []byte("Intro.\n")},
			"content/countries/other.txt": link("/etc/hosts"),
		}, []string{"content/briefings/link.md", "content/briefings/folder", "content/briefings/pipe.md", "content/briefings/sock.md",
			"content/briefings/dev.md", "content/briefings/pipe.txt", "content/pages/about.md", "content/briefings/_pipe.md", "content/countries/other.txt"}, []string{
			"content/briefings/dev.md: warning: a device, not a file; skipped (brief reads ordinary files only; replace it with one)",
			"content/briefings/folder: warning: symbolic link not followed (copy the file into content/ instead)",
			"content/briefings/link.md: warning: symbolic link not followed (copy the file into content/ instead)",
			"content/briefings/pipe.md: warning: a named pipe (FIFO), not a file; skipped (brief reads ordinary files only; replace it with one)",
			"content/briefings/sock.md: warning: a socket, not a file; skipped (brief reads ordinary files only; replace it with one)",
			"content/countries/other.txt: warning: symbolic link not followed (copy the file into content/ instead)",
			"content/pages/about.md: warning: symbolic link not followed (copy the file into content/ instead)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := sealedFS{MapFS: tt.files, t: t, sealed: map[string]bool{}}
			for _, p := range tt.sealed {
				fsys.sealed[p] = true
			}
			if fsys.MapFS["site.yaml"] == nil {
				fsys.MapFS["site.yaml"] = &fstest.MapFile{Data: []byte(goodConfig)}
			}
			s, probs := Load(fsys, Options{Now: testNow})
			checkProblems(t, problemLines(probs), tt.want)
			if s.BriefingFiles > 1 {
				t.Errorf("BriefingFiles = %d: links and special files count as briefing files", s.BriefingFiles)
			}
		})
	}
}
