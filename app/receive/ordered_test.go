package receive

import (
	"encoding/binary"
	"errors"
	"image"
	"sync"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/codec"
	"github.com/vidstream/vidstream/wire/pixel"
)

// chainCodec is a codec whose frames depend on the ones before, as H.264's
// do: payload byte 0 is 1 for a keyframe, bytes 1..8 the frame's number. Its
// decoder fails a frame that does not follow the one before it unless it is
// a keyframe, takes a while for each frame, and records what it decoded.
type chainCodec struct {
	mu      sync.Mutex
	made    int      // decoders made
	decoded []uint64 // frame numbers decoded, in order
	keys    []bool
	slow    time.Duration
}

func chainFrame(n uint64, key bool) []byte {
	p := make([]byte, 9)
	if key {
		p[0] = 1
	}
	binary.LittleEndian.PutUint64(p[1:], n)
	return p
}

func (c *chainCodec) codec(wire.Protocol, *wire.Hello, codec.Options) (codec.Codec, error) {
	return codec.Codec{
		Name:     "chain",
		Ordered:  true,
		Keyframe: func(p []byte) bool { return len(p) == 9 && p[0] == 1 },
		NewDecoder: func() (codec.Decoder, error) {
			c.mu.Lock()
			c.made++
			c.mu.Unlock()
			return &chainDecoder{c: c, last: -1}, nil
		},
	}, nil
}

type chainDecoder struct {
	c    *chainCodec
	last int64
}

func (d *chainDecoder) Decode(dst *image.RGBA, p []byte, _ image.Point) (*image.RGBA, pixel.Layout, error) {
	l := pixel.Layout{Format: pixel.FourCC('C', 'H', 'N', '0'), Width: 2, Height: 2}
	n, key := int64(binary.LittleEndian.Uint64(p[1:])), p[0] == 1
	time.Sleep(d.c.slow)
	if !key && n != d.last+1 {
		return nil, l, errors.New("frame does not follow the one decoded before")
	}
	d.last = n
	d.c.mu.Lock()
	d.c.decoded = append(d.c.decoded, uint64(n))
	d.c.keys = append(d.c.keys, key)
	d.c.mu.Unlock()
	return pixel.ReuseRGBA(dst, 2, 2), l, nil
}

func (d *chainDecoder) Close() {}

// TestOrderedCodecDropsWholeGroups streams groups of 10 frames (a keyframe
// and 9 that each need the one before) to a decoder three times slower than
// the sender: frames are never replaced singly, whole groups are dropped,
// decoding resumes at a keyframe, and nothing fails to decode.
func TestOrderedCodecDropsWholeGroups(t *testing.T) {
	chain := &chainCodec{slow: 3 * time.Millisecond}
	ev := newEvents(true)
	srv := serve(t, Config{Decoders: 4, codecFor: chain.codec}, ev)
	c := dial(t, srv)
	const groups, size = 30, 10
	for g := range groups {
		for i := range size {
			n := uint64(g*size + i)
			if _, err := c.Write(seedFrame(chainFrame(n, i == 0))); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Millisecond)
		}
	}
	c.Write([]byte{0, 0, 0, 0})
	s := wait(t, ev.started, "session start")
	if err := wait(t, ev.ended, "session end"); err != nil {
		t.Fatal(err)
	}
	chain.mu.Lock()
	defer chain.mu.Unlock()
	if chain.made != 1 {
		t.Errorf("%d decoders made for an ordered codec, want 1", chain.made)
	}
	snap := s.Meter.Snapshot(time.Now())
	if snap.Errors != 0 {
		t.Errorf("%d frames failed to decode (%s): a frame reached the decoder without the one before", snap.Errors, snap.LastError)
	}
	if snap.Received != groups*size || snap.Decoded+snap.Dropped != snap.Received || snap.Dropped == 0 {
		t.Errorf("received %d, decoded %d, dropped %d: want every frame decoded or dropped, some dropped",
			snap.Received, snap.Decoded, snap.Dropped)
	}
	for i := 1; i < len(chain.decoded); i++ {
		if prev, n := chain.decoded[i-1], chain.decoded[i]; n <= prev || (n != prev+1 && !chain.keys[i]) {
			t.Fatalf("decoded frame %d after %d: not the next one, nor a keyframe", n, prev)
		}
	}
	if len(chain.decoded) == 0 || !chain.keys[0] {
		t.Fatalf("decoding did not start at a keyframe: %v", chain.decoded)
	}
}
