package main

import (
	"bufio"
	"bytes"
	"context"
	"debug/buildinfo"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// machine describes the computer the benchmark ran on.
type machine struct {
	CPU    string  // CPU model, "unknown" when not found
	Cores  int     // logical CPUs
	MemGiB float64 // total memory, 0 when unknown
	OS     string  // GOOS/GOARCH and the kernel release when known
	Load   string  // load averages (1, 5, 15 min) at the start, "" when unknown
}

// readMachine reads the machine's description from /proc where there is one.
func readMachine() machine {
	m := machine{CPU: "unknown", Cores: runtime.NumCPU(), OS: runtime.GOOS + "/" + runtime.GOARCH}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		model, cores := parseCPUInfo(f)
		f.Close()
		if model != "" {
			m.CPU = model
		}
		if cores > 0 {
			m.Cores = cores
		}
	}
	if f, err := os.Open("/proc/meminfo"); err == nil {
		if b, err := parseMemTotal(f); err == nil {
			m.MemGiB = float64(b) / (1 << 30)
		}
		f.Close()
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.OS += ", kernel " + strings.TrimSpace(string(b))
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.Load = strings.Join(f[:3], " ")
		}
	}
	return m
}

// parseCPUInfo reads /proc/cpuinfo: the first model name ("model name" on
// x86, "Model" or "Hardware" on ARM) and the count of "processor" entries.
func parseCPUInfo(r io.Reader) (model string, cores int) {
	rank := 0 // which key the model came from: higher wins
	keys := map[string]int{"Hardware": 1, "Model": 2, "model name": 3}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.Join(strings.Fields(v), " ")
		if k == "processor" {
			cores++
		}
		if r := keys[k]; r > rank && v != "" {
			model, rank = v, r
		}
	}
	return model, cores
}

// parseMemTotal reads MemTotal from /proc/meminfo, in bytes.
func parseMemTotal(r io.Reader) (int64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "MemTotal:" && f[2] == "kB" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil || kb < 0 {
				return 0, fmt.Errorf("meminfo: MemTotal %q", f[1])
			}
			return kb * 1024, nil
		}
	}
	return 0, fmt.Errorf("meminfo: no MemTotal line")
}

// build is what a Go binary says about how it was built.
type build struct {
	GoVersion string
	Tags      []string // the -tags build setting, split at commas
	CGO       string   // the CGO_ENABLED build setting, "" when absent
}

// readBuild reads the build information of the Go binary at path (what `go
// version -m` prints).
func readBuild(path string) (build, error) {
	info, err := buildinfo.ReadFile(path)
	if err != nil {
		return build{}, fmt.Errorf("reading the build information of %s: %w", path, err)
	}
	b := build{GoVersion: info.GoVersion}
	for _, s := range info.Settings {
		switch s.Key {
		case "-tags":
			b.Tags = splitTags(s.Value)
		case "CGO_ENABLED":
			b.CGO = s.Value
		}
	}
	return b, nil
}

// splitTags splits a -tags value (comma-separated; old style space-separated).
func splitTags(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })
}

// turbo reports whether the binary was built with -tags turbojpeg.
func (b build) turbo() bool { return slices.Contains(b.Tags, "turbojpeg") }

// JPEGDecoder names the JPEG decoder the build uses.
func (b build) JPEGDecoder() string {
	if b.turbo() {
		return "libjpeg-turbo (built with -tags turbojpeg)"
	}
	return "Go image/jpeg (built without -tags turbojpeg)"
}

// H264Decoder names the H.264 decoder the build uses.
func (b build) H264Decoder() string {
	if slices.Contains(b.Tags, "avcodec") {
		return "FFmpeg's libavcodec (built with -tags avcodec)"
	}
	return "none (built without -tags avcodec: H.264 streams are refused)"
}

// ffmpegVersion is the first line of `ffmpeg -version`: "ffmpeg version
// 5.1.6-0+deb12u1 Copyright ...", cut before "Copyright".
func ffmpegVersion(ctx context.Context, ffmpeg string) (string, error) {
	res, err := runChild(ctx, ffmpeg, "-version")
	if err != nil {
		return "", err
	}
	line, _, _ := bytes.Cut(res.Stdout, []byte("\n"))
	v, _, _ := strings.Cut(string(line), " Copyright")
	return strings.TrimSpace(v), nil
}
