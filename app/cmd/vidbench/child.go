package main

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// childTimeout bounds one child process (a replay, an ffmpeg run).
const childTimeout = 10 * time.Minute

// usage is what a finished child process cost: its wall time, measured
// here, and its CPU time, from its rusage.
type usage struct {
	Wall time.Duration // from start to exit
	CPU  time.Duration // user+sys of the child
}

// childResult is a finished child process: its output and cost. The caller
// owns the byte slices.
type childResult struct {
	Stdout, Stderr []byte
	usage
}

// runChild runs name with args to the end, collecting its output. A failure
// to start, a non-zero exit or ctx ending it is an error that quotes the end
// of its stderr.
func runChild(ctx context.Context, name string, args ...string) (childResult, error) {
	ctx, cancel := context.WithTimeout(ctx, childTimeout)
	defer cancel()
	out, errOut := newTailBuffer(maxOutput), newTailBuffer(maxOutput)
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = out, errOut
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	res := childResult{Stdout: out.Bytes(), Stderr: errOut.Bytes()}
	if cmd.ProcessState != nil {
		res.usage = usage{Wall: wall, CPU: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	}
	if err != nil {
		return res, fmt.Errorf("running %s: %w%s", commandString(name, args), err, stderrTail(res.Stderr))
	}
	return res, nil
}

// maxOutput is how much of a child's stdout, and of its stderr, is kept:
// the end, far more than the version line vidbench reads from ffmpeg and
// the stderr lines an error quotes.
const maxOutput = 1 << 20

// tailBuffer is an io.Writer keeping the last max bytes written (up to 2*max
// between trims). It is not safe for concurrent use.
type tailBuffer struct {
	max int
	b   []byte
}

func newTailBuffer(max int) *tailBuffer { return &tailBuffer{max: max} }

// Write keeps p, dropping the oldest bytes beyond the last max once there
// are 2*max.
func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 2*t.max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

// Bytes returns the bytes kept: the last max to 2*max bytes written, or all
// of them. The slice aliases the buffer until the next Write.
func (t *tailBuffer) Bytes() []byte { return t.b }

// commandString shows a command for error messages.
func commandString(name string, args []string) string {
	q := make([]string, 0, len(args)+1)
	q = append(q, shellQuote(name))
	for _, a := range args {
		q = append(q, shellQuote(a))
	}
	return strings.Join(q, " ")
}

// tailLines is how many lines of a failed child's stderr an error quotes.
const tailLines = 5

// stderrTail is the last lines of stderr, as a suffix for an error message:
// "" when there are none.
func stderrTail(stderr []byte) string {
	s := strings.TrimSpace(string(stderr))
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > tailLines {
		lines = lines[len(lines)-tailLines:]
	}
	return "; its stderr ends:\n\t" + strings.Join(lines, "\n\t")
}
