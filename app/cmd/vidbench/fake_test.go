package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"testing"

	"github.com/vidstream/vidstream/app/headless"
	"github.com/vidstream/vidstream/wire"
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

// fakeVidstream imitates `vidstream -headless`: with -input it reads a
// recording, with -listen it takes one stream on the address given; then it
// writes fixed figures and the counts to the -stats file. FAKE_DECODED, when
// set, is the decoded count it claims.
func fakeVidstream(args []string) int {
	var input, listen, statsPath string
	for i := 0; i+1 < len(args); i++ {
		switch args[i] {
		case "-input":
			input = args[i+1]
		case "-listen":
			listen = args[i+1]
		case "-stats":
			statsPath = args[i+1]
		}
	}
	var r io.Reader
	if input != "" {
		f, err := os.Open(input)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer f.Close()
		r = f
	} else {
		ln, err := net.Listen("tcp", listen)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		conn, err := ln.Accept()
		ln.Close()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer conn.Close()
		r = conn
	}
	frames, bytes, err := countFrames(r)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	decoded := frames
	if s := os.Getenv("FAKE_DECODED"); s != "" {
		decoded, _ = strconv.ParseInt(s, 10, 64)
	}
	if statsPath == "" {
		return 0
	}
	b, err := json.Marshal(headless.Stats{
		Frames: frames, Decoded: decoded, Dropped: frames - decoded, Bytes: bytes,
		LatencyP50Ms: 0.125, LatencyP99Ms: 2.5, LatencyMaxMs: 3,
		Seconds: 0.5, FPS: 2 * float64(decoded), CPUMsPerFrame: 0.25, AllocsPerFrame: 1.5, PeakRSSMiB: 20,
		Protocol: "seed", Decoder: "fake",
	})
	if err == nil {
		err = os.WriteFile(statsPath, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// countFrames reads a stream to its end.
func countFrames(r io.Reader) (frames, bytes int64, err error) {
	wr := wire.NewReader(r, 0)
	for {
		f, err := wr.Next(nil)
		if errors.Is(err, io.EOF) {
			return frames, bytes, nil
		}
		if err != nil {
			return frames, bytes, fmt.Errorf("frame %d: %w", frames, err)
		}
		frames++
		bytes += int64(len(f.Payload))
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
