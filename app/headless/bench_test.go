package headless

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/pixel"

	"github.com/vidstream/vidstream/capture"
)

// cameraLikeStream is a seed stream of distinct noisy test-pattern frames,
// sized like a camera's (the post's 320x240 JPEGs average 67,621 bytes).
func cameraLikeStream(b *testing.B, f pixel.Format, w, h, frames, noise, quality int) []byte {
	b.Helper()
	src, err := capture.NewTestSource(w, h, f, 0)
	if err == nil {
		err = errors.Join(src.SetNoise(noise), src.SetQuality(quality))
	}
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	var stream []byte
	for range frames {
		fr, err := src.Next(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		stream = binary.LittleEndian.AppendUint32(stream, uint32(len(fr.Data)))
		stream = append(stream, fr.Data...)
	}
	return stream
}

// benchmarkReceiver streams b.N frames (cycling through the prepared ones)
// over loopback into a headless run as fast as the socket takes them, and
// reports frames received and decoded per second. Newest frame wins, so a
// decoder slower than the socket drops frames rather than slowing the
// receiver.
func benchmarkReceiver(b *testing.B, stream []byte, frames int) {
	addrs := make(chan net.Addr, 1)
	type ret struct {
		res Result
		err error
	}
	done := make(chan ret, 1)
	go func() {
		res, err := Run(context.Background(), Config{
			Receive: receiveOnLoopback(),
			Ready:   func(a net.Addr) { addrs <- a },
		}, &bytes.Buffer{})
		done <- ret{res, err}
	}()
	conn, err := net.Dial("tcp", (<-addrs).String())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(stream) / frames))
	b.ResetTimer()
	start := time.Now()
	for sent := 0; sent < b.N; {
		chunk, n := stream, frames
		if b.N-sent < frames {
			chunk, n = prefixFrames(stream, b.N-sent), b.N-sent
		}
		if _, err := conn.Write(chunk); err != nil {
			b.Fatal(err)
		}
		sent += n
	}
	conn.Write([]byte{0, 0, 0, 0})
	r := <-done
	elapsed := time.Since(start)
	b.StopTimer()
	conn.Close()
	if r.err != nil || r.res.End != nil {
		b.Fatalf("run: %v, end %v", r.err, r.res.End)
	}
	if r.res.Received != int64(b.N) || r.res.Errors != 0 {
		b.Fatalf("received %d of %d frames, %d errors", r.res.Received, b.N, r.res.Errors)
	}
	b.ReportMetric(float64(r.res.Received)/elapsed.Seconds(), "received/s")
	b.ReportMetric(float64(r.res.Decoded)/elapsed.Seconds(), "decoded/s")
}

// prefixFrames is the first n frames of a seed stream.
func prefixFrames(stream []byte, n int) []byte {
	off := 0
	for range n {
		off += 4 + int(binary.LittleEndian.Uint32(stream[off:]))
	}
	return stream[:off]
}

func BenchmarkReceiverJPEG320x240(b *testing.B) {
	// Noise and quality chosen for about the post's 67 KB a frame.
	stream := cameraLikeStream(b, pixel.FormatJPEG, 320, 240, 30, 100, 95)
	benchmarkReceiver(b, stream, 30)
}

func BenchmarkReceiverYUV320x240(b *testing.B) {
	stream := cameraLikeStream(b, pixel.FormatI420, 320, 240, 30, 0, 0)
	benchmarkReceiver(b, stream, 30)
}

func BenchmarkReceiverJPEG1920x1080(b *testing.B) {
	stream := cameraLikeStream(b, pixel.FormatJPEG, 1920, 1080, 10, 24, 85)
	benchmarkReceiver(b, stream, 10)
}
