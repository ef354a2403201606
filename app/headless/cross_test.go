//go:build cross && linux

// The Pi binaries, cross-built by `make pi`, run under qemu-user and stream
// the test pattern into headless mode. `make test-pi` runs this test with
// PICAM_BIN_DIR set to where `make pi` put them.
package headless

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/wire/codec"
)

func TestCrossBuiltPicamStreamsUnderQEMU(t *testing.T) {
	dir := os.Getenv("PICAM_BIN_DIR")
	if dir == "" {
		t.Fatal("PICAM_BIN_DIR is not set: run this test with `make test-pi`")
	}
	cases := []struct {
		bin, emulator, cpu, format, proto string
	}{
		{"picam-linux-arm64", "qemu-aarch64-static", "cortex-a53", "jpeg", "v2"}, // Pi 3, 4, 5, Zero 2 W (64-bit OS)
		{"picam-linux-armv7", "qemu-arm-static", "cortex-a7", "yuv", "seed"},     // Pi 2, 3, 4 (32-bit OS)
		{"picam-linux-armv6", "qemu-arm-static", "arm1176", "jpeg", "seed"},      // Pi Zero, Pi 1
	}
	for _, tc := range cases {
		t.Run(tc.bin, func(t *testing.T) {
			const frames = 40
			addrs := make(chan net.Addr, 1)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			type ret struct {
				res Result
				err error
			}
			done := make(chan ret, 1)
			// v2 runs over TLS, paired on first use (Ed25519 and AES-GCM on
			// the ARM build); keys in folders of the test's own.
			trust, err := receive.LoadTrust(t.TempDir(), true)
			if err != nil {
				t.Fatal(err)
			}
			go func() {
				res, err := Run(ctx, Config{
					Receive: receive.Config{Addr: "127.0.0.1:0", Decode: codec.Options{Size: image.Pt(320, 240)}, Trust: trust},
					Ready:   func(a net.Addr) { addrs <- a },
				}, io.Discard)
				done <- ret{res, err}
			}()
			addr := <-addrs
			cmd := exec.CommandContext(ctx, tc.emulator, "-cpu", tc.cpu, filepath.Join(dir, tc.bin),
				"-source", "test", "-to", addr.String(), "-W", "320", "-H", "240",
				"-format", tc.format, "-proto", tc.proto, "-fps", "0", "-frames", fmt.Sprint(frames), "-keys", t.TempDir())
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s under %s: %v\n%s", tc.bin, tc.emulator, err, out)
			}
			r := <-done
			if r.err != nil || r.res.End != nil {
				t.Fatalf("headless: %v, end %v", r.err, r.res.End)
			}
			if r.res.Received != frames || r.res.Errors != 0 || r.res.Decoded == 0 {
				t.Fatalf("received %d of %d frames, decoded %d, errors %d", r.res.Received, frames, r.res.Decoded, r.res.Errors)
			}
			if encrypted := strings.Contains(string(out), ", encrypted)"); encrypted != (tc.proto == "v2") {
				t.Errorf("%s -proto %s: encrypted %v\n%s", tc.bin, tc.proto, encrypted, out)
			}
		})
	}
}

// TestCrossBuiltPicamHasV4L2 checks every Pi binary, the 32-bit ones too,
// has go4vl's V4L2 source: pointed at /dev/null, picam opens it and asks it
// for its V4L2 capabilities (an ioctl through go4vl's C structs), and says it
// is no camera, rather than that this build has no V4L2 source.
func TestCrossBuiltPicamHasV4L2(t *testing.T) {
	dir := os.Getenv("PICAM_BIN_DIR")
	if dir == "" {
		t.Fatal("PICAM_BIN_DIR is not set: run this test with `make test-pi`")
	}
	cases := []struct{ bin, emulator, cpu string }{
		{"picam-linux-arm64", "qemu-aarch64-static", "cortex-a53"},
		{"picam-linux-armv7", "qemu-arm-static", "cortex-a7"},
		{"picam-linux-armv6", "qemu-arm-static", "arm1176"},
	}
	for _, tc := range cases {
		for _, args := range [][]string{{"-list"}, {"-source", "v4l2", "-to", "127.0.0.1:1"}} {
			args = append(args, "-device", "/dev/null")
			t.Run(tc.bin+" "+strings.Join(args, " "), func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				out, err := exec.CommandContext(ctx, tc.emulator, append([]string{"-cpu", tc.cpu, filepath.Join(dir, tc.bin)}, args...)...).CombinedOutput()
				var exit *exec.ExitError
				if !errors.As(err, &exit) || exit.ExitCode() != 1 {
					t.Fatalf("exit %v, want status 1\n%s", err, out)
				}
				if want := "camera /dev/null: /dev/null is not a V4L2 device"; !strings.Contains(string(out), want) {
					t.Fatalf("output %q does not say %q", out, want)
				}
			})
		}
	}
}
