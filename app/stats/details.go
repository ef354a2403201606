package stats

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The details file: the records of a measurement session with what the
// post's summary has no room for. The summary keeps the post's exact
// header and three columns, so that the post's scripts (and anything that
// splits a row into three values) read it unchanged; everything else goes
// into this second CSV beside it, one row per record in the same order,
// joined to the summary by row number (window).

// detailsColumns are the details file's columns.
var detailsColumns = []string{
	"window", "connection", "sender", "closed", "elapsed_s", "frames", "fps", "avg_img_size", "mbps",
	"dropped", "camera_dropped",
	"camera_to_screen_p50_ms", "camera_to_screen_p99_ms",
	"capture_p50_ms", "network_p50_ms", "decode_p50_ms", "display_p50_ms",
	"resolution", "format", "protocol", "partial",
}

// Records returns the entries' records, for WriteSummary.
func Records(entries []Entry) []Record {
	out := make([]Record, len(entries))
	for i, e := range entries {
		out[i] = e.Record
	}
	return out
}

// WriteDetails writes entries as the details CSV: a header, then one row
// per entry, window numbered from 0 as the post's lines number records.
// Latencies a window did not measure are empty cells. The whole text goes
// to w in a single Write.
func WriteDetails(w io.Writer, entries []Entry) error {
	var b strings.Builder
	c := csv.NewWriter(&b)
	c.Write(detailsColumns)
	for i, e := range entries {
		st := e.Stages
		c.Write([]string{
			strconv.Itoa(i), strconv.Itoa(e.Conn), e.Sender, e.Closed.Format(time.RFC3339Nano),
			pyFloat(e.Elapsed.Seconds()), strconv.Itoa(e.Frames), fixed(e.FPS(), 2), pyFloat(e.AvgSize), fixed(e.Mbps(), 3),
			strconv.FormatInt(e.Dropped, 10), strconv.FormatInt(e.SenderDropped, 10),
			msCell(st[StageTotal], st[StageTotal].P50), msCell(st[StageTotal], st[StageTotal].P99),
			msCell(st[StageCapture], st[StageCapture].P50), msCell(st[StageNetwork], st[StageNetwork].P50),
			msCell(st[StageDecode], st[StageDecode].P50), msCell(st[StageDisplay], st[StageDisplay].P50),
			e.Resolution, e.Format, e.Protocol, strconv.FormatBool(e.Partial),
		})
	}
	c.Flush()
	if err := c.Error(); err != nil {
		return fmt.Errorf("write details: %w", err)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write details: %w", err)
	}
	return nil
}

// msCell is d in milliseconds with 3 decimals, empty when the stage
// measured no frame.
func msCell(st StageLatency, d time.Duration) string {
	if st.Frames == 0 {
		return ""
	}
	return fixed(float64(d)/float64(time.Millisecond), 3)
}

func fixed(x float64, prec int) string { return strconv.FormatFloat(x, 'f', prec, 64) }
