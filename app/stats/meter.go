package stats

import (
	"sync"
	"time"
)

// DefaultWindow is the record window of the post's server.
const DefaultWindow = 10 * time.Second

// maxRecords bounds the records a Meter keeps: about 11 days of 10-second
// windows. Records closed after that are still returned by Received and
// counted in Snapshot.Records, but not kept for Records.
const maxRecords = 100_000

// maxErrorLen bounds the kept text of the last decode error, in bytes.
const maxErrorLen = 512

// Meter measures one frame stream. It is safe for concurrent use by the
// reader goroutine (Received, Dropped), the decoder (Decoded, DecodeError) and
// the UI (Snapshot, Records). Its memory does not grow with the frame rate.
type Meter struct {
	mu     sync.Mutex
	window time.Duration
	start  time.Time

	winStart time.Time
	winCount int
	winBytes int64
	winDrop0 int64 // dropped when the current window began
	records  []Record
	nRecords int
	last     Record // the last record closed, kept or not

	received, decoded, dropped, errors int64
	bytes                              int64
	lastSize                           int
	lastErr                            string
	errKinds                           errorKinds
	latency                            time.Duration
	latencies                          histogram
	link                               link

	keys      keyframes
	recv      ring // frames received per interval, with the largest capture-to-arrival latency
	shown     ring // frames decoded per interval, with the largest latency
	painted   ring // frames painted per interval (displayed meters), with the largest display latency
	displayed bool // a screen paints the frames: see SetDisplayed
	stages    stageHists
	clock     Clock
}

// NewMeter returns a Meter whose first record window begins at start. A
// window <= 0 means DefaultWindow.
func NewMeter(window time.Duration, start time.Time) *Meter {
	if window <= 0 {
		window = DefaultWindow
	}
	return &Meter{
		window:   window,
		start:    start,
		winStart: start,
		recv:     newRing(),
		shown:    newRing(),
		painted:  newRing(),
		link:     link{bytes: newRing()},
	}
}

// Window returns the record window length.
func (m *Meter) Window() time.Duration { return m.window }

// Clock is the estimate of the sender's clock that time probes feed; the
// meter puts sender times on the viewer's clock through it.
func (m *Meter) Clock() *Clock { return &m.clock }

// SetDisplayed says a screen paints the frames and will report each one
// painted (Painted): frames count as shown when painted, not when decoded,
// and the display and total stages are measured there. Without it (headless)
// a frame is shown when decoded and the total ends at RGBA ready. Call it
// before the first frame.
func (m *Meter) SetDisplayed() {
	m.mu.Lock()
	m.displayed = true
	m.mu.Unlock()
}

// Received counts one frame of size payload bytes whose last byte arrived at
// at, without a sequence number or capture time. When at is window or more
// after the current window began, the frame closes the window: Received
// returns its Record (the frame included) and true, and the next window
// begins at at. A negative size counts as 0.
func (m *Meter) Received(size int, at time.Time) (Record, bool) {
	r, ok, _ := m.receive(size, 0, false, Timing{}, at)
	return r, ok
}

// ReceivedFrame counts a frame as Received does, with the sender's sequence
// number seq and capture time captureNs (ns since the Unix epoch on the
// sender's clock, 0 when unknown, as in seed streams). A seq that jumps
// forward by k > 1 counts k-1 frames the sender dropped (Snapshot's
// SenderDropped, apart from the viewer's own Dropped); one that goes back or
// repeats counts a restart of the sender's numbering, not a drop. A capture
// time gives the frame's capture-to-arrival latency, at minus captureNs:
// meaningful only when sender and viewer share a clock (see
// Snapshot.ArrivalP50).
func (m *Meter) ReceivedFrame(size int, seq uint64, captureNs int64, at time.Time) (Record, bool) {
	r, ok, _ := m.receive(size, seq, true, Timing{CaptureNs: captureNs}, at)
	return r, ok
}

// Timing is what a frame says of its times on the sender's clock, ns since
// the Unix epoch, 0 when unknown: when it was captured, and when it started
// down the connection (v2's Sent message).
type Timing struct{ CaptureNs, SentNs int64 }

// ReceivedTimed counts a frame as ReceivedFrame does, with its sent time
// too, and measures the capture and network stages through the clock
// offset (Clock). It returns the capture time on the viewer's clock, zero
// when unknown (no capture time, or no offset yet), for Decoded and
// Painted to measure the total from.
func (m *Meter) ReceivedTimed(size int, seq uint64, tm Timing, at time.Time) (r Record, closed bool, captured time.Time) {
	return m.receive(size, seq, true, tm, at)
}

func (m *Meter) receive(size int, seq uint64, hasSeq bool, tm Timing, at time.Time) (Record, bool, time.Time) {
	if size < 0 {
		size = 0
	}
	est := m.clock.Estimate()
	m.mu.Lock()
	defer m.mu.Unlock()
	captured, synced := est.ToViewer(tm.CaptureNs)
	if tm.CaptureNs != 0 && tm.SentNs != 0 {
		m.stages.add(StageCapture, time.Duration(tm.SentNs-tm.CaptureNs))
	}
	if sent, ok := est.ToViewer(tm.SentNs); ok {
		m.stages.add(StageNetwork, at.Sub(sent))
	}
	arrivalFrom := tm.CaptureNs // without an offset: the same clock assumed
	if synced {
		arrivalFrom = captured.UnixNano()
	}
	m.received++
	m.bytes += int64(size)
	m.lastSize = size
	m.winCount++
	m.winBytes += int64(size)
	id := bucketID(at.Sub(m.start))
	arrival := m.link.frame(id, m.received, size, seq, hasSeq, arrivalFrom, at)
	m.link.synced = synced
	m.recv.add(id, arrival)

	elapsed := at.Sub(m.winStart)
	if elapsed < m.window {
		return Record{}, false, captured
	}
	return m.closeWindow(at), true, captured
}

// closeWindow ends the current record window at at: it keeps and returns
// its record and begins the next window. The window must hold a frame.
func (m *Meter) closeWindow(at time.Time) Record {
	r := Record{
		Frames:  m.winCount,
		Elapsed: at.Sub(m.winStart),
		AvgSize: float64(m.winBytes) / float64(m.winCount),
		Dropped: m.dropped - m.winDrop0,
	}
	m.link.closeWindow(&r)
	r.Stages = m.stages.closeWindow()
	m.winDrop0 = m.dropped
	if len(m.records) < maxRecords {
		m.records = append(m.records, r)
	}
	m.nRecords++
	m.last = r
	m.winStart = at
	m.winCount = 0
	m.winBytes = 0
	return r
}

// Flush closes the current window early, at at (the stream ended): it
// returns its record and true when the window holds a frame, the record
// kept as any other; false when the window is empty. The post's server
// drops such a last, short window; the window keeps it (Entry.Partial), so
// that nothing measured is lost when a stream ends.
func (m *Meter) Flush(at time.Time) (Record, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.winCount == 0 {
		return Record{}, false
	}
	return m.closeWindow(at), true
}

// Decoded counts one frame whose last byte arrived at received decoded and
// ready to show at ready: its decode latency. captured is its capture time
// on the viewer's clock (ReceivedTimed's), zero when unknown; unless the
// meter is displayed, the frame counts as shown now and its total latency
// ends here.
func (m *Meter) Decoded(captured, received, ready time.Time) {
	latency := ready.Sub(received)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.decoded++
	m.latency = latency
	m.latencies.add(latency)
	m.stages.add(StageDecode, latency)
	m.shown.add(bucketID(ready.Sub(m.start)), latency)
	if !m.displayed && !captured.IsZero() {
		m.stages.add(StageTotal, ready.Sub(captured))
	}
}

// Painted counts one frame painted on the screen at at, ready (decoded) at
// ready and captured at captured (the viewer's clock; zero when unknown): the
// display and total stages. It is for displayed meters (SetDisplayed).
func (m *Meter) Painted(captured, ready, at time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	display := at.Sub(ready)
	m.painted.add(bucketID(at.Sub(m.start)), display)
	m.stages.add(StageDisplay, display)
	if !captured.IsZero() {
		m.stages.add(StageTotal, at.Sub(captured))
	}
}

// Dropped counts n frames replaced by newer ones before being decoded or
// shown. n <= 0 is ignored.
func (m *Meter) Dropped(n int) {
	if n <= 0 {
		return
	}
	m.mu.Lock()
	m.dropped += int64(n)
	m.mu.Unlock()
}

// DecodeError counts one frame that failed to decode, by kind (see
// ErrorKinds), and keeps err's message (cut to 512 bytes) as the last error.
// A nil err is counted with an empty message.
func (m *Meter) DecodeError(err error) {
	msg := ""
	if err != nil {
		msg = truncate(err.Error(), maxErrorLen)
	}
	kind := kindOf(msg)
	m.mu.Lock()
	m.errors++
	m.lastErr = msg
	m.errKinds.add(kind, msg)
	m.mu.Unlock()
}

// ErrorKinds returns the stream's decode errors by kind (see ErrorKind), in
// the order the kinds first came; the caller owns the slice.
func (m *Meter) ErrorKinds() []ErrorKind {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.errKinds.list()
}

// Snapshot is a copy of a Meter's readouts at one moment.
type Snapshot struct {
	FPS        float64       // frames received in the last full second (see Meter.Snapshot)
	ShownFPS   float64       // frames shown in the last full second: painted (see Meter.SetDisplayed), else decoded
	DecodedFPS float64       // frames decoded in the last full second
	LastSize   int           // payload bytes of the last frame received
	AvgSize    float64       // mean payload bytes over the session
	Received   int64         // frames received
	Decoded    int64         // frames decoded
	Dropped    int64         // frames replaced before being decoded or shown
	Errors     int64         // frames that failed to decode
	Bytes      int64         // payload bytes received
	LastError  string        // message of the last decode error, "" if none
	Latency    time.Duration // the latest decode latency
	LatencyMax time.Duration // the largest decode latency in the last second and the current 100 ms
	// LatencyP50, LatencyP99 and LatencyMaxAll are over the whole session
	// (percentiles within 5%).
	LatencyP50, LatencyP99, LatencyMaxAll time.Duration
	Elapsed                               time.Duration // time since the meter's start
	Records                               int           // records closed so far, kept or not

	// ArrivalP50, ArrivalP99 and ArrivalMaxAll are the capture-to-arrival
	// latency over the session (percentiles within 5%): a frame's last byte
	// read minus the capture time its sender stamped on it, over the
	// ArrivalFrames frames that carried one (v2; 0 when none did, and these
	// are 0). It includes the sender's queue and the network, not decoding.
	// It is only meaningful when sender and viewer share a clock (the same
	// machine, or synchronised clocks): frames stamped after their arrival,
	// the sender's clock being ahead, are left out and counted in
	// ArrivalAhead. ArrivalMax is the largest in the last second.
	ArrivalP50, ArrivalP99, ArrivalMaxAll time.Duration
	ArrivalMax                            time.Duration
	ArrivalFrames, ArrivalAhead           int64

	// LinkMbps is the payload received in the last full second, in Mbit/s
	// (10^6 bits); RunMbps over the stream, from the first frame's arrival
	// to the last's (the first frame's bytes not counted), 0 before the
	// second frame. Neither counts framing or TCP/IP headers.
	LinkMbps, RunMbps float64
	// SenderDropped counts the frames the sender dropped (gaps in its
	// sequence numbers), apart from Dropped, the viewer's own; SenderRestarts
	// the times its numbering went back or repeated.
	SenderDropped, SenderRestarts int64
	// KeyframeInterval is the frames, in the sender's numbering, between
	// the last two keyframes of a stream whose frames depend on each other
	// (H.264); 0 before the second keyframe and for other streams.
	KeyframeInterval uint64

	// Stages are the latencies by stage over the session (see Stage).
	// Capture needs a sender that says when it sent each frame; network
	// and total need the clock offset too (Clock), and display a screen.
	Stages Stages
	// Clock is the estimate of the sender's clock; ArrivalSynced says the
	// Arrival figures went through its offset (else they assume one clock).
	Clock         ClockEstimate
	ArrivalSynced bool
	// Displayed: frames count as shown when painted (SetDisplayed).
	Displayed bool
}

// Snapshot returns the readouts as of now. Rates count the ten complete
// 100 ms intervals before the one holding now: a full second, so a steady
// rate reads exactly, at most 100 ms late. Times are taken relative to the
// meter's start; events more than about a second older than the newest one
// seen are not counted.
func (m *Meter) Snapshot(now time.Time) Snapshot {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := bucketID(now.Sub(m.start))
	recv, arrMax := m.recv.last(id)
	decoded, latMax := m.shown.last(id)
	shown := decoded
	if m.displayed {
		shown, _ = m.painted.last(id)
	}
	s := Snapshot{
		KeyframeInterval: m.keys.interval,
		FPS:              float64(recv),
		ShownFPS:         float64(shown),
		DecodedFPS:       float64(decoded),
		Stages:           m.stages.snapshot(),
		Clock:            m.clock.Estimate(),
		ArrivalSynced:    m.link.synced,
		Displayed:        m.displayed,
		LastSize:         m.lastSize,
		Received:         m.received,
		Decoded:          m.decoded,
		Dropped:          m.dropped,
		Errors:           m.errors,
		Bytes:            m.bytes,
		LastError:        m.lastErr,
		Latency:          m.latency,
		LatencyMax:       latMax,
		LatencyP50:       m.latencies.quantile(0.50),
		LatencyP99:       m.latencies.quantile(0.99),
		LatencyMaxAll:    m.latencies.max,
		Elapsed:          now.Sub(m.start),
		Records:          m.nRecords,
		ArrivalMax:       arrMax,
	}
	m.link.snapshot(&s, id, m.bytes)
	if m.received > 0 {
		s.AvgSize = float64(m.bytes) / float64(m.received)
	}
	return s
}

// Records returns a copy of the records kept so far, oldest first; the caller
// owns the returned slice.
func (m *Meter) Records() []Record {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Record, len(m.records))
	copy(out, m.records)
	return out
}

// LastRecord returns the record closed last, also when it was past
// maxRecords and not kept; ok is false before the first. It copies nothing
// else, so a readout may call it often.
func (m *Meter) LastRecord() (r Record, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.last, m.nRecords > 0
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && s[i]&0xC0 == 0x80 { // s[i] continues a sequence
		i--
	}
	return s[:i]
}
