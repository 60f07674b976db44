package main

import (
	"errors"
	"log/slog"
	"strings"
	"testing"
)

// TestLogLinesHaveTheShapeOfProblems: what the dev server logs reads like
// brief's other messages, one line each, control characters escaped.
func TestLogLinesHaveTheShapeOfProblems(t *testing.T) {
	var b strings.Builder
	log := slog.New(lineHandler{w: &b})
	log.Warn("watching", "err", errors.New("too many open files"))
	log.Error("serving", "err", errors.New("broken\npipe"))
	log.With("dir", "content").Info("watching more")
	want := "warning: watching: too many open files\n" +
		"error: serving: broken\\npipe\n" +
		"watching more dir=content\n"
	if b.String() != want {
		t.Errorf("logged\n%s\nwant\n%s", b.String(), want)
	}
}
