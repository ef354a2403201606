package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"testing"
)

// The test binary doubles as the child processes vidbench runs: with
// VIDBENCH_FAKE set it acts as that program instead of running the tests.
const fakeEnv = "VIDBENCH_FAKE"

func TestMain(m *testing.M) {
	switch os.Getenv(fakeEnv) {
	case "":
		os.Exit(m.Run())
	case "child":
		fakeChild()
	case "vidstream":
		os.Exit(fakeVidstream(os.Args[1:]))
	default:
		fmt.Fprintln(os.Stderr, "unknown fake", os.Getenv(fakeEnv))
		os.Exit(2)
	}
}

// fakeChild writes FAKE_STDOUT and FAKE_STDERR and exits with FAKE_EXIT.
func fakeChild() {
	fmt.Fprint(os.Stdout, os.Getenv("FAKE_STDOUT"))
	fmt.Fprint(os.Stderr, os.Getenv("FAKE_STDERR"))
	code, _ := strconv.Atoi(os.Getenv("FAKE_EXIT"))
	os.Exit(code)
}

// fakeVidstream imitates `vidstream -headless` on seed streams: with -input
// it counts the frames of a file, with -listen it takes one stream; then it
// prints the total and logs the replay and latency lines. FAKE_DECODED,
// when set, is the decoded count it claims.
func fakeVidstream(args []string) int {
	const stamp = "2026/01/02 03:04:05 "
	var input, listen string
	for i := 0; i+1 < len(args); i++ {
		switch args[i] {
		case "-input":
			input = args[i+1]
		case "-listen":
			listen = args[i+1]
		}
	}
	var r io.Reader
	if input != "" {
		f, err := os.Open(input)
		if err != nil {
			fmt.Fprintln(os.Stderr, stamp+err.Error())
			return 1
		}
		defer f.Close()
		r = f
	} else {
		ln, err := net.Listen("tcp", listen)
		if err != nil {
			fmt.Fprintln(os.Stderr, stamp+err.Error())
			return 1
		}
		fmt.Fprintln(os.Stderr, stamp+"Waiting for a camera on "+ln.Addr().String())
		conn, err := ln.Accept()
		if err != nil {
			return 1
		}
		defer conn.Close()
		r = conn
	}
	frames, bytes, err := countSeed(bufio.NewReader(r))
	if err != nil {
		fmt.Fprintln(os.Stderr, stamp+err.Error())
		return 1
	}
	decoded := frames
	if s := os.Getenv("FAKE_DECODED"); s != "" {
		decoded, _ = strconv.Atoi(s)
	}
	fmt.Printf("total: frames=%d decoded=%d dropped=%d errors=0 bytes=%d\n", frames, decoded, frames-decoded, bytes)
	if input != "" {
		fmt.Fprintf(os.Stderr, "%sreplay: frames=%d seconds=0.500 fps=%d.0 cpu_ms_per_frame=0.2500 wall_ms_per_frame=0.2000 allocs_per_frame=1.50 peak_rss_mib=20.0\n",
			stamp, decoded, 2*decoded)
	}
	fmt.Fprintln(os.Stderr, stamp+"latency: p50=0.125ms p99=2.500ms")
	return 0
}

// countSeed reads a seed stream to its end marker.
func countSeed(r io.Reader) (frames, bytes int, err error) {
	var head [4]byte
	for {
		if _, err := io.ReadFull(r, head[:]); err != nil {
			return frames, bytes, fmt.Errorf("frame %d: %w", frames, err)
		}
		n := binary.LittleEndian.Uint32(head[:])
		if n == 0 {
			return frames, bytes, nil
		}
		if _, err := io.CopyN(io.Discard, r, int64(n)); err != nil {
			return frames, bytes, fmt.Errorf("frame %d: %w", frames, err)
		}
		frames++
		bytes += int(n)
	}
}

// fakeBinary returns the test binary's path, and sets the environment for it
// to act as fake for the rest of the test.
func fakeBinary(t *testing.T, fake string) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(fakeEnv, fake)
	return exe
}
