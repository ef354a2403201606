package stats

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// summaryHeader is the first line of the summary file, as the post's server
// writes it.
const summaryHeader = "nbr_images, elapsed(sec), avg_img_size\n"

// Record is one closed measurement window: the frames received in it
// (counting the frame that closed it), how long it lasted, and the mean
// payload length of its frames in bytes. The summary file and the post's
// lines hold only these three; the fields after them are for scripts and
// readouts.
type Record struct {
	Frames  int
	Elapsed time.Duration
	AvgSize float64

	// ArrivalFrames counts the window's frames that carried a capture time;
	// ArrivalP50, ArrivalP99 and ArrivalMax are their capture-to-arrival
	// latencies (see Snapshot.ArrivalP50), 0 without any.
	ArrivalFrames                      int
	ArrivalP50, ArrivalP99, ArrivalMax time.Duration
	// Dropped counts the frames the viewer dropped during the window,
	// SenderDropped the frames missing from the sender's sequence numbers.
	Dropped, SenderDropped int64
	// Stages are the window's latencies by stage (Last unset).
	Stages Stages
}

// FPS returns the record's frames per second; 0 for an empty window.
func (r Record) FPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Frames) / r.Elapsed.Seconds()
}

// Mbps returns the record's payload throughput in Mbit/s (10^6 bits).
func (r Record) Mbps() float64 {
	return mbps(int64(r.AvgSize*float64(r.Frames)+0.5), r.Elapsed)
}

// Line formats the record as the post's server prints it, with i as the
// record's index, e.g.
// "0 | Nbr_frames: 280 - Elapsed Time: 10.00 | Average img length: 67621.0".
func (r Record) Line(i int) string {
	return fmt.Sprintf("%d | Nbr_frames: %d - Elapsed Time: %.2f | Average img length: %.1f",
		i, r.Frames, r.Elapsed.Seconds(), r.AvgSize)
}

// WriteSummary writes recs as the post's server writes its summary file:
// summaryHeader, then one "count, elapsed_seconds, avg_size" line per record
// with the floats printed as Python's str() prints them ("10.0", "67621.0").
// It does not keep recs. The whole text goes to w in a single Write.
func WriteSummary(w io.Writer, recs []Record) error {
	var b strings.Builder
	b.Grow(len(summaryHeader) + 48*len(recs))
	b.WriteString(summaryHeader)
	for _, r := range recs {
		b.WriteString(strconv.Itoa(r.Frames))
		b.WriteString(", ")
		b.WriteString(pyFloat(r.Elapsed.Seconds()))
		b.WriteString(", ")
		b.WriteString(pyFloat(r.AvgSize))
		b.WriteByte('\n')
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}
