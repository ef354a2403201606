package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// picamCommand finds a picam command line in prose or a unit file: "picam"
// and its arguments up to the end of the line, a pipe, a quote or a code
// span's backquote.
var picamCommand = regexp.MustCompile("(?m)(^|[\\s/])picam( -[^`|'\"\\n#]*)")

// TestDocumentedCommandsParse checks that every picam command the README and
// the systemd unit show is one picam accepts, so the docs cannot drift from
// the flags.
func TestDocumentedCommandsParse(t *testing.T) {
	for _, file := range []string{"../../../README.md", "picam.service"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		n := 0
		for _, m := range picamCommand.FindAllStringSubmatchIndex(text, -1) {
			if strings.HasSuffix(text[:m[0]+1], "-u ") { // journalctl -u picam -f
				continue
			}
			args := strings.Fields(text[m[4]:m[5]])
			if _, err := parseConfig(args); err != nil {
				t.Errorf("%s: picam %s: %v", file, strings.Join(args, " "), err)
			}
			n++
		}
		if n < 2 {
			t.Errorf("%s: found %d picam commands, want the documented ones", file, n)
		}
	}
}

// TestServiceUnitRestarts checks the systemd unit keeps picam running: it
// restarts it whatever the exit, and never stops trying.
func TestServiceUnitRestarts(t *testing.T) {
	b, err := os.ReadFile("picam.service")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Restart=always", "StartLimitIntervalSec=0", "SupplementaryGroups=video", "WantedBy=multi-user.target", "StateDirectory=picam"} {
		if !regexp.MustCompile("(?m)^" + regexp.QuoteMeta(want) + "$").Match(b) {
			t.Errorf("picam.service lacks %q", want)
		}
	}
}
