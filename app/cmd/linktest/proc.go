package main

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// tailLen bounds the output kept of each program.
const tailLen = 64 << 10

// tail keeps the last tailLen bytes written to it.
type tail struct {
	mu sync.Mutex
	b  []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - tailLen; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

// lastLines returns the last n lines of the output.
func (t *tail) lastLines(n int) string {
	lines := strings.Split(strings.TrimRight(t.String(), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// proc is a program started in its own process group (a Ctrl+C reaches
// linktest, which stops the programs in order), its output kept.
type proc struct {
	name string
	cmd  *exec.Cmd
	out  *tail
	done chan struct{} // closed when it has ended; err is then set
	err  error
}

// start starts cmd, named name in messages, with its stdout and stderr kept
// (unless cmd.Stdout is already set, as for a pipe).
func start(name string, cmd *exec.Cmd) (*proc, error) {
	p := &proc{name: name, cmd: cmd, out: &tail{}, done: make(chan struct{})}
	if cmd.Stdout == nil {
		cmd.Stdout = p.out
	}
	cmd.Stderr = p.out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// exited says whether the program has ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// wait waits up to d for the program to end on its own.
func (p *proc) wait(d time.Duration) bool {
	select {
	case <-p.done:
		return true
	case <-time.After(d):
		return false
	}
}

// waitFor waits up to d for the program to print s; false when it did not,
// or ended first.
func (p *proc) waitFor(s string, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if strings.Contains(p.out.String(), s) {
			return true
		}
		if p.exited() {
			return strings.Contains(p.out.String(), s)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// stop asks the program to end (SIGINT), waits up to grace, then kills it
// and waits up to 5 s more. It returns an error only when the program
// could not be ended; how it ended is in p.err.
func (p *proc) stop(grace time.Duration) error {
	if p == nil || p.exited() {
		return nil
	}
	_ = p.cmd.Process.Signal(syscall.SIGINT)
	if p.wait(grace) {
		return nil
	}
	_ = p.cmd.Process.Kill()
	if p.wait(5 * time.Second) {
		return fmt.Errorf("%s did not end within %v of SIGINT: killed", p.name, grace)
	}
	return errors.New(p.name + " could not be killed (pid " + fmt.Sprint(p.cmd.Process.Pid) + ")")
}
