package stats

import (
	"sync"
	"time"
)

// Measurements is one measurement session of the window: the records of
// every connection in the order their windows closed, each saying which
// connection and which sender, from the viewer's start (or the last
// Reset) on. A reconnection, a new camera or a port change adds to it;
// nothing in it is lost until Reset. It is safe for concurrent use: records
// come in on the connections' goroutines, Save and the charts read it.
type Measurements struct {
	mu      sync.Mutex
	entries []Entry
	conns   int
	saved   int // entries (kept or not) saved so far
	total   int // entries added so far
	changed chan struct{}
}

// Entry is one record of a Measurements: a closed window of one
// connection.
type Entry struct {
	Record
	// Conn numbers the connection in the session, from 1.
	Conn int
	// Sender is who sent it: the sender's name when it gave one, and its
	// address ("pi (192.168.1.23:51234)").
	Sender string
	// Resolution ("640x480") and Format ("jpeg") are what the frames
	// were, Protocol the framing ("v2"); "" when not known (no frame
	// decoded yet).
	Resolution, Format, Protocol string
	// Closed is when the window ended.
	Closed time.Time
	// Partial marks the last window of a connection, closed when the
	// stream ended before the window was full.
	Partial bool
}

// NewMeasurements returns an empty measurement session.
func NewMeasurements() *Measurements { return &Measurements{changed: make(chan struct{}, 1)} }

// Connection numbers a new connection, from 1.
func (m *Measurements) Connection() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.conns++
	return m.conns
}

// Add appends e. As a Meter does, it keeps the first maxRecords entries
// (11 days of 10-second windows) and only counts those after, so memory
// stays bounded.
func (m *Measurements) Add(e Entry) {
	m.mu.Lock()
	if len(m.entries) < maxRecords {
		m.entries = append(m.entries, e)
	}
	m.total++
	m.mu.Unlock()
	select {
	case m.changed <- struct{}{}:
	default:
	}
}

// Changed is signalled (coalesced: at most one pending) when an entry is
// added or the session reset, for a chart to redraw.
func (m *Measurements) Changed() <-chan struct{} { return m.changed }

// Entries returns a copy of the entries kept, oldest first, and how many
// were added in all; the caller owns the slice.
func (m *Measurements) Entries() (entries []Entry, total int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Entry(nil), m.entries...), m.total
}

// Unsaved reports how many entries were added since the last MarkSaved.
func (m *Measurements) Unsaved() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.total - m.saved
}

// MarkSaved records that the first total entries (an Entries count) are
// saved.
func (m *Measurements) MarkSaved(total int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saved = max(m.saved, min(total, m.total))
}

// Reset empties the session: a new measurement session begins, its
// connections numbered from 1 again.
func (m *Measurements) Reset() {
	m.mu.Lock()
	m.entries, m.conns, m.saved, m.total = nil, 0, 0, 0
	m.mu.Unlock()
	select {
	case m.changed <- struct{}{}:
	default:
	}
}
