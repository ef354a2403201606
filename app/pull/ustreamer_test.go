package pull

import (
	"bytes"
	"context"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/wiretest"
)

// Against uStreamer, a streamer people run on their Pis (Debian's package):
// with no camera attached it serves the JPEG given by --blank about once a
// second on /stream, as it does while a camera is unplugged. The stream
// reads as MJPEG and its frames are that picture.
func TestUStreamer(t *testing.T) {
	path, err := exec.LookPath("ustreamer")
	if err != nil {
		t.Skip("ustreamer is not installed (Debian: apt-get install ustreamer; make test-deps installs it)")
	}
	blank := filepath.Join(t.TempDir(), "blank.jpg")
	if err := os.WriteFile(blank, wiretest.JPEG(t, wiretest.Solid(320, 240, color.RGBA{200, 40, 40, 255}), 90), 0o644); err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(wiretest.FreePort(t))
	cmd := exec.Command(path, "--device", filepath.Join(t.TempDir(), "no-camera"), "--host", "127.0.0.1", "--port", port, "--blank", blank)
	var stderr bytes.Buffer
	cmd.Stderr, cmd.Stdout = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	tg := target(t, "http://127.0.0.1:"+port+"/stream")
	d := Dialer{DialTimeout: 2 * time.Second, IdleTimeout: 5 * time.Second}
	var st *Stream
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if st, err = d.Open(context.Background(), tg); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("ustreamer did not serve /stream: %v\n%s", err, stderr.Bytes())
		}
	}
	defer st.Close()
	r := wire.NewReader(st, 0)
	for i := range 2 {
		f, err := r.Next(nil)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		checkJPEG(t, f.Payload, 320, 240)
	}
	if r.Protocol() != wire.ProtoMJPEG {
		t.Errorf("read as %v, want mjpeg", r.Protocol())
	}
}
