package main

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/vidstream/vidstream/wire/jpeg"
)

func TestParseCPUInfo(t *testing.T) {
	tests := []struct {
		name, in string
		model    string
		cores    int
	}{
		{"x86", "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC  7B13 64-Core Processor\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13 64-Core Processor\n",
			"AMD EPYC 7B13 64-Core Processor", 2},
		{"raspberry pi", "processor\t: 0\nmodel name\t: \nprocessor\t: 1\nprocessor\t: 2\nprocessor\t: 3\nHardware\t: BCM2835\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n",
			"Raspberry Pi 4 Model B Rev 1.4", 4},
		{"empty", "", "", 0},
	}
	for _, tt := range tests {
		model, cores := parseCPUInfo(strings.NewReader(tt.in))
		if model != tt.model || cores != tt.cores {
			t.Errorf("%s: %q, %d; want %q, %d", tt.name, model, cores, tt.model, tt.cores)
		}
	}
}

func TestParseMemTotal(t *testing.T) {
	got, err := parseMemTotal(strings.NewReader("MemTotal:       24683272 kB\nMemFree:        23168240 kB\n"))
	if err != nil || got != 24683272*1024 {
		t.Errorf("got %d, %v; want %d", got, err, 24683272*1024)
	}
	for _, bad := range []string{"MemFree: 1 kB\n", "MemTotal: x kB\n", "MemTotal: -5 kB\n"} {
		if _, err := parseMemTotal(strings.NewReader(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestBuildJPEGDecoder(t *testing.T) {
	tests := []struct {
		tags  string
		turbo bool
	}{
		{"", false},
		{"turbojpeg", true},
		{"netgo,turbojpeg", true},
		{"netgo turbojpeg", true},
		{"turbojpegx,window", false},
	}
	for _, tt := range tests {
		b := build{Tags: splitTags(tt.tags)}
		if b.turbo() != tt.turbo {
			t.Errorf("tags %q: turbo %v, want %v", tt.tags, b.turbo(), tt.turbo)
		}
		if got := strings.HasPrefix(b.JPEGDecoder(), "libjpeg-turbo"); got != tt.turbo {
			t.Errorf("tags %q: decoder %q", tt.tags, b.JPEGDecoder())
		}
	}
}

func TestReadBuild(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, err := readBuild(exe) // the test binary is a Go binary too
	if err != nil {
		t.Fatal(err)
	}
	if b.GoVersion != runtime.Version() {
		t.Errorf("Go version %q, want %q", b.GoVersion, runtime.Version())
	}
	if turbo := jpeg.Backend == "libjpeg-turbo"; slices.Contains(b.Tags, "turbojpeg") != turbo {
		t.Errorf("tags %q for a test built with libjpeg-turbo: %v", b.Tags, turbo)
	}
	notGo := filepath.Join(t.TempDir(), "script")
	if err := os.WriteFile(notGo, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := readBuild(notGo); err == nil {
		t.Error("build information read from a shell script")
	}
}

func TestReadMachine(t *testing.T) {
	m := readMachine()
	if m.Cores < 1 || m.CPU == "" || !strings.HasPrefix(m.OS, runtime.GOOS+"/"+runtime.GOARCH) {
		t.Errorf("machine %+v", m)
	}
	if runtime.GOOS == "linux" && (m.MemGiB <= 0 || m.Load == "") {
		t.Errorf("machine %+v: no memory or load from /proc", m)
	}
}

func TestFFmpegVersion(t *testing.T) {
	exe := fakeBinary(t, "child")
	t.Setenv("FAKE_STDOUT", "ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024 the FFmpeg developers\nbuilt with gcc 12\n")
	got, err := ffmpegVersion(t.Context(), exe)
	if err != nil || got != "ffmpeg version 5.1.6-0+deb12u1" {
		t.Errorf("got %q, %v", got, err)
	}
}
