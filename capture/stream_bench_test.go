package capture

import (
	"context"
	"io"
	"math/rand/v2"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/pixel"

	"github.com/vidstream/vidstream/wire"
)

// benchSource hands out pre-encoded frames in turn, each once the viewer has
// a token for it: at most two frames ahead of what the viewer received, so
// the benchmark measures frames sent, not frames dropped for coming too fast.
type benchSource struct {
	frames [][]byte
	tokens chan struct{}
	hello  wire.Hello
	n      int
}

func (s *benchSource) Next(ctx context.Context) (Frame, error) {
	select {
	case <-s.tokens:
	case <-ctx.Done():
		return Frame{}, ctx.Err()
	}
	s.n++
	return Frame{Data: s.frames[s.n%len(s.frames)], Seq: uint64(s.n), Time: time.Now()}, nil
}
func (s *benchSource) Hello() wire.Hello { return s.hello }
func (s *benchSource) Close() error      { return nil }

// cpuTime returns the user+system CPU time the process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkStream is picam's own cost per frame: pre-encoded frames read
// from a source, framed in v2 and written to a loopback TCP viewer that
// reads and discards them (its CPU time counts too).
func BenchmarkStream(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	jpegs := make([][]byte, 4)
	for i := range jpegs {
		jpegs[i] = make([]byte, 390_000+i*7_000) // ~400 kB, a 1080p MJPEG frame
		for j := range jpegs[i] {
			jpegs[i][j] = byte(rng.Uint32())
		}
		copy(jpegs[i], []byte{0xFF, 0xD8, 0xFF, 0xE0})
	}
	i420 := make([]byte, pixel.PicameraLayout(pixel.FormatI420, 640, 480).Size())
	for j := range i420 {
		i420[j] = byte(j)
	}
	cases := []struct {
		name   string
		frames [][]byte
		layout pixel.Layout
	}{
		{"1080p-jpeg", jpegs, pixel.Layout{Format: pixel.FormatJPEG, Width: 1920, Height: 1080}},
		{"640x480-i420", [][]byte{i420}, pixel.PicameraLayout(pixel.FormatI420, 640, 480)},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			defer ln.Close()
			src := &benchSource{frames: bc.frames, tokens: make(chan struct{}, 3),
				hello: wire.Hello{Version: wire.Version, Layout: bc.layout, FPS: 30, Name: "bench"}}
			src.tokens <- struct{}{}
			src.tokens <- struct{}{}
			viewer := make(chan error, 1)
			go func() {
				c, err := ln.Accept()
				if err != nil {
					viewer <- err
					return
				}
				defer c.Close()
				r := wire.NewReader(c, 0)
				for {
					if _, err := r.Next(nil); err != nil {
						viewer <- err
						return
					}
					src.tokens <- struct{}{}
				}
			}()
			b.SetBytes(int64(len(bc.frames[0])))
			b.ResetTimer()
			cpu := cpuTime(b)
			st, err := Stream(context.Background(), src, TCPDialer(ln.Addr().String(), time.Second),
				StreamConfig{Proto: wire.ProtoV2, Frames: b.N})
			if err != nil {
				b.Fatal(err)
			}
			if err := <-viewer; err != io.EOF {
				b.Fatalf("viewer: %v", err)
			}
			cpu = cpuTime(b) - cpu
			b.StopTimer()
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/frame")
			b.ReportMetric(float64(st.Dropped)/float64(b.N), "dropped/frame")
		})
	}
}
