package headless

import (
	"bytes"
	"context"
	"errors"
	"image"
	stdjpeg "image/jpeg"
	"image/png"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/codec"
	"github.com/vidstream/vidstream/wire/pixel"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/capture"
)

// start begins a headless run with cfg on a loopback port and, once it
// listens, calls feed with its address; it returns the run's result and
// output. When feed fails, the run is stopped and feed's error is returned
// with the run's.
func start(t *testing.T, cfg Config, feed func(addr string) error) (Result, string, error) {
	t.Helper()
	addrs := make(chan net.Addr, 1)
	cfg.Receive.Addr = "127.0.0.1:0"
	cfg.Ready = func(a net.Addr) { addrs <- a }
	var out bytes.Buffer
	type ret struct {
		res Result
		err error
	}
	done := make(chan ret, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	go func() {
		res, err := Run(ctx, cfg, &out)
		done <- ret{res, err}
	}()
	var feedErr error
	select {
	case a := <-addrs:
		if feedErr = feed(a.String()); feedErr != nil {
			cancel() // the run may still wait for a camera
		}
	case r := <-done:
		return r.res, out.String(), r.err
	}
	r := <-done
	return r.res, out.String(), errors.Join(feedErr, r.err)
}

// run starts a headless run on a loopback port and feeds it with send over
// a connection.
func run(t *testing.T, cfg Config, send func(conn net.Conn)) (Result, string, error) {
	t.Helper()
	return start(t, cfg, func(addr string) error {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			return err
		}
		defer conn.Close()
		send(conn)
		return nil
	})
}

func sendPattern(t *testing.T, f pixel.Format, frames int, fps float64) func(net.Conn) {
	return sendPatternIn(t, wire.ProtoSeed, f, frames, fps)
}

// sendPatternIn streams frames of the test pattern in protocol p, as picam
// does.
func sendPatternIn(t *testing.T, p wire.Protocol, f pixel.Format, frames int, fps float64) func(net.Conn) {
	return func(conn net.Conn) {
		src, err := capture.NewTestSource(320, 240, f, fps)
		if err != nil {
			t.Error(err)
			return
		}
		defer src.Close()
		// The viewer may stop reading first (records reached): a write error
		// is then expected.
		capture.Stream(context.Background(), src, capture.Once(conn), capture.StreamConfig{Proto: p, Frames: frames})
	}
}

var recordLine = regexp.MustCompile(`^(\d+) \| Nbr_frames: (\d+) - Elapsed Time: \d+\.\d\d \| Average img length: \d+\.\d$`)

func TestStopsAfterRecordsAndWritesFiles(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{
		Receive:  receive.Config{Window: 200 * time.Millisecond},
		Records:  3,
		Summary:  filepath.Join(dir, "summary.csv"),
		Snapshot: filepath.Join(dir, "last.jpg"),
	}
	res, out, err := run(t, cfg, sendPattern(t, pixel.FormatJPEG, 0, 100))
	if err != nil {
		t.Fatal(err)
	}
	if res.End != nil {
		t.Fatalf("stopping after the records is a clean end, got %v", res.End)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("output %q: want 3 record lines and the total", out)
	}
	for i, l := range lines[:3] {
		m := recordLine.FindStringSubmatch(l)
		if m == nil || m[1] != string(rune('0'+i)) {
			t.Fatalf("line %d %q is not the post's record line", i, l)
		}
	}
	if lines[3] != res.TotalLine() || !strings.HasPrefix(lines[3], "total: frames=") {
		t.Fatalf("last line %q, want %q", lines[3], res.TotalLine())
	}
	// With several decoders a frame can be decoded and still dropped (a
	// newer one was shown first): decoded + dropped >= received.
	if res.Received == 0 || res.Decoded == 0 || res.Errors != 0 || res.Decoded > res.Received || res.Decoded+res.Dropped < res.Received {
		t.Fatalf("counts %+v", res)
	}
	csv, err := os.ReadFile(cfg.Summary)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	stats.WriteSummary(&want, res.Records)
	if !bytes.Equal(csv, want.Bytes()) || !strings.HasPrefix(string(csv), "nbr_images, elapsed(sec), avg_img_size\n") || strings.Count(string(csv), "\n") != 4 {
		t.Fatalf("summary %q", csv)
	}
	f, err := os.Open(cfg.Snapshot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if img, err := stdjpeg.Decode(f); err != nil || img.Bounds().Dx() != 320 {
		t.Fatalf("snapshot: %v", err)
	}
}

func TestEndsWithTheFirstStream(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Snapshot: filepath.Join(dir, "last.png"), Receive: receive.Config{Decode: codec.Options{Size: image.Pt(320, 240)}}}
	res, out, err := run(t, cfg, sendPattern(t, pixel.FormatI420, 20, 0))
	if err != nil || res.End != nil {
		t.Fatalf("run: %v, end %v", err, res.End)
	}
	if res.Received != 20 || res.Bytes != 20*115200 || res.Errors != 0 {
		t.Fatalf("counts %+v", res)
	}
	if strings.TrimSpace(out) != "total: frames=20 decoded="+strconv.FormatInt(res.Decoded, 10)+" dropped="+strconv.FormatInt(res.Dropped, 10)+" errors=0 bytes=2304000" {
		t.Fatalf("output %q", out)
	}
	f, err := os.Open(cfg.Snapshot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil || img.Bounds().Dx() != 320 || img.Bounds().Dy() != 240 {
		t.Fatalf("png snapshot: %v", err)
	}
}

func TestBrokenStreamIsReported(t *testing.T) {
	res, out, err := run(t, Config{}, func(c net.Conn) {
		c.Write([]byte{100, 0, 0, 0, 1, 2, 3}) // 100 bytes announced, 3 sent
		c.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.End == nil || !errors.Is(res.End, io.ErrUnexpectedEOF) {
		t.Fatalf("end %v, want a cut-off frame", res.End)
	}
	if !strings.HasSuffix(strings.TrimSpace(out), "total: frames=0 decoded=0 dropped=0 errors=0 bytes=0") {
		t.Fatalf("output %q", out)
	}
}

func TestBadSnapshotNameIsRefusedFirst(t *testing.T) {
	_, err := Run(context.Background(), Config{Snapshot: "frame.gif"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), ".jpg or .png") {
		t.Fatalf("Run with a .gif snapshot: %v", err)
	}
}

// receiveOnLoopback is the receiver configuration of tests and benchmarks.
func receiveOnLoopback() receive.Config { return receive.Config{Addr: "127.0.0.1:0"} }
