package main

import (
	"fmt"
	"strconv"
	"strings"
)

// lineFields finds the last line of text holding prefix (at the start of
// the line or after a space, as after a log timestamp) and returns the
// key=value fields that follow it.
func lineFields(text []byte, prefix string) (map[string]string, error) {
	lines := strings.Split(string(text), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		line := strings.TrimRight(lines[i], "\r")
		at := prefixAt(line, prefix)
		if at < 0 {
			continue
		}
		fields := map[string]string{}
		for _, tok := range strings.Fields(line[at+len(prefix):]) {
			k, v, ok := strings.Cut(tok, "=")
			if !ok || k == "" {
				return nil, fmt.Errorf("%q line: field %q is not key=value", strings.TrimSpace(prefix), tok)
			}
			fields[k] = v
		}
		return fields, nil
	}
	return nil, fmt.Errorf("no %q line", strings.TrimSpace(prefix))
}

// prefixAt is the index of the first prefix in line that starts the line or
// follows a space; -1 when there is none.
func prefixAt(line, prefix string) int {
	for from := 0; ; {
		i := strings.Index(line[from:], prefix)
		if i < 0 {
			return -1
		}
		i += from
		if i == 0 || line[i-1] == ' ' {
			return i
		}
		from = i + 1
	}
}

// fieldsReader reads typed values out of a line's fields, keeping the first
// error.
type fieldsReader struct {
	what   string
	fields map[string]string
	err    error
}

// float reads key's value as a float, without the unit suffix.
func (r *fieldsReader) float(key, unit string) float64 {
	s, ok := r.field(key)
	if !ok {
		return 0
	}
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, unit), 64)
	r.check(key, err)
	return v
}

// int reads key's value as an integer.
func (r *fieldsReader) int(key string) int64 {
	s, ok := r.field(key)
	if !ok {
		return 0
	}
	v, err := strconv.ParseInt(s, 10, 64)
	r.check(key, err)
	return v
}

// field returns key's text; false after an error or when it is missing.
func (r *fieldsReader) field(key string) (string, bool) {
	if r.err != nil {
		return "", false
	}
	s, ok := r.fields[key]
	if !ok {
		r.err = fmt.Errorf("%s line: no %s", r.what, key)
	}
	return s, ok
}

// check keeps the error of parsing key's value.
func (r *fieldsReader) check(key string, err error) {
	if err != nil {
		r.err = fmt.Errorf("%s line: %s: %w", r.what, key, err)
	}
}

// replayLine is vidstream's "replay:" log line.
type replayLine struct {
	Frames int64
	FPS    float64 // frames decoded per second of the replay's wall time
	CPUms  float64 // process CPU (user+sys) per frame during the replay, ms
	Allocs float64 // heap allocations per frame
	RSSMiB float64 // the process's own peak resident set, MiB
}

// parseReplay reads the last "replay:" line of vidstream's stderr.
func parseReplay(stderr []byte) (replayLine, error) {
	f, err := lineFields(stderr, "replay: ")
	if err != nil {
		return replayLine{}, err
	}
	r := fieldsReader{what: "replay", fields: f}
	l := replayLine{Frames: r.int("frames"), FPS: r.float("fps", ""),
		CPUms: r.float("cpu_ms_per_frame", ""), Allocs: r.float("allocs_per_frame", ""), RSSMiB: r.float("peak_rss_mib", "")}
	return l, r.err
}

// latencyLine is vidstream's "latency:" log line, in milliseconds.
type latencyLine struct{ P50, P99 float64 }

// parseLatency reads the last "latency:" line of vidstream's stderr.
func parseLatency(stderr []byte) (latencyLine, error) {
	f, err := lineFields(stderr, "latency: ")
	if err != nil {
		return latencyLine{}, err
	}
	r := fieldsReader{what: "latency", fields: f}
	l := latencyLine{P50: r.float("p50", "ms"), P99: r.float("p99", "ms")}
	return l, r.err
}

// totalLine is vidstream's closing "total:" line on stdout.
type totalLine struct{ Frames, Decoded, Dropped, Errors, Bytes int64 }

// parseTotal reads the last "total:" line of vidstream's stdout.
func parseTotal(stdout []byte) (totalLine, error) {
	f, err := lineFields(stdout, "total: ")
	if err != nil {
		return totalLine{}, err
	}
	r := fieldsReader{what: "total", fields: f}
	l := totalLine{Frames: r.int("frames"), Decoded: r.int("decoded"), Dropped: r.int("dropped"),
		Errors: r.int("errors"), Bytes: r.int("bytes")}
	return l, r.err
}

// waitingPrefix starts the message headless vidstream logs once listening.
const waitingPrefix = "Waiting for a camera on "

// parseWaiting returns the first address in a log line "... Waiting for a
// camera on HOST:PORT [or HOST:PORT...]"; ok is false for any other line.
func parseWaiting(line string) (addr string, ok bool) {
	_, rest, found := strings.Cut(line, waitingPrefix)
	if !found {
		return "", false
	}
	addr, _, _ = strings.Cut(strings.TrimSpace(rest), " ")
	return addr, addr != ""
}
