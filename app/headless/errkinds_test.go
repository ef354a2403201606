package headless

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// logLines is a Config.Log that keeps what it is told.
type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) log(msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, msg)
}

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// A replay of frames that fail two ways says how many failed each way and
// how the first of each failed; frames that decode are not mentioned.
func TestRunSaysWhyFramesDidNotDecode(t *testing.T) {
	good := wiretest.CameraJPEG(t, 320, 240)
	var rec bytes.Buffer
	for _, p := range [][]byte{good, good[:600], []byte("no image here"), good[:900], good, good[:700]} {
		rec.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(p))))
		rec.Write(p)
	}
	rec.Write([]byte{0, 0, 0, 0})
	path := filepath.Join(t.TempDir(), "bad.seed")
	if err := os.WriteFile(path, rec.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var log logLines
	var out strings.Builder
	res, err := Replay(context.Background(), path, Config{Log: log.log}, &out)
	if err != nil || res.Decoded != 2 || res.Errors != 4 {
		t.Fatalf("replay: %v; decoded %d, errors %d; want 2 and 4", err, res.Decoded, res.Errors)
	}
	got := log.String()
	for _, want := range []string{
		"3 frames did not decode this way (the first shown): frame 1: jpeg: decoding 320x240 (600 bytes)",
		"1 frame did not decode this way (the first shown): frame 2: codec: seed raw frame: payload of 13 bytes",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %q:\n%s", want, got)
		}
	}
}

// Each window tells the first error of each kind new since the last, once.
func TestWindowsTellEachNewKindOnce(t *testing.T) {
	var log logLines
	cfg := Config{Log: log.log}
	s := receive.NewSession(bytes.NewReader(nil), "test", receive.Config{}, receive.Lossless, nil)
	var e errorLog
	s.Meter.DecodeError(errors.New("frame 1: jpeg: bad"))
	s.Meter.DecodeError(errors.New("frame 2: jpeg: bad"))
	s.Meter.DecodeError(errors.New("frame 3: pixel: worse"))
	e.news(cfg, s)
	e.news(cfg, s)
	s.Meter.DecodeError(errors.New("frame 9: pixel: worse"))
	s.Meter.DecodeError(errors.New("frame 10: codec: new"))
	e.news(cfg, s)
	want := []string{
		"a frame did not decode (frames failing the same way are counted, not logged): frame 1: jpeg: bad",
		"a frame did not decode (frames failing the same way are counted, not logged): frame 3: pixel: worse",
		"a frame did not decode (frames failing the same way are counted, not logged): frame 10: codec: new",
	}
	if got := log.String(); got != strings.Join(want, "\n") {
		t.Fatalf("logged:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}
