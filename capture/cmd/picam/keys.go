package main

// picam's key pair and the viewers it paired with (-keys, -plain, -forget).

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/vidstream/vidstream/capture"
	"github.com/vidstream/vidstream/wire"
	"github.com/vidstream/vidstream/wire/pairing"
)

// pinsFile is the name of the paired viewers' file in the keys folder.
const pinsFile = "pins.json"

// private reports whether cfg's stream to a viewer runs over TLS: v2,
// unless -plain. The seed protocol is the blog post's, which its server.py
// reads in the clear, and -proto mjpeg is for tools that read plain JPEGs.
func private(cfg config) bool {
	return cfg.Proto == wire.ProtoV2 && !cfg.Plain && (cfg.Find || cfg.Addr != "")
}

// privacy says, for the starting line, whether the stream is encrypted.
func privacy(cfg config) string {
	switch {
	case private(cfg):
		return ", encrypted"
	case cfg.Find || cfg.Addr != "":
		return ", unencrypted"
	}
	return ""
}

// keysDir is where picam keeps its keys by default: systemd's state folder
// for the service (StateDirectory=picam: /var/lib/picam), else the user's
// configuration folder.
func keysDir(cfg config) (string, error) {
	if cfg.Keys != "" {
		return cfg.Keys, nil
	}
	if d, _, _ := strings.Cut(os.Getenv("STATE_DIRECTORY"), ":"); d != "" {
		return d, nil
	}
	conf, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no folder for picam's keys (%w): give one with -keys DIR", err)
	}
	return filepath.Join(conf, "picam"), nil
}

// cameraName is the name picam's certificate gives the camera, which the
// viewer asks about ("Camera 'NAME' wants to stream"): -name, else the
// host's name. It is fixed when the key pair is made.
func cameraName(cfg config) string {
	if cfg.Name != "" {
		return cfg.Name
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "picam"
}

// security loads picam's key pair (making one on first use) and the
// viewers it paired with.
func security(cfg config, logf func(string)) (capture.Security, error) {
	dir, err := keysDir(cfg)
	if err != nil {
		return capture.Security{}, err
	}
	id, err := pairing.LoadOrCreate(dir, cameraName(cfg))
	if err != nil {
		return capture.Security{}, fmt.Errorf("picam's key pair: %w (or stream unencrypted with -plain)", err)
	}
	pins, err := pairing.OpenPins(filepath.Join(dir, pinsFile))
	if err != nil {
		return capture.Security{}, err
	}
	return capture.Security{Identity: id, Pins: pins, Log: logf}, nil
}

// forget unpairs the viewer cfg.Forget.
func forget(cfg config, out *lineWriter) error {
	dir, err := keysDir(cfg)
	if err != nil {
		return err
	}
	pins, err := pairing.OpenPins(filepath.Join(dir, pinsFile))
	if err != nil {
		return err
	}
	if _, ok := pins.Lookup(cfg.Forget); !ok {
		names := []string{}
		for _, p := range pins.List() {
			names = append(names, fmt.Sprintf("%q", p.Name))
		}
		if len(names) == 0 {
			return fmt.Errorf("-forget %q: picam is paired with no viewer (%s)", cfg.Forget, pins.Path())
		}
		return fmt.Errorf("-forget %q: picam is not paired with that viewer; it is paired with %s", cfg.Forget, strings.Join(names, ", "))
	}
	if err := pins.Forget(cfg.Forget); err != nil {
		return errors.Join(fmt.Errorf("-forget %q", cfg.Forget), err)
	}
	out.printf("forgot the viewer %q: the next connection to it pairs again", cfg.Forget)
	return nil
}
