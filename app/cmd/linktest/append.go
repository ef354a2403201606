package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// appendSection appends to the Markdown file at path a section with the
// table of rows: a heading naming the link, when and where it was measured,
// and the command that measured it (linktest's args).
func appendSection(path string, args []string, rows []Row) error {
	var b bytes.Buffer
	rate := "the link"
	if len(rows) > 0 {
		rate = fmt.Sprintf("%s, MTU %d", rateText(rows[0].Rate), rows[0].MTU)
	}
	fmt.Fprintf(&b, "\n## Through a shaped link: %s\n\n", rate)
	fmt.Fprintf(&b, "Measured %s on %s (%s/%s, %d CPUs) with `linktest %s` (`sudo make link-test`): picam and\n"+
		"`vidstream -headless` in a network namespace whose loopback tc's tbf shapes, the streams from\n"+
		"ffmpeg's encoders at a camera's pace into `picam -source stdin`.\n\n",
		time.Now().UTC().Format("2006-01-02"), hostname(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), strings.Join(args, " "))
	if err := WriteTable(&b, rows); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("appending the table to %s: %w", path, err)
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("appending the table to %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("appending the table to %s: %w", path, err)
	}
	return nil
}

// hostname names the machine, or "this machine".
func hostname() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "this machine"
}
