//go:build cross && linux

// The Pi binaries, cross-built by `make pi`, run under qemu-user and stream
// the test pattern into headless mode. `make test-pi` runs this test with
// PICAM_BIN_DIR set to where `make pi` put them.
package headless

import (
	"context"
	"fmt"
	"image"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/wire"
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
			go func() {
				res, err := Run(ctx, Config{
					Receive: receive.Config{Addr: "127.0.0.1:0", Decoder: wire.Decoder{Size: image.Pt(320, 240)}},
					Ready:   func(a net.Addr) { addrs <- a },
				}, io.Discard)
				done <- ret{res, err}
			}()
			addr := <-addrs
			cmd := exec.CommandContext(ctx, tc.emulator, "-cpu", tc.cpu, filepath.Join(dir, tc.bin),
				"-source", "test", "-to", addr.String(), "-W", "320", "-H", "240",
				"-format", tc.format, "-proto", tc.proto, "-fps", "0", "-frames", fmt.Sprint(frames))
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
		})
	}
}
