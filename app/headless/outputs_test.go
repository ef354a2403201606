//go:build unix

package headless

import (
	"context"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pixel"
)

// TestOutputsAreCheckedBeforeTheRun: a summary, snapshot or stats path
// that could not be written (a named pipe, a link, a folder, a folder that
// does not exist) is refused before a replay reads a frame and before a
// live run listens, and what is at the path is left alone. (A folder that
// cannot be written is CheckTarget's, tested in save.)
func TestOutputsAreCheckedBeforeTheRun(t *testing.T) {
	recording := record(t, wire.ProtoSeed, pixel.FormatJPEG, 5)
	dir := t.TempDir()
	// Every path ends in .png, a snapshot's extension (checked first).
	at := func(name string) string { return filepath.Join(dir, name+".png") }
	if err := syscall.Mkfifo(at("fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(at("fifo"), at("link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(at("folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "no", "such")
	bad := map[string]string{
		at("fifo"):                      at("fifo") + " is a named pipe (FIFO), not a regular file",
		at("link"):                      at("link") + " is a symbolic link (to " + at("fifo") + ")",
		at("folder"):                    at("folder") + " is a folder, not a regular file",
		filepath.Join(missing, "x.png"): "folder " + missing + " does not exist",
	}
	for _, what := range []string{"summary", "snapshot", "stats"} {
		for path, want := range bad {
			cfg := Config{}
			switch what {
			case "summary":
				cfg.Summary = path
			case "snapshot":
				cfg.Snapshot = path
			case "stats":
				cfg.Stats = path
			}
			want = "cannot write the " + what + ": " + want
			was := kindAt(path)

			var out strings.Builder
			res, err := Replay(context.Background(), recording, cfg, &out)
			if err == nil || !strings.HasPrefix(err.Error(), want) || res.Received != 0 || out.Len() != 0 {
				t.Errorf("replay with %s %s: %v, %d frames, output %q\nwant %q, before any frame", what, path, err, res.Received, out.String(), want)
			}

			listened := false
			cfg.Receive.Addr = "127.0.0.1:0"
			cfg.Ready = func(net.Addr) { listened = true }
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			_, err = Run(ctx, cfg, &out)
			cancel()
			if err == nil || !strings.HasPrefix(err.Error(), want) || listened {
				t.Errorf("run with %s %s: %v (listened: %v)\nwant %q, before listening", what, path, err, listened, want)
			}
			if got := kindAt(path); got != was {
				t.Errorf("%s is now %v, was %v", path, got, was)
			}
		}
	}
}

// TestOutputBecomesAPipeDuringTheRun: the path is checked again when the
// file is written at the end: a named pipe made there during the run is
// refused, said, and left a pipe.
func TestOutputBecomesAPipeDuringTheRun(t *testing.T) {
	summary := filepath.Join(t.TempDir(), "summary.csv")
	res, _, err := start(t, Config{Summary: summary}, func(addr string) error {
		if err := syscall.Mkfifo(summary, 0o644); err != nil {
			return err
		}
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			return err
		}
		defer conn.Close()
		sendPattern(t, pixel.FormatJPEG, 5, 0)(conn)
		return nil
	})
	want := "write summary: " + summary + " is a named pipe (FIFO), not a regular file"
	if err == nil || !strings.HasPrefix(err.Error(), want) || res.Received != 5 {
		t.Fatalf("run: %v, %d frames\nwant %q after 5 frames", err, res.Received, want)
	}
	if got := kindAt(summary); got != fs.ModeNamedPipe {
		t.Errorf("%s is now %v, want the pipe", summary, got)
	}
}

// kindAt is the type of what is at path, not following a link; 0 for a
// regular file, or nothing.
func kindAt(path string) fs.FileMode {
	fi, err := os.Lstat(path)
	if err != nil {
		return 0
	}
	return fi.Mode().Type()
}
