package stats

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func TestRecordLine(t *testing.T) {
	tests := []struct {
		name string
		i    int
		r    Record
		want string
	}{
		{"post example", 0, Record{Frames: 280, Elapsed: 10 * time.Second, AvgSize: 67621.0},
			"0 | Nbr_frames: 280 - Elapsed Time: 10.00 | Average img length: 67621.0"},
		// Python 3.11: "{:.2f} {:.1f}".format(10.004999, 67621.05) == "10.00 67621.1"
		{"rounding", 3, Record{Frames: 1, Elapsed: 10004999 * time.Microsecond, AvgSize: 67621.05},
			"3 | Nbr_frames: 1 - Elapsed Time: 10.00 | Average img length: 67621.1"},
		// Python 3.11: "{:.2f}".format(10.005) == "10.01"
		{"half", 12, Record{Frames: 7, Elapsed: 10005 * time.Millisecond, AvgSize: 0.25},
			"12 | Nbr_frames: 7 - Elapsed Time: 10.01 | Average img length: 0.2"},
	}
	for _, tt := range tests {
		if got := tt.r.Line(tt.i); got != tt.want {
			t.Errorf("%s: Line = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestWriteSummaryGolden(t *testing.T) {
	recs := []Record{
		{Frames: 280, Elapsed: 10000123977 * time.Nanosecond, AvgSize: 67621.0},
		{Frames: 3, Elapsed: 10500 * time.Millisecond, AvgSize: 6220800.0},
		{Frames: 301, Elapsed: 10 * time.Second, AvgSize: 28.5},
		{Frames: 1, Elapsed: 10 * time.Second, AvgSize: 1e16},
	}
	// The lines are what Python 3.11.7 printed for
	// "{}, {}, {}\n".format(280, 10.000123977661133, 67621.0) and friends,
	// except that Go's Duration keeps nanoseconds, so the first elapsed
	// value is 10.000123977 exactly.
	const want = "nbr_images, elapsed(sec), avg_img_size\n" +
		"280, 10.000123977, 67621.0\n" +
		"3, 10.5, 6220800.0\n" +
		"301, 10.0, 28.5\n" +
		"1, 10.0, 1e+16\n"
	var buf bytes.Buffer
	if err := WriteSummary(&buf, recs); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != want {
		t.Errorf("WriteSummary wrote\n%q\nwant\n%q", got, want)
	}
}

func TestWriteSummaryEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSummary(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "nbr_images, elapsed(sec), avg_img_size\n" {
		t.Errorf("got %q", got)
	}
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

func TestWriteSummaryWriteError(t *testing.T) {
	sentinel := errors.New("disk full")
	err := WriteSummary(failWriter{sentinel}, []Record{{Frames: 1, Elapsed: time.Second, AvgSize: 1}})
	if !errors.Is(err, sentinel) {
		t.Fatalf("err = %v, want it to wrap %v", err, sentinel)
	}
}
