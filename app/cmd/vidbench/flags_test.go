package main

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want config
	}{
		{"defaults", []string{"-vidstream", "bin/vidstream"},
			config{Vidstream: "bin/vidstream", FFmpeg: "ffmpeg", Runs: 3, Live: 10 * time.Second, LiveFPS: 30, Overload: 3 * time.Second,
				Command: "go run ./app/cmd/vidbench -vidstream bin/vidstream"}},
		{"quick shrinks runs and live", []string{"-vidstream", "v", "-quick", "-out", "B.md"},
			config{Vidstream: "v", FFmpeg: "ffmpeg", Out: "B.md", Runs: 1, Quick: true, Live: time.Second, LiveFPS: 30, Overload: time.Second,
				Command: "go run ./app/cmd/vidbench -vidstream v -quick -out B.md"}},
		{"quick keeps explicit values", []string{"-vidstream", "v", "-quick", "-runs", "2", "-live", "3s", "-ffmpeg", "", "-keep", "d"},
			config{Vidstream: "v", Runs: 2, Quick: true, Live: 3 * time.Second, LiveFPS: 30, Overload: time.Second, Keep: "d",
				Command: "go run ./app/cmd/vidbench -vidstream v -quick -runs 2 -live 3s -ffmpeg '' -keep d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseFlags(tt.args, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseFlagsErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "-vidstream is required"},
		{[]string{"-vidstream", "v", "-runs", "0"}, "-runs 0 out of range"},
		{[]string{"-vidstream", "v", "-runs", "101"}, "-runs 101 out of range"},
		{[]string{"-vidstream", "v", "-live", "0s"}, "-live 0s out of range"},
		{[]string{"-vidstream", "v", "-live-fps", "0"}, "-live-fps 0 out of range"},
		{[]string{"-vidstream", "v", "-live-fps", "NaN"}, "-live-fps NaN out of range"},
		{[]string{"-vidstream", "v", "extra"}, `unexpected argument "extra"`},
		{[]string{"-nosuchflag"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		_, err := parseFlags(tt.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseFlags(%q): error %v, want one with %q", tt.args, err, tt.want)
		}
	}
}

func TestParseFlagsHelp(t *testing.T) {
	var out strings.Builder
	_, err := parseFlags([]string{"-h"}, &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Errorf("error %v, want flag.ErrHelp", err)
	}
	if !strings.Contains(out.String(), "-vidstream") || !strings.Contains(out.String(), "go run ./app/cmd/vidbench") {
		t.Errorf("help lacks the usage or the flags:\n%s", out.String())
	}
}

func TestShellQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"bin/vidstream", "bin/vidstream"},
		{"-live=3s", "-live=3s"},
		{"", "''"},
		{"a b", "'a b'"},
		{"it's", `'it'\''s'`},
		{"$HOME", "'$HOME'"},
	}
	for _, tt := range tests {
		if got := shellQuote(tt.in); got != tt.want {
			t.Errorf("shellQuote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
