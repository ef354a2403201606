package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
)

func TestStatusLine(t *testing.T) {
	tests := []struct {
		df, db   int64
		interval time.Duration
		f, b     int64
		want     string
	}{
		{30, 30 * 67621, time.Second, 90, 90 * 67621, "picam: 30.0 fps, 67621 B/frame (total 90 frames, 6085890 bytes)\n"},
		{14, 14 * 115200, 500 * time.Millisecond, 14, 14 * 115200, "picam: 28.0 fps, 115200 B/frame (total 14 frames, 1612800 bytes)\n"},
		{0, 0, time.Second, 5, 500, "picam: 0.0 fps, - B/frame (total 5 frames, 500 bytes)\n"},
		{3, 30, 0, 3, 30, "picam: 0.0 fps, 10 B/frame (total 3 frames, 30 bytes)\n"},
	}
	for _, tc := range tests {
		if got := statusLine(tc.df, tc.db, tc.interval, tc.f, tc.b); got != tc.want {
			t.Errorf("statusLine(%d, %d, %v, ...) = %q, want %q", tc.df, tc.db, tc.interval, got, tc.want)
		}
	}
}

// stubSource hands out frames of n bytes, or err once set.
type stubSource struct {
	n   int
	err error
}

func (s *stubSource) Next(ctx context.Context) (capture.Frame, error) {
	if s.err != nil {
		return capture.Frame{}, s.err
	}
	return capture.Frame{Data: make([]byte, s.n)}, nil
}
func (s *stubSource) Hello() wire.Hello { return wire.Hello{Name: "stub"} }
func (s *stubSource) Close() error      { return nil }

func TestCountingSource(t *testing.T) {
	inner := &stubSource{n: 100}
	s := &countingSource{Source: inner}
	for range 3 {
		if _, err := s.Next(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	inner.err = errors.New("gone")
	if _, err := s.Next(context.Background()); err == nil {
		t.Fatal("error not passed through")
	}
	if f, b := s.counts(); f != 3 || b != 300 {
		t.Errorf("counts %d frames %d bytes, want 3, 300", f, b)
	}
	if s.Hello().Name != "stub" {
		t.Errorf("hello %+v", s.Hello())
	}
}

func TestStartStatus(t *testing.T) {
	s := &countingSource{Source: &stubSource{n: 10}}
	s.Next(context.Background())
	pr, pw := io.Pipe()
	stop := startStatus(s, pw, time.Millisecond)
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(line, "picam: ") || !strings.Contains(line, "fps") || !strings.Contains(line, "total 1 frames, 10 bytes") {
		t.Errorf("status line %q", line)
	}
	// stop must return even while the writer is blocked, once the write ends.
	go io.Copy(io.Discard, pr)
	stop()
	stop() // idempotent
	pw.Close()
}
