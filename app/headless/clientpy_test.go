package headless

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire/codec"
)

// clientPyPython is Debian's python3, which has python3-pil (the python3
// first on PATH may be another one without PIL).
const clientPyPython = "/usr/bin/python3"

// clientPyFrames is how many images the fake camera makes in each run, at
// clientPyFPS frames a second. The post's camera runs at 30 fps, but with
// the race detector on a busy 2-core machine Go's image/jpeg takes 30 to
// 60 ms for one of these 320x240 frames, and a viewer that cannot keep up
// drops frames by design (newest frame wins) instead of decoding them all.
const (
	clientPyFrames = 8
	clientPyFPS    = 10
)

// fakeCameraLine is what the fake picamera prints on stderr at exit.
var fakeCameraLine = regexp.MustCompile(`(?m)^picamera: format=(\w+) size=(\d+x\d+) frames=(\d+) bytes=(\d+) sizes=([\d,]*)$`)

// TestClientPy runs the blog post's client.py (testdata/client.py, verbatim)
// into a headless run, with the post's command lines, and checks that the
// viewer read all of it: every image the camera made arrived and decoded,
// the bytes add up, the stream ended with client.py's end marker, and the
// snapshot is the camera's last image. client.py imports picamera, which
// exists only on a Raspberry Pi: testdata/clientpy has a fake of it, and a
// sitecustomize that sends client.py's connection to 192.168.0.<N>:1308 to
// the run's loopback port and shortens the camera's 2-second warm-up.
func TestClientPy(t *testing.T) {
	if err := exec.Command(clientPyPython, "-c", "import PIL.Image").Run(); err != nil {
		t.Skipf("%s with PIL is needed (Debian: apt-get install python3-pil): %v", clientPyPython, err)
	}
	script, err := os.ReadFile("testdata/client.py")
	if err != nil {
		t.Fatal(err)
	}
	// The harness relies on these lines of the post's script.
	for _, line := range []string{"client_socket.connect( ( ip_address, 1308 ) )", "time.sleep(2)"} {
		if bytes.Count(script, []byte(line)) != 1 {
			t.Fatalf("testdata/client.py does not have %q exactly once, as the post's does", line)
		}
	}
	harness, err := filepath.Abs("testdata/clientpy")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, format, method string // method: client.py's flag, -seq or -cont
		snapshot             string
	}{
		{"jpeg-seq", "jpeg", "-seq", "last.jpg"},
		{"jpeg-cont", "jpeg", "-cont", "last.jpg"},
		{"yuv-seq", "yuv", "-seq", "last.png"},
		{"rgb-seq", "rgb", "-seq", "last.png"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := Config{
				Receive:  receive.Config{Addr: "127.0.0.1:0", Decode: codec.Options{Size: image.Pt(320, 240)}},
				Records:  0,
				Summary:  filepath.Join(dir, "summary.csv"),
				Snapshot: filepath.Join(dir, tc.snapshot),
			}
			// The post's command line, e.g.
			// python3 client.py -ip 108 -W 320 -H 240 -format jpeg -vidport 1 -seq
			args := strings.Fields("client.py -ip 108 -W 320 -H 240 -format " + tc.format + " -vidport 1 " + tc.method)
			r := runClientPy(t, cfg, harness, dir, args)
			res, fail := r.res, r.failure

			m := fakeCameraLine.FindStringSubmatch(r.stderr)
			if m == nil {
				t.Fatalf("the fake camera did not report what it made%s", fail())
			}
			var sum int64
			var sizes []int64
			for _, s := range strings.Split(m[5], ",") {
				n, _ := strconv.ParseInt(s, 10, 64)
				sizes = append(sizes, n)
				sum += n
			}
			made, _ := strconv.Atoi(m[3])
			total, _ := strconv.ParseInt(m[4], 10, 64)
			if m[1] != tc.format || m[2] != "320x240" || made != clientPyFrames || len(sizes) != made || total != sum {
				t.Fatalf("the fake camera made %q, want %d %s images at 320x240%s", m[0], clientPyFrames, tc.format, fail())
			}
			// client.py's own output says which path it took.
			mode := map[string]string{"-seq": "True False", "-cont": "False True"}[tc.method]
			loop := map[string]string{"-seq": "sequence", "-cont": "continuous"}[tc.method]
			if want := fmt.Sprintf("%s %s\nrunning in %s\n", mode, tc.format, loop); r.stdout != want {
				t.Errorf("client.py printed %q, want %q", r.stdout, want)
			}
			if want := "harness: connect 192.168.0.108:1308 -> " + r.addr + "\n"; !strings.Contains(r.stderr, want) {
				t.Errorf("client.py did not connect to 192.168.0.108:1308 (redirected to %s)%s", r.addr, fail())
			}

			if res.End != nil {
				t.Errorf("the stream ended with %v, want client.py's end marker%s", res.End, fail())
			}
			// Newest frame wins: on a loaded machine a frame may be replaced
			// before it is decoded; it is counted as dropped then, and the
			// last one is always decoded (the snapshot checks it).
			if res.Received != clientPyFrames || res.Decoded == 0 || res.Decoded+res.Dropped < res.Received || res.Errors != 0 {
				t.Errorf("received %d, decoded %d, dropped %d, errors %d: want %d received, each decoded or dropped, 0 errors%s",
					res.Received, res.Decoded, res.Dropped, res.Errors, clientPyFrames, fail())
			}
			if res.Bytes != sum {
				t.Errorf("viewer counted %d bytes, the camera made %d%s", res.Bytes, sum, fail())
			}
			if res.Dropped != 0 {
				// Not an error: with several decoders a frame can finish after
				// a newer one and not be shown; at clientPyFPS that is rare.
				t.Logf("%d of %d frames were decoded but not shown", res.Dropped, res.Received)
			}
			want := fmt.Sprintf("total: frames=%d decoded=%d dropped=%d errors=0 bytes=%d\n", clientPyFrames, clientPyFrames, res.Dropped, sum)
			if r.out != want {
				t.Errorf("output %q, want %q", r.out, want)
			}
			var summary bytes.Buffer
			stats.WriteSummary(&summary, nil) // the run is shorter than a window
			if got, err := os.ReadFile(cfg.Summary); err != nil || !bytes.Equal(got, summary.Bytes()) || len(res.Records) != 0 {
				t.Errorf("summary %q (%v), records %v: want only the header", got, err, res.Records)
			}

			last, err := os.ReadFile(filepath.Join(dir, "last."+tc.format))
			if err != nil {
				t.Fatalf("the fake camera's last image: %v", err)
			}
			snap, err := os.ReadFile(cfg.Snapshot)
			if err != nil {
				t.Fatalf("snapshot: %v%s", err, fail())
			}
			switch tc.format {
			case "jpeg":
				checkJPEGSnapshot(t, snap, last, sizes)
			case "yuv":
				checkYUVSnapshot(t, snap, last)
			case "rgb":
				checkRGBSnapshot(t, snap, last)
			}
		})
	}
}

// clientPyRun is what a run of client.py into a headless run left.
type clientPyRun struct {
	res            Result
	out            string // what the headless run printed
	addr           string // where it listened
	stdout, stderr string // client.py's
	log            string // the headless run's status messages
}

// failure formats the run's output for a failure message.
func (r *clientPyRun) failure() string {
	return fmt.Sprintf("\nresult: %+v\nheadless output:\n%s\nheadless log:\n%s\nclient.py stdout:\n%s\nclient.py stderr:\n%s",
		r.res, r.out, r.log, r.stdout, r.stderr)
}

// runClientPy starts a headless run with cfg on a loopback port, runs
// python with args in testdata against it, with harness on PYTHONPATH and
// the fake camera saving its last image in dir, and waits for both to end.
func runClientPy(t *testing.T, cfg Config, harness, dir string, args []string) *clientPyRun {
	t.Helper()
	var mu sync.Mutex
	var log strings.Builder
	cfg.Log = func(s string) {
		mu.Lock()
		defer mu.Unlock()
		log.WriteString(s + "\n")
	}
	r := &clientPyRun{}
	res, out, err := start(t, cfg, func(addr string) error {
		r.addr = addr
		_, port, _ := net.SplitHostPort(addr)
		// client.py must be done well within this.
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, clientPyPython, args...)
		cmd.Dir = "testdata"
		cmd.Env = append(os.Environ(),
			"PYTHONPATH="+harness, "PYTHONDONTWRITEBYTECODE=1",
			"CLIENTPY_PORT="+port,
			"FAKE_PICAMERA_FRAMES="+strconv.Itoa(clientPyFrames), "FAKE_PICAMERA_FPS="+strconv.Itoa(clientPyFPS),
			"FAKE_PICAMERA_OUT="+dir)
		cmd.WaitDelay = time.Second
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		r.stdout, r.stderr = stdout.String(), stderr.String()
		if err != nil {
			return fmt.Errorf("client.py: %w (timeout: %v)", err, ctx.Err())
		}
		return nil
	})
	mu.Lock()
	r.res, r.out, r.log = res, out, log.String()
	mu.Unlock()
	if err != nil {
		t.Fatalf("%v%s", err, r.failure())
	}
	return r
}

// checkJPEGSnapshot checks that a .jpg snapshot of a JPEG stream is the
// camera's last image, byte for byte, and that the images were not all the
// same size (the fake's bar moves).
func checkJPEGSnapshot(t *testing.T, snap, last []byte, sizes []int64) {
	t.Helper()
	if !bytes.Equal(snap, last) {
		t.Errorf("snapshot is %d bytes, not the last frame's %d bytes as sent", len(snap), len(last))
	}
	distinct := map[int64]bool{}
	for _, n := range sizes {
		distinct[n] = true
	}
	if len(distinct) < 2 {
		t.Errorf("the fake camera's JPEGs all have the same size: %v", sizes)
	}
}

// fakeBar reports whether x is in the fake camera's white bar in frame k of
// a frame w pixels wide (see testdata/clientpy/picamera.py).
func fakeBar(x, k, w int) bool {
	x0 := 24 * k % (w - 16)
	return x >= x0 && x < x0+16
}

// checkYUVSnapshot checks that the .png snapshot of an I420 stream is the Y
// plane of the camera's last image in grey (the viewer's default, as the
// post's server shows it), pixel for pixel, and that the fake made that
// plane by its rule.
func checkYUVSnapshot(t *testing.T, snap, last []byte) {
	t.Helper()
	const w, h, k = 320, 240, clientPyFrames - 1
	if len(last) != w*h*3/2 {
		t.Fatalf("the fake camera's last I420 image is %d bytes, want %d", len(last), w*h*3/2)
	}
	for _, p := range []image.Point{{0, 0}, {5, 7}, {319, 239}, {24 * k % (w - 16), 100}} {
		want := byte(p.X + 2*p.Y + 8*k)
		if fakeBar(p.X, k, w) {
			want = 255
		}
		if got := last[p.Y*w+p.X]; got != want {
			t.Errorf("the fake camera's Y at %v is %d, want %d by its rule", p, got, want)
		}
	}
	// The chroma is far from grey, so a colour conversion would show.
	if u, v := last[w*h], last[w*h+w*h/4]; u != 0 || v != 255 {
		t.Errorf("the fake camera's U, V at (0,0) are %d, %d; want 0, 255 by its rule", u, v)
	}
	img := decodeSnapshotPNG(t, snap)
	bad := 0
	for y := range h {
		for x := range w {
			r, g, b, a := img.At(x, y).RGBA()
			yv := uint32(last[y*w+x])
			if r>>8 != yv || g>>8 != yv || b>>8 != yv || a>>8 != 255 {
				if bad++; bad <= 5 {
					t.Errorf("snapshot pixel (%d,%d) = %d,%d,%d,%d; want grey %d", x, y, r>>8, g>>8, b>>8, a>>8, yv)
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d snapshot pixels are not the last frame's Y plane", bad, w*h)
	}
}

// checkRGBSnapshot checks that the .png snapshot of an RGB24 stream is the
// camera's last image, pixel for pixel, and that the fake made it by its rule.
func checkRGBSnapshot(t *testing.T, snap, last []byte) {
	t.Helper()
	const w, h, k = 320, 240, clientPyFrames - 1
	if len(last) != w*h*3 {
		t.Fatalf("the fake camera's last RGB image is %d bytes, want %d", len(last), w*h*3)
	}
	for _, p := range []image.Point{{0, 0}, {5, 7}, {319, 239}, {24 * k % (w - 16), 100}} {
		want := [3]byte{byte(p.X + 8*k), byte(2 * p.Y), byte(p.X + p.Y)}
		if fakeBar(p.X, k, w) {
			want = [3]byte{255, 255, 255}
		}
		i := 3 * (p.Y*w + p.X)
		if got := [3]byte(last[i : i+3]); got != want {
			t.Errorf("the fake camera's RGB at %v is %v, want %v by its rule", p, got, want)
		}
	}
	img := decodeSnapshotPNG(t, snap)
	bad := 0
	for y := range h {
		for x := range w {
			r, g, b, a := img.At(x, y).RGBA()
			i := 3 * (y*w + x)
			if r>>8 != uint32(last[i]) || g>>8 != uint32(last[i+1]) || b>>8 != uint32(last[i+2]) || a>>8 != 255 {
				if bad++; bad <= 5 {
					t.Errorf("snapshot pixel (%d,%d) = %d,%d,%d,%d; want %v,255", x, y, r>>8, g>>8, b>>8, a>>8, last[i:i+3])
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d snapshot pixels are not the last frame's", bad, w*h)
	}
}

// decodeSnapshotPNG decodes a .png snapshot and checks it is 320x240.
func decodeSnapshotPNG(t *testing.T, snap []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(snap))
	if err != nil {
		t.Fatalf("png snapshot: %v", err)
	}
	if img.Bounds() != image.Rect(0, 0, 320, 240) {
		t.Fatalf("png snapshot is %v, want 320x240", img.Bounds())
	}
	return img
}
