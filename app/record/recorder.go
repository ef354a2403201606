package record

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/vidstream/vidstream/app/save"
	"github.com/vidstream/vidstream/wire"
)

// Ext is a recording's file extension.
const Ext = ".vidstream"

// DefaultQueue bounds the bytes of frames waiting to be written: a disk
// slower than the camera drops frames (counted) rather than fill memory.
const DefaultQueue = 64 << 20

// Recorder records one stream. Its methods are safe from any goroutine.
type Recorder struct {
	ordered bool // frames depend on each other (H.264): start, and resume after a drop, at a keyframe
	limit   int

	mu       sync.Mutex
	cond     *sync.Cond
	queue    []frame
	queued   int  // bytes in queue
	waitKey  bool // an ordered stream waits for a keyframe
	useCap   int  // 0 undecided, 1 the frames' capture times, -1 their arrival times
	stopping bool
	frames   int
	bytes    int64
	dropped  int
	first    int64 // the first frame's time, ns
	last     int64 // the newest frame's time, ns

	done chan struct{}
	path string
	err  error
}

// frame is a copied frame waiting to be written.
type frame struct {
	payload []byte // owned by the queue
	seq     uint64
	ts      int64
	key     bool
}

// Start begins a recording of a stream described by hello (its format,
// size, name) into saver's folder. ordered says the stream's frames depend
// on each other; the recording then starts at a keyframe. The file takes its
// name, <prefix>-<time stamp>.vidstream, when Stop is called.
func Start(saver save.Saver, hello wire.Hello, ordered bool) (*Recorder, error) {
	hello.Version = wire.Version
	if err := hello.Validate(); err != nil {
		return nil, fmt.Errorf("record: %w", err)
	}
	r := &Recorder{ordered: ordered, waitKey: ordered, limit: DefaultQueue, done: make(chan struct{})}
	r.cond = sync.NewCond(&r.mu)
	go func() {
		defer close(r.done)
		path, err := saver.Save(Ext, func(w io.Writer) error { return r.write(w, hello) })
		r.mu.Lock()
		r.path, r.err = path, err
		r.mu.Unlock()
	}()
	return r, nil
}

// Add queues a copy of frame f (its payload is the caller's), received at
// received; keyframe says it decodes on its own. It never blocks: over the
// queue's bound the frame is dropped and counted (and an ordered stream
// resumes at its next keyframe). Frames keep their capture times when the
// first frame has one, else their arrival times, so that a recording plays
// at the pace it was received.
func (r *Recorder) Add(f wire.Frame, keyframe bool, received time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopping {
		return
	}
	if r.waitKey && !keyframe {
		r.dropped++
		return
	}
	if r.queued+len(f.Payload) > r.limit {
		r.dropped++
		r.waitKey = r.ordered
		return
	}
	r.waitKey = false
	if r.useCap == 0 {
		r.useCap = -1
		if f.CaptureTime != 0 {
			r.useCap = 1
		}
	}
	ts := received.UnixNano()
	if r.useCap == 1 {
		ts = f.CaptureTime
	}
	if r.frames == 0 {
		r.first = ts
	}
	r.last = ts
	r.frames++
	r.bytes += int64(len(f.Payload))
	r.queue = append(r.queue, frame{payload: bytes.Clone(f.Payload), seq: f.Seq, ts: ts, key: keyframe})
	r.queued += len(f.Payload)
	r.cond.Signal()
}

// write writes the recording: the hello, each frame as it is queued, and
// the end marker once Stop is called (the write goroutine).
func (r *Recorder) write(w io.Writer, hello wire.Hello) error {
	ww, err := wire.NewWriter(w, wire.ProtoV2, hello)
	if err != nil {
		return err
	}
	for {
		r.mu.Lock()
		for len(r.queue) == 0 && !r.stopping {
			r.cond.Wait()
		}
		batch := r.queue
		r.queue = nil
		stopping := r.stopping
		r.mu.Unlock()
		for _, f := range batch {
			var flags wire.FrameFlags
			if f.key && r.ordered {
				flags = wire.FlagKeyframe
			}
			if err := ww.WriteFrameFlags(f.payload, f.seq, f.ts, flags); err != nil {
				r.fail()
				return err
			}
			r.mu.Lock()
			r.queued -= len(f.payload)
			r.mu.Unlock()
		}
		if stopping {
			r.mu.Lock()
			empty := r.frames == 0
			r.mu.Unlock()
			if empty {
				return errors.New("no frame was recorded")
			}
			return ww.Close()
		}
	}
}

// fail makes Add drop what comes after a write error.
func (r *Recorder) fail() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopping = true
	r.queue = nil
}

// Progress is what has been recorded so far: frames, payload bytes, the
// time between the first and the newest frame, and frames dropped.
type Progress struct {
	Frames, Dropped int
	Bytes           int64
	Duration        time.Duration
}

// Progress reports the recording so far.
func (r *Recorder) Progress() Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Progress{Frames: r.frames, Dropped: r.dropped, Bytes: r.bytes, Duration: time.Duration(r.last - r.first)}
}

// Stop ends the recording: the frames queued are written, the file is
// synced and takes its name. It returns the file's path, or why there is
// no file (nothing recorded, a write failed); the progress is final.
func (r *Recorder) Stop() (string, Progress, error) {
	r.mu.Lock()
	r.stopping = true
	r.cond.Signal()
	r.mu.Unlock()
	<-r.done
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.path, Progress{Frames: r.frames, Dropped: r.dropped, Bytes: r.bytes, Duration: time.Duration(r.last - r.first)}, r.err
}
