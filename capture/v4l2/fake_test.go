package v4l2

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/vidstream/vidstream/wire/pixel"
)

// fakeCam is a device for tests: a camera with configurable formats that
// hands out the frames a test pushes, and that records every way the
// source breaks the buffer protocol (releasing a buffer it does not hold,
// stopping with buffers still out, closing twice).
type fakeCam struct {
	mu        sync.Mutex
	descs     []formatDesc
	sizes     map[pixel.Format][]frameSize
	rates     map[pixel.Format][]frameRate
	set       func(f pixel.Format, w, h int) pixFormat // nil: as asked, no bytes per line
	fps       float64                                  // the rate in effect
	errAt     map[string]error                         // a method name fails with the error
	bufs      [][]byte
	out       []bool     // dequeued and not yet released
	filled    []fakeFill // filled buffers waiting to be dequeued, oldest first
	auto      *fakeFill  // when set, a waiting dequeue with nothing filled gets this
	streaming bool

	waiting chan struct{} // a value each time dequeue starts to wait
	wake    chan struct{}

	opens, dequeues, releases, stops, closes int
	outright                                 bool     // how the last stop unmapped
	asked                                    []string // setFormat and setFPS calls
	faults                                   []string
	ctrls                                    map[uint32]ctrlInfo // the controls it has
	ctrlSets                                 []string            // setControl calls, "id=value"
}

// fakeFill is a frame for the fake to hand out; index is the buffer's.
type fakeFill struct {
	index int
	data  []byte
	time  time.Time
	bad   bool
}

// newFakeCam returns a camera offering MJPG and YUYV at 640x480 and
// 1280x720 (30 and 15 fps), with 4 buffers of bufSize bytes.
func newFakeCam(bufSize int) *fakeCam {
	sizes := []frameSize{{minW: 640, minH: 480, maxW: 640, maxH: 480}, {minW: 1280, minH: 720, maxW: 1280, maxH: 720}}
	rates := []frameRate{{min: fraction{1, 30}, max: fraction{1, 30}}, {min: fraction{1, 15}, max: fraction{1, 15}}}
	f := &fakeCam{
		descs: []formatDesc{{fcc: fmtYUYV, desc: "YUYV 4:2:2"}, {fcc: fmtMJPG, desc: "Motion-JPEG", compressed: true}},
		sizes: map[pixel.Format][]frameSize{fmtYUYV: sizes, fmtMJPG: sizes},
		rates: map[pixel.Format][]frameRate{fmtYUYV: rates, fmtMJPG: rates},
		fps:   30, errAt: map[string]error{},
		waiting: make(chan struct{}, 1), wake: make(chan struct{}, 1),
	}
	for range 4 {
		f.bufs = append(f.bufs, make([]byte, bufSize))
	}
	f.out = make([]bool, len(f.bufs))
	return f
}

// open returns an opener handing out f.
func (f *fakeCam) open(string) (device, error) {
	f.opens++
	return f, nil
}

func (f *fakeCam) fault(format string, a ...any) {
	f.faults = append(f.faults, fmt.Sprintf(format, a...))
}

// free returns a buffer the driver holds that is not filled, or -1.
func (f *fakeCam) free() int {
	for i := range f.bufs {
		if !f.out[i] && !slices.ContainsFunc(f.filled, func(x fakeFill) bool { return x.index == i }) {
			return i
		}
	}
	return -1
}

// push fills a free buffer with data, as the driver does when a frame comes.
func (f *fakeCam) push(t *testing.T, data []byte, at time.Time, bad bool) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fill(fakeFill{data: data, time: at, bad: bad}); err != nil {
		t.Fatal(err)
	}
}

func (f *fakeCam) fill(x fakeFill) error {
	x.index = f.free()
	if x.index < 0 {
		return fmt.Errorf("fake camera: no free buffer for a frame")
	}
	x.data = f.bufs[x.index][:copy(f.bufs[x.index], x.data)]
	f.filled = append(f.filled, x)
	select {
	case f.wake <- struct{}{}:
	default:
	}
	return nil
}

// check fails t if the source broke the buffer protocol or left buffers out.
func (f *fakeCam) check(t *testing.T, closed bool) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range f.faults {
		t.Error(s)
	}
	if closed && (f.closes != 1 || f.dequeues != f.releases) {
		t.Errorf("after Close: %d closes, %d buffers dequeued, %d released; want 1 close and all given back",
			f.closes, f.dequeues, f.releases)
	}
}

func (f *fakeCam) info() deviceInfo {
	return deviceInfo{driver: "fake", card: "Fake Cam", bus: "test:0"}
}

func (f *fakeCam) formats() ([]formatDesc, error) { return f.descs, f.errAt["formats"] }

func (f *fakeCam) frameSizes(c pixel.Format) ([]frameSize, error) { return f.sizes[c], nil }

func (f *fakeCam) frameRates(c pixel.Format, w, h int) ([]frameRate, error) { return f.rates[c], nil }

func (f *fakeCam) setFormat(c pixel.Format, w, h int) (pixFormat, error) {
	f.asked = append(f.asked, fmt.Sprintf("format %s %dx%d", c.Code(), w, h))
	if err := f.errAt["setFormat"]; err != nil {
		return pixFormat{}, err
	}
	if f.set != nil {
		return f.set(c, w, h), nil
	}
	return pixFormat{fcc: c, width: w, height: h}, nil
}

func (f *fakeCam) setFPS(fps float64) (float64, error) {
	f.asked = append(f.asked, fmt.Sprintf("fps %v", fps))
	if fps > 0 {
		f.fps = fps
	}
	return f.fps, f.errAt["setFPS"]
}

func (f *fakeCam) start() error {
	if err := f.errAt["start"]; err != nil {
		return err
	}
	f.streaming = true
	return nil
}

func (f *fakeCam) dequeue(ctx context.Context, wait bool) (buffer, error) {
	for {
		f.mu.Lock()
		if err := f.errAt["dequeue"]; err != nil {
			f.mu.Unlock()
			return buffer{}, err
		}
		if !f.streaming {
			f.fault("dequeue before start")
		}
		if len(f.filled) == 0 && wait && f.auto != nil {
			if err := f.fill(*f.auto); err != nil {
				f.fault("%v", err)
			}
		}
		if len(f.filled) > 0 {
			x := f.filled[0]
			f.filled = f.filled[1:]
			f.out[x.index] = true
			f.dequeues++
			f.mu.Unlock()
			return buffer{index: x.index, data: x.data, time: x.time, bad: x.bad}, nil
		}
		f.mu.Unlock()
		if !wait {
			return buffer{}, errNoBuffer
		}
		select {
		case f.waiting <- struct{}{}:
		default:
		}
		select {
		case <-ctx.Done():
			return buffer{}, ctx.Err()
		case <-f.wake:
		}
	}
}

func (f *fakeCam) release(i int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.errAt["release"]; err != nil {
		return err
	}
	if i < 0 || i >= len(f.bufs) || !f.out[i] {
		f.fault("release of buffer %d, which the source does not hold", i)
		return fmt.Errorf("fake camera: buffer %d not dequeued", i)
	}
	f.out[i] = false
	f.releases++
	for j := range f.bufs[i] {
		f.bufs[i][j] = 0xEE // the driver may overwrite it from now on
	}
	return nil
}

func (f *fakeCam) stop(outright bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stops++
	f.outright = outright
	for i, out := range f.out {
		if out {
			f.fault("stop with buffer %d still dequeued", i)
		}
	}
	return nil
}

func (f *fakeCam) close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closes++; f.closes > 1 {
		f.fault("closed %d times", f.closes)
	}
	return nil
}

func (f *fakeCam) control(id uint32) (ctrlInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.ctrls[id]
	if !ok {
		return ctrlInfo{}, errors.New("no such control")
	}
	return c, nil
}

func (f *fakeCam) setControl(id uint32, v int32) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.ctrls[id]
	if !ok {
		return errors.New("no such control")
	}
	if v < c.min || v > c.max {
		return fmt.Errorf("value %d out of %d..%d", v, c.min, c.max)
	}
	c.value = v
	f.ctrls[id] = c
	f.ctrlSets = append(f.ctrlSets, fmt.Sprintf("%#x=%d", id, v))
	return nil
}
