package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// cmdTimeout bounds each ip and tc command.
const cmdTimeout = 10 * time.Second

// Link shapes a network namespace's loopback as a slow link.
type Link struct {
	Rate float64 // bits per second
	MTU  int
}

// Namespace is a network namespace this program made; Close deletes it.
type Namespace struct {
	Name   string
	closed bool
}

// preflight refuses to start when the namespace cannot be made: not root,
// or ip or tc missing.
func preflight() error {
	if os.Geteuid() != 0 {
		return errors.New("linktest makes a network namespace and shapes its loopback with tc: run it as root (sudo make link-test)")
	}
	for _, tool := range []string{"ip", "tc"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("linktest needs %s (Debian: apt-get install iproute2): %w", tool, err)
		}
	}
	return nil
}

// namespaceName is a name unique to this process: vslink-PID, with a
// suffix when a process runs more than one.
func namespaceName(n int) string {
	name := "vslink-" + strconv.Itoa(os.Getpid())
	if n > 0 {
		name += "-" + strconv.Itoa(n)
	}
	return name
}

// NewNamespace makes the namespace name with its loopback up, at l.MTU and
// shaped by tbf to l.Rate. On failure nothing is left behind.
func NewNamespace(ctx context.Context, name string, l Link) (*Namespace, error) {
	if l.MTU < 576 || l.MTU > 65536 {
		return nil, fmt.Errorf("MTU %d: want 576..65536 (1500 is Wi-Fi's)", l.MTU)
	}
	if err := run(ctx, "ip", "netns", "add", name); err != nil {
		return nil, fmt.Errorf("make network namespace %s: %w", name, err)
	}
	ns := &Namespace{Name: name}
	steps := [][]string{
		{"ip", "-n", name, "link", "set", "lo", "up"},
		{"ip", "-n", name, "link", "set", "lo", "mtu", strconv.Itoa(l.MTU)},
		{"ip", "netns", "exec", name, "tc", "qdisc", "add", "dev", "lo", "root", "tbf",
			"rate", strconv.FormatInt(int64(l.Rate), 10) + "bit", "burst", "16kb", "latency", "50ms"},
	}
	for _, s := range steps {
		if err := run(ctx, s[0], s[1:]...); err != nil {
			return nil, errors.Join(fmt.Errorf("set up network namespace %s: %w", name, err), ns.Close())
		}
	}
	return ns, nil
}

// Command returns a command running name with args inside the namespace.
func (ns *Namespace) Command(name string, args ...string) *exec.Cmd {
	return exec.Command("ip", append([]string{"netns", "exec", ns.Name, name}, args...)...)
}

// Close deletes the namespace; a second call does nothing. The processes
// inside must have ended (they would keep its loopback alive).
func (ns *Namespace) Close() error {
	if ns == nil || ns.closed {
		return nil
	}
	ns.closed = true
	// Not the caller's context: the namespace goes also when it is done.
	if err := run(context.Background(), "ip", "netns", "delete", ns.Name); err != nil {
		return fmt.Errorf("delete network namespace %s (remove it with: ip netns delete %s): %w", ns.Name, ns.Name, err)
	}
	return nil
}

// namespaceExists says whether ip lists the namespace name.
func namespaceExists(name string) (bool, error) {
	out, err := output(context.Background(), "ip", "netns", "list")
	if err != nil {
		return false, fmt.Errorf("list network namespaces: %w", err)
	}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == name {
			return true, nil
		}
	}
	return false, nil
}

// run runs a command, bounded by cmdTimeout, and says what it printed when
// it fails.
func run(ctx context.Context, name string, args ...string) error {
	_, err := output(ctx, name, args...)
	return err
}

func output(ctx context.Context, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, cmdTimeout)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(out.String()))
	}
	return out.String(), nil
}
