package load

import (
	"bytes"
)

// format is the language of a front matter block.
type format int

const (
	noFrontMatter   format = iota
	yamlFrontMatter        // between --- lines
	tomlFrontMatter        // between +++ lines
)

// split is a file cut into its front matter and its Markdown body, with the
// line numbers needed to point back into the file as the author sees it.
type split struct {
	Format    format
	Front     []byte // the text between the delimiter lines
	FrontLine int    // line of the file on which Front starts (opening delimiter + 1)
	Body      []byte
	BodyLine  int // line of the file on which Body starts
}

// errUnclosed reports a front matter block whose closing delimiter is missing.
type errUnclosed struct{ delim string }

func (e errUnclosed) Error() string {
	return "front matter opened with " + e.delim + " is never closed"
}

// normalise drops a UTF-8 byte order mark and turns CRLF and CR line
// endings into LF, so that every later stage sees one kind of text and
// counts lines alike.
func normalise(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(src, '\r') >= 0 {
		// A carriage return alone ends a line too (old Mac files), for
		// YAML and for CommonMark alike: kept, it made the YAML library
		// count more lines than the file has.
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src
}

// splitFrontMatter separates the front matter from the body. The first line
// must be exactly "---" (YAML) or "+++" (TOML), trailing spaces allowed; the
// block ends at the next line holding the same delimiter. A file that does not
// start with a delimiter has no front matter: all of it is body.
func splitFrontMatter(src []byte) (split, error) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	var delim string
	switch string(bytes.TrimRight(first, " \t")) {
	case "---":
		delim = "---"
	case "+++":
		delim = "+++"
	default:
		return split{Body: src, BodyLine: 1}, nil
	}
	s := split{Format: yamlFrontMatter, FrontLine: 2}
	if delim == "+++" {
		s.Format = tomlFrontMatter
	}
	offset, line := 0, 2
	for offset <= len(rest) {
		end := bytes.IndexByte(rest[offset:], '\n')
		next := len(rest) + 1
		lineText := rest[offset:]
		if end >= 0 {
			lineText = rest[offset : offset+end]
			next = offset + end + 1
		}
		if string(bytes.TrimRight(lineText, " \t")) == delim {
			s.Front = rest[:offset]
			if next <= len(rest) {
				s.Body = rest[next:]
			}
			s.BodyLine = line + 1
			return s, nil
		}
		offset = next
		line++
	}
	return s, errUnclosed{delim: delim}
}
