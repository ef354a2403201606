// Package headless is Vidstream without a window, for scripts, benchmarks
// and CI: the same receiver as the viewer, printing the post's server lines
// and a closing total, and writing the summary, the last frame and the run's
// statistics to files. It runs live (Run: a listener and the first stream
// that connects) or over a recording (Replay: every frame, as fast as it
// decodes), through the same receive session.
package headless

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/vidstream/vidstream/app/receive"
	"github.com/vidstream/vidstream/app/save"
	"github.com/vidstream/vidstream/app/stats"
	"github.com/vidstream/vidstream/wire/discover"
)

// Config says what a headless run listens on or reads, and what it writes.
type Config struct {
	Receive  receive.Config // listen address, decoding, window
	Records  int            // stop after this many window records; 0 → at the end of the first stream
	Summary  string         // path of the summary CSV; "" → none
	Snapshot string         // path of the last frame, .jpg/.jpeg or .png; "" → none
	Stats    string         // path of the statistics JSON (see Stats); "" → none
	Ready    func(net.Addr) // called once listening, with the address; may be nil
	// Advertise makes the run known on the local network (DNS-SD) while
	// it listens, so that picam finds it without an address, unless it
	// listens on loopback only.
	Advertise bool
	Log       func(string) // status messages (listening, connected); may be nil
}

// Result is what a run measured.
type Result struct {
	Received, Decoded, Dropped, Errors, Bytes int64
	Records                                   []stats.Record
	// LatencyP50, LatencyP99 and LatencyMax are the viewer-added latency,
	// from a frame's last byte received to its RGBA ready for the screen.
	LatencyP50, LatencyP99, LatencyMax time.Duration
	// Arrival is the capture-to-arrival latency, a frame's last byte
	// received minus its sender's capture time, over the ArrivalFrames
	// frames that carried one; only measured live (see stats.Snapshot), and
	// only meaningful when sender and viewer share a clock. ArrivalAhead
	// counts frames stamped after their arrival (the clocks disagree).
	ArrivalP50, ArrivalP99, ArrivalMax time.Duration
	ArrivalFrames, ArrivalAhead        int64
	// ArrivalSynced says Arrival went through the clock offset that time
	// probes measured (Clock), instead of taking one clock for both.
	ArrivalSynced bool
	// Stages are the latencies by stage (capture, network, decode and the
	// total, camera to RGBA ready: headless has no screen), and Clock the
	// estimate of the sender's clock they used; live runs only.
	Stages stats.Stages
	Clock  stats.ClockEstimate
	// Mbps is the payload throughput over the stream, in Mbit/s.
	Mbps float64
	// SenderDropped counts the frames the sender dropped (gaps in its
	// sequence numbers), SenderRestarts the times its numbering restarted.
	SenderDropped, SenderRestarts int64
	// KeyframeInterval is the frames between the last two keyframes of an
	// H.264 stream; 0 for other streams.
	KeyframeInterval uint64
	// Live is set for a live run (Run), clear for a replay.
	Live bool
	// Protocol and Decoder name the stream's framing and what decoded it.
	Protocol, Decoder string
	// Cost is what the run cost the process.
	Cost Cost
	// End is why the stream ended: nil for the end marker (or the end of a
	// recording) or for reaching Records, else the reason (a dropped
	// connection, a broken stream).
	End error
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// msp is ms(d) for a JSON field that may be left out.
func msp(d time.Duration) *float64 {
	v := ms(d)
	return &v
}

// LatencyLine reports the viewer-added latency of a run.
func (r Result) LatencyLine() string {
	return fmt.Sprintf("latency: p50=%.3fms p99=%.3fms", ms(r.LatencyP50), ms(r.LatencyP99))
}

// LinkLine reports what the link and the sender did in a live run:
// throughput, capture-to-arrival latency (when frames carried capture
// times) and the sender's drops.
func (r Result) LinkLine() string {
	line := fmt.Sprintf("link: %.2f Mbit/s, sender dropped %d", r.Mbps, r.SenderDropped)
	if r.ArrivalFrames > 0 {
		how := "same clock only"
		if r.ArrivalSynced {
			how = "through the clock offset"
		}
		line += fmt.Sprintf(", capture to arrival p50=%.1fms p99=%.1fms max=%.1fms (%s)",
			ms(r.ArrivalP50), ms(r.ArrivalP99), ms(r.ArrivalMax), how)
	}
	return line
}

// StagesLine reports a live run's latency by stage (p50/p99 of each stage
// measured) and the sender's clock offset, or that the sender answered no
// clock probe.
func (r Result) StagesLine() string {
	var b strings.Builder
	b.WriteString("stages:")
	for i, st := range r.Stages {
		if st.Frames > 0 {
			fmt.Fprintf(&b, " %s p50=%.1fms p99=%.1fms", stats.Stage(i), ms(st.P50), ms(st.P99))
		}
	}
	switch {
	case r.Clock.OK:
		fmt.Fprintf(&b, "; sender clock %+.1fms ±%.1fms", ms(r.Clock.Offset), ms(r.Clock.RTT/2))
	case r.Clock.Probes > 0:
		fmt.Fprintf(&b, "; the sender answered none of %d clock probes", r.Clock.Probes)
	}
	return b.String()
}

// TotalLine is the run's last line: "total: frames=N decoded=N dropped=N errors=N bytes=N".
func (r Result) TotalLine() string {
	return fmt.Sprintf("total: frames=%d decoded=%d dropped=%d errors=%d bytes=%d",
		r.Received, r.Decoded, r.Dropped, r.Errors, r.Bytes)
}

// checkConfig refuses, before anything runs, what could not be written at
// the end: a snapshot named for no format it writes, and an output whose
// folder is missing or cannot be written, or whose path is neither new nor
// a regular file (see save.WriteFile).
func checkConfig(cfg Config) error {
	if cfg.Snapshot != "" {
		if err := save.CheckExt(cfg.Snapshot); err != nil {
			return err
		}
	}
	for _, o := range outputs(cfg) {
		if err := save.CheckTarget(o.path); err != nil {
			return fmt.Errorf("cannot write the %s: %w", o.what, err)
		}
	}
	return nil
}

// checkNotRecording refuses outputs that name the recording being replayed
// (by any path to it): writing them would replace the recording.
func checkNotRecording(cfg Config, rec *os.File) error {
	fi, err := rec.Stat()
	if err != nil {
		return fmt.Errorf("replay %s: %w", rec.Name(), err)
	}
	for _, o := range outputs(cfg) {
		if ofi, err := os.Stat(o.path); err == nil && os.SameFile(fi, ofi) {
			return fmt.Errorf("cannot write the %s to %s: it is the recording being replayed, which it would replace: name another file", o.what, o.path)
		}
	}
	return nil
}

// output is one file a run writes at its end.
type output struct{ what, path string }

// outputs returns the files cfg asks for, by what they hold.
func outputs(cfg Config) []output {
	var outs []output
	for _, o := range []output{{"summary", cfg.Summary}, {"snapshot", cfg.Snapshot}, {"stats", cfg.Stats}} {
		if o.path != "" {
			outs = append(outs, o)
		}
	}
	return outs
}

// Run listens, takes the first stream, prints a line per window record to
// out, stops after cfg.Records records or at the end of the stream, writes
// the files asked for, and prints the total line. The error is for what
// kept the run from working (no listener, a file not written, ctx done
// before any stream); a broken stream is reported in Result.End.
func Run(ctx context.Context, cfg Config, out io.Writer) (Result, error) {
	if err := checkConfig(cfg); err != nil {
		return Result{}, err
	}
	rc := cfg.Receive
	rc.Cameras = 1 // a run measures one stream: a second sender is refused while it lasts
	srv, err := receive.Listen(rc)
	if err != nil {
		return Result{}, fmt.Errorf("headless: %w", err)
	}
	if cfg.Ready != nil {
		cfg.Ready(srv.Addr())
	}
	logf(cfg, receive.WaitingMessage(srv.Addr(), receive.LANAddrs()))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if cfg.Advertise && receive.Advertisable(srv.Addr()) {
		var advertised sync.WaitGroup
		defer advertised.Wait()
		advertised.Go(func() { advertise(ctx, cfg, srv.Addr()) })
	}
	h := &handler{cfg: cfg, out: out, stop: cancel}
	m := startMeasure()
	serveErr := srv.Serve(ctx, h)
	cost := m.cost()

	h.mu.Lock()
	s, end, finished := h.session, h.end, h.finished
	h.mu.Unlock()
	if s == nil {
		if serveErr != nil {
			return Result{}, fmt.Errorf("headless: %w", serveErr)
		}
		return Result{}, fmt.Errorf("headless: no camera connected: %w", context.Cause(ctx))
	}
	if finished {
		end = nil // we stopped it after the records asked for
	}
	return finish(cfg, s, end, cost, out, true)
}

// Replay decodes every frame of a recorded stream (seed, v2 or plain
// concatenated JPEGs, told apart by the first bytes) as fast as it can: no
// frame is dropped, as nothing is live. It prints the same record lines and
// total as a live run and writes the files asked for; the Result's Cost is
// what decoding cost.
//
// The recording must be a regular file: anything else (a folder, a named
// pipe, a device) is refused before it is read, so a pipe with no writer
// cannot hold the replay. A recording that cannot be played to its end, or
// holds no frame, is reported, saying why, in Result.End and to cfg.Log.
func Replay(ctx context.Context, path string, cfg Config, out io.Writer) (Result, error) {
	if err := checkConfig(cfg); err != nil {
		return Result{}, err
	}
	f, err := openRecording(path)
	if err != nil {
		return Result{}, err
	}
	defer f.Close()
	if err := checkNotRecording(cfg, f); err != nil {
		return Result{}, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	h := &handler{cfg: cfg, out: out, stop: cancel}
	s := receive.NewSession(f, path, cfg.Receive, receive.Lossless, h)
	m := startMeasure()
	err = s.Run(ctx)
	cost := m.cost()
	h.mu.Lock()
	finished := h.finished
	h.mu.Unlock()
	if finished || ctx.Err() != nil {
		err = nil // stopped after the records asked for, or told to stop
	} else if err = unplayable(path, f, s, err); err != nil {
		logf(cfg, err.Error())
	}
	return finish(cfg, s, err, cost, out, false)
}

// finish makes a run's Result from its session, writes the files asked for
// and prints the total line; live is clear for a replay, whose capture
// times are the recording's and give no latency.
func finish(cfg Config, s *receive.Session, end error, cost Cost, out io.Writer, live bool) (Result, error) {
	snap := s.Meter.Snapshot(time.Now())
	proto, _ := s.Stream()
	res := Result{
		Received: snap.Received, Decoded: snap.Decoded, Dropped: snap.Dropped,
		Errors: snap.Errors, Bytes: snap.Bytes, Records: s.Meter.Records(),
		LatencyP50: snap.LatencyP50, LatencyP99: snap.LatencyP99, LatencyMax: snap.LatencyMaxAll,
		Mbps: snap.RunMbps, SenderDropped: snap.SenderDropped, SenderRestarts: snap.SenderRestarts, Live: live,
		KeyframeInterval: snap.KeyframeInterval,
		Protocol:         proto.String(), Decoder: s.Codec(), Cost: cost, End: end,
	}
	if live {
		res.ArrivalP50, res.ArrivalP99, res.ArrivalMax = snap.ArrivalP50, snap.ArrivalP99, snap.ArrivalMaxAll
		res.ArrivalFrames, res.ArrivalAhead, res.ArrivalSynced = snap.ArrivalFrames, snap.ArrivalAhead, snap.ArrivalSynced
		res.Stages, res.Clock = snap.Stages, snap.Clock
		logf(cfg, res.LinkLine())
		logf(cfg, res.StagesLine())
	}
	res.Cost.Frames = snap.Decoded
	logErrorKinds(cfg, s.Meter.ErrorKinds())
	frame, _ := s.Take()
	err := errors.Join(writeSummary(cfg.Summary, res.Records), writeSnapshot(cfg.Snapshot, frame),
		writeStats(cfg.Stats, res.Stats()))
	fmt.Fprintln(out, res.TotalLine())
	return res, err
}

// handler is the receive.Handler of a headless run.
type handler struct {
	cfg  Config
	out  io.Writer
	stop context.CancelFunc

	mu       sync.Mutex
	session  *receive.Session
	end      error
	finished bool // the records asked for were reached
	replaced bool // the session was replaced: the next one is the run's
	follow   bool // a stream that ends is followed by the next one (Watch), rather than ending the run
	errs     errorLog
}

// SessionStarted takes the first stream, or the one that replaced it (an
// idle sender is replaced by a camera: the run follows the camera).
func (h *handler) SessionStarted(s *receive.Session) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.session == nil || h.replaced {
		h.session, h.replaced = s, false
	}
	logf(h.cfg, "camera connected from "+s.Remote)
}

// FrameReady takes the frame at once: with no screen, showing is free.
func (h *handler) FrameReady(s *receive.Session) { s.Take() }

func (h *handler) WindowClosed(s *receive.Session, i int, r stats.Record) {
	fmt.Fprintln(h.out, r.Line(i))
	h.errs.news(h.cfg, s)
	if h.cfg.Records > 0 && i+1 >= h.cfg.Records {
		h.mu.Lock()
		h.finished = true
		h.mu.Unlock()
		h.stop()
	}
}

func (h *handler) SessionEnded(s *receive.Session, err error) {
	if errors.Is(err, receive.ErrReplaced) {
		h.mu.Lock()
		if s == h.session {
			h.replaced = true // the run goes on with the new stream
		}
		h.mu.Unlock()
		logf(h.cfg, "stream from "+s.Remote+" ended: "+err.Error())
		return
	}
	h.mu.Lock()
	if s == h.session {
		h.end = err
		h.replaced = h.follow
	}
	finished, follow := h.finished, h.follow
	h.mu.Unlock()
	if err != nil && !finished {
		logf(h.cfg, "stream ended: "+err.Error())
	}
	if !follow {
		h.stop()
	}
}

func (h *handler) Refused(remote string, err error) {
	logf(h.cfg, fmt.Sprintf("refused %s: %v", remote, err))
}

// advertise makes the run listening at addr known on the network until ctx
// is done.
func advertise(ctx context.Context, cfg Config, addr net.Addr) {
	a, err := receive.Advertise(ctx, addr, receive.InstanceName(), cfg.Receive.Trust.FingerprintHex(), discover.Config{})
	if err != nil {
		if ctx.Err() == nil {
			logf(cfg, err.Error()+" (picam needs this viewer's address: -to HOST)")
		}
		return
	}
	defer a.Stop()
	logf(cfg, fmt.Sprintf("on the network as %q: picam finds this viewer by itself", a.Instance()))
	<-ctx.Done()
}

func logf(cfg Config, msg string) {
	if cfg.Log != nil {
		cfg.Log(msg)
	}
}
