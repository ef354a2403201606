package main

import (
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/vidstream/vidstream/capture"
)

// statusLine formats one status report as one line:
// "picam: 30.0 fps, 67621 B/frame, sent 1234, dropped 3, reconnects 0",
// then, once the link lost packets, ", paced 4.7 Mbit/s", and while the
// JPEG quality is lowered for a slow link ", quality 55 of 85 (the link is
// too slow for more)".
func statusLine(st capture.StreamStatus) string {
	line := fmt.Sprintf("picam: %.1f fps, %d B/frame, sent %d, dropped %d, reconnects %d",
		st.FPS, int64(math.Round(st.BytesPerFrame)), st.Sent, st.Dropped, st.Reconnects)
	if st.PacedMbps > 0 {
		line += fmt.Sprintf(", paced %.1f Mbit/s", st.PacedMbps)
	}
	if st.Quality > 0 && st.Quality < st.MaxQuality {
		line += fmt.Sprintf(", quality %d of %d (the link is too slow for more)", st.Quality, st.MaxQuality)
	}
	return line + "\n"
}

// lineWriter writes whole lines to w, one goroutine at a time.
type lineWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// printf writes one line, prefixed "picam: " and ended with a newline.
func (l *lineWriter) printf(format string, args ...any) {
	l.write("picam: " + fmt.Sprintf(format, args...) + "\n")
}

// write writes s in one call.
func (l *lineWriter) write(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	io.WriteString(l.w, s)
}
