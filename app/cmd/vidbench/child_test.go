package main

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
)

func TestRunChildCollectsOutputAndUsage(t *testing.T) {
	exe := fakeBinary(t, "child")
	t.Setenv("FAKE_STDOUT", "out line\n")
	t.Setenv("FAKE_STDERR", "err line\n")
	t.Setenv("FAKE_EXIT", "0")
	res, err := runChild(t.Context(), exe)
	if err != nil {
		t.Fatal(err)
	}
	if string(res.Stdout) != "out line\n" || string(res.Stderr) != "err line\n" {
		t.Errorf("stdout %q, stderr %q", res.Stdout, res.Stderr)
	}
	if res.Wall <= 0 || res.CPU <= 0 {
		t.Errorf("wall %v, CPU %v: want both > 0", res.Wall, res.CPU)
	}
}

func TestRunChildFailureQuotesStderr(t *testing.T) {
	exe := fakeBinary(t, "child")
	t.Setenv("FAKE_STDERR", "first\nsecond\nthird\nfourth\nfifth\nsixth\nthe reason\n")
	t.Setenv("FAKE_EXIT", "3")
	_, err := runChild(t.Context(), exe, "-x", "two words")
	if err == nil {
		t.Fatal("no error for exit status 3")
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 3 {
		t.Errorf("error %v does not wrap the exit status 3", err)
	}
	msg := err.Error()
	for _, want := range []string{"'two words'", "the reason", "third"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "second") {
		t.Errorf("error %q quotes more than the last %d lines", msg, tailLines)
	}
}

func TestRunChildMissingBinary(t *testing.T) {
	_, err := runChild(context.Background(), "/nonexistent/vidbench-test-binary")
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/vidbench-test-binary") {
		t.Errorf("error %v, want one naming the binary", err)
	}
}

func TestStderrTail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  \n", ""},
		{"one\n", "; its stderr ends:\n\tone"},
		{"1\n2\n3\n4\n5\n6\n7\n", "; its stderr ends:\n\t3\n\t4\n\t5\n\t6\n\t7"},
	}
	for _, tt := range tests {
		if got := stderrTail([]byte(tt.in)); got != tt.want {
			t.Errorf("stderrTail(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTailBuffer(t *testing.T) {
	b := newTailBuffer(4)
	for _, w := range []string{"abc", "def", "ghi"} { // 9 bytes: over 2*4, trimmed to the last 4
		if n, err := b.Write([]byte(w)); n != len(w) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	if got := string(b.Bytes()); got != "fghi" {
		t.Errorf("kept %q, want fghi", got)
	}
	b.Write([]byte("jk"))
	if got := string(b.Bytes()); got != "fghijk" {
		t.Errorf("kept %q, want fghijk (no trim until 2*max)", got)
	}
}
