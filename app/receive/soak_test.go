package receive

import (
	"encoding/binary"
	"flag"
	"image/color"
	"math/rand/v2"
	"net"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/wiretest"
)

// The full soak (100,000 frames, 100 connect/disconnect cycles) runs with
// `go test -run Soak -soak ./app/receive/` (make soak); CI runs a smaller one.
var soak = flag.Bool("soak", false, "run the full soak test")

// openFDs counts this process's open file descriptors (Linux), -1 elsewhere.
func openFDs() int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(entries)
}

type usage struct {
	heap       uint64
	goroutines int
	fds        int
}

func measure() usage {
	var ms runtime.MemStats
	for range 3 {
		runtime.GC()
	}
	runtime.ReadMemStats(&ms)
	return usage{ms.HeapAlloc, runtime.NumGoroutine(), openFDs()}
}

// settle waits for goroutines and descriptors of ended sessions to go.
func settle(t *testing.T, base usage) usage {
	t.Helper()
	var u usage
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if u = measure(); u.goroutines <= base.goroutines && u.fds <= base.fds {
			break
		}
	}
	return u
}

func TestSoakStreamsAndReconnects(t *testing.T) {
	frames, cycles := 5_000, 20
	if *soak {
		frames, cycles = 100_000, 100
	}
	ev := newEvents(true)
	srv := serve(t, Config{}, ev)
	jpg := seedFrame(wiretest.JPEG(t, wiretest.Solid(64, 48, color.RGBA{200, 100, 50, 255}), 95))

	// Warm up once, so that the baseline holds the pools and buffers a
	// session keeps for its life, then measure.
	c := dial(t, srv)
	c.Write(append(append([]byte(nil), jpg...), 0, 0, 0, 0))
	wait(t, ev.started, "warm-up session")
	if err := wait(t, ev.ended, "warm-up end"); err != nil {
		t.Fatal(err)
	}
	c.Close()
	base := settle(t, measure())

	// One long stream.
	c = dial(t, srv)
	batch := make([]byte, 0, 100*len(jpg))
	for range 100 {
		batch = append(batch, jpg...)
	}
	for sent := 0; sent < frames; sent += 100 {
		if _, err := c.Write(batch); err != nil {
			t.Fatal(err)
		}
	}
	c.Write([]byte{0, 0, 0, 0})
	s := wait(t, ev.started, "long session")
	if err := wait(t, ev.ended, "long session end"); err != nil {
		t.Fatal(err)
	}
	if got := s.Meter.Snapshot(time.Now()).Received; got != int64(frames) {
		t.Fatalf("long session received %d frames, want %d", got, frames)
	}
	c.Close()

	// Connect and disconnect: clean ends, cuts between frames and in the
	// middle of one, and senders that send garbage.
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range cycles {
		c := dial(t, srv)
		for range 1 + rng.IntN(5) {
			c.Write(jpg)
		}
		wait(t, ev.started, "cycle session")
		switch i % 4 {
		case 0:
			c.Write([]byte{0, 0, 0, 0}) // clean end
		case 1:
			c.Write(jpg[:4+rng.IntN(len(jpg)-4)]) // cut mid-frame
		case 2:
			garbage := make([]byte, 1000)
			for j := range garbage {
				garbage[j] = byte(rng.Uint32())
			}
			c.Write(garbage)
		case 3: // cut between frames
		}
		c.(*net.TCPConn).Close()
		wait(t, ev.ended, "cycle end")
	}

	after := settle(t, base)
	if after.goroutines > base.goroutines {
		t.Errorf("goroutines: %d before, %d after", base.goroutines, after.goroutines)
	}
	if after.fds > base.fds {
		t.Errorf("open file descriptors: %d before, %d after", base.fds, after.fds)
	}
	// The heap may hold one session's buffers more or less; it must not
	// grow with the frames or cycles.
	if after.heap > base.heap+8<<20 {
		t.Errorf("heap: %d KiB before, %d KiB after", base.heap>>10, after.heap>>10)
	}
	t.Logf("%d frames, %d cycles: heap %d→%d KiB, goroutines %d→%d, fds %d→%d",
		frames, cycles, base.heap>>10, after.heap>>10, base.goroutines, after.goroutines, base.fds, after.fds)
}

func TestHostileSendersStayBounded(t *testing.T) {
	ev := newEvents(true)
	srv := serve(t, Config{MaxFrame: 32 << 20, FrameTimeout: 500 * time.Millisecond}, ev)
	base := measure()

	// A flood of tiny frames: each is a decode error, counted.
	c := dial(t, srv)
	tiny := make([]byte, 0, 14*10_000)
	for i := range 10_000 {
		tiny = binary.LittleEndian.AppendUint32(tiny, 10)
		tiny = append(tiny, byte(i), 1, 2, 3, 4, 5, 6, 7, 8, 9)
	}
	for range 10 {
		c.Write(tiny)
	}
	c.Write([]byte{0, 0, 0, 0})
	s := wait(t, ev.started, "flood session")
	if err := wait(t, ev.ended, "flood end"); err != nil {
		t.Fatal(err)
	}
	snap := s.Meter.Snapshot(time.Now())
	if snap.Received != 100_000 || snap.Errors+snap.Dropped != 100_000 || snap.Errors == 0 {
		t.Fatalf("flood: received %d, errors %d, dropped %d", snap.Received, snap.Errors, snap.Dropped)
	}
	c.Close()

	// Maximum-length claims with nothing behind them: each costs no memory
	// until bytes arrive, and the frame timeout frees the listener.
	for range 5 {
		c := dial(t, srv)
		c.Write([]byte{0, 0, 0, 2}) // 32 MiB
		wait(t, ev.started, "claim session")
		c.Write(make([]byte, 1000))
		if err := wait(t, ev.ended, "claim end"); err == nil {
			t.Fatal("a frame that never arrived ended cleanly")
		}
		c.Close()
	}
	after := measure()
	if after.heap > base.heap+8<<20 {
		t.Errorf("heap grew from %d KiB to %d KiB", base.heap>>10, after.heap>>10)
	}
}
