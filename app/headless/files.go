package headless

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/save"
	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire"
)

// writeSummary writes the post's summary CSV to path (none for "").
func writeSummary(path string, recs []stats.Record) error {
	if path == "" {
		return nil
	}
	err := save.WriteFile(path, func(w io.Writer) error { return stats.WriteSummary(w, recs) })
	if err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

// writeSnapshot writes frame to path, its format by the extension: a JPEG
// frame saved as .jpg keeps its original bytes.
func writeSnapshot(path string, f *receive.Frame) error {
	if path == "" {
		return nil
	}
	if f == nil {
		return errors.New("write snapshot: no frame was decoded")
	}
	snap := save.Snapshot{Image: f.Image, JPEG: f.Payload}
	if err := save.WriteFile(path, func(w io.Writer) error { return snap.Encode(w, filepath.Ext(path)) }); err != nil {
		return fmt.Errorf("write snapshot: %w", err)
	}
	return nil
}

// writeStats writes st as indented JSON to path (none for "").
func writeStats(path string, st Stats) error {
	if path == "" {
		return nil
	}
	err := save.WriteFile(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	})
	if err != nil {
		return fmt.Errorf("write stats: %w", err)
	}
	return nil
}

// openRecording opens the recording at path for a replay, refusing what is
// not a regular file. It opens without waiting (O_NONBLOCK) and only then
// looks at what it opened: opening a named pipe waits for a writer, which
// may never come, and a file looked at before it is opened may be swapped
// for one before the open.
func openRecording(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("replay %s: there is no such file: check its name and folder: %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("replay %s: cannot open it: %w", path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("replay %s: cannot tell what it is: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, notRecording(path, fi.Mode())
	}
	return f, nil
}

// notRecording says why the file at path, of mode m and no regular file,
// is no recording to replay.
func notRecording(path string, m fs.FileMode) error {
	switch {
	case m.IsDir():
		return fmt.Errorf("replay %s: it is a folder, not a recording: name a recording in it", path)
	case m&fs.ModeNamedPipe != 0:
		return fmt.Errorf("replay %s: it is a named pipe (FIFO), not a recording: replay reads recorded files; a live stream is received with -listen", path)
	case m&fs.ModeDevice != 0:
		return fmt.Errorf("replay %s: it is a device, not a recording: name a recorded file", path)
	}
	return fmt.Errorf("replay %s: it is no regular file (%v), so not a recording: name a recorded file", path, m.Type())
}

// unplayable says why the recording f, read from path by the session s that
// ended with err (nil at the end of its stream), could not be played to its
// end, or did not hold a single frame; it returns nil when it played whole.
func unplayable(path string, f *os.File, s *receive.Session, err error) error {
	frames := s.Meter.Snapshot(time.Now()).Received
	if err == nil && frames > 0 {
		return nil
	}
	head, proto := sniff(f)
	if len(head) == 0 && errors.Is(err, wire.ErrNoEndMarker) { // not a byte, read or sniffed
		return fmt.Errorf("replay %s: the file is empty: there is nothing to play", path)
	}
	var over *wire.FrameTooLargeError
	var why string
	switch {
	case frames == 0 && proto == wire.ProtoSeed && err == nil:
		why = "there is no frame in it: it is a seed stream that ends at once (its first 4 bytes are zero, the end-of-stream marker)"
	case frames == 0 && proto == wire.ProtoV2:
		why = "there is no frame in it: it is a v2 stream that ends before its first frame"
	case frames == 0 && proto == wire.ProtoMJPEG:
		why = "there is no frame in it: it starts as a JPEG does, but holds no whole one"
	case frames == 0:
		why = fmt.Sprintf("it holds no stream vidstream knows (it starts with %s): name a seed, v2 or MJPEG recording", startText(head))
	case errors.Is(err, wire.ErrNoEndMarker):
		why = fmt.Sprintf("it ends after %s without the end-of-stream marker: the recording was cut off between two frames", count(frames))
	case errors.Is(err, io.ErrUnexpectedEOF):
		why = fmt.Sprintf("it is cut off after %s, in the middle of the next", count(frames))
	case errors.As(err, &over):
		why = fmt.Sprintf("it is damaged after %s: the next claims %d bytes, more than the %d a frame may have", count(frames), over.Length, over.Max)
	default:
		why = fmt.Sprintf("it cannot be played past %s", count(frames))
	}
	if err == nil {
		return fmt.Errorf("replay %s: %s", path, why)
	}
	return fmt.Errorf("replay %s: %s: %w", path, why, err)
}

// sniff returns the first bytes of the recording f (at most 8) and the
// protocol they tell, by the rule replay reads streams with.
func sniff(f *os.File) ([]byte, wire.Protocol) {
	head := make([]byte, 8)
	n, _ := f.ReadAt(head, 0)
	r := wire.NewReader(io.NewSectionReader(f, 0, math.MaxInt64), 0)
	_ = r.Start() // what went wrong the session said; this is for the protocol
	return head[:n], r.Protocol()
}

// startText shows a file's first bytes: as quoted text when they are
// printable ASCII, else in hex.
func startText(b []byte) string {
	for _, c := range b {
		if c < ' ' || c > '~' {
			return fmt.Sprintf("% x", b)
		}
	}
	return strconv.Quote(string(b))
}

// count says n frames in words: "1 frame", "2 frames".
func count(n int64) string {
	if n == 1 {
		return "1 frame"
	}
	return strconv.FormatInt(n, 10) + " frames"
}
