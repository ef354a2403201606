package pairing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// pinsVersion is the pins file's format, its "version" field.
const pinsVersion = 1

// pinsFile is the pins file:
//
//	{
//	  "version": 1,
//	  "pins": [
//	    {"name": "pi", "fingerprint": "9F86D081-…", "paired": "2026-03-01T10:00:00Z"}
//	  ],
//	  "denied": [
//	    {"name": "cam", "fingerprint": "…", "denied": "2026-03-02T09:00:00Z"}
//	  ]
//	}
type pinsFile struct {
	Version int      `json:"version"`
	Pins    []Pin    `json:"pins"`
	Denied  []Denial `json:"denied,omitempty"`
}

// marshalPins encodes s as its file, pins sorted by name.
func marshalPins(s pinState) ([]byte, error) {
	f := pinsFile{Version: pinsVersion, Pins: sortedPins(s.pins), Denied: s.denied}
	if f.Pins == nil {
		f.Pins = []Pin{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	if b.Len() > MaxPinsFile {
		return nil, fmt.Errorf("the pins would take %d bytes, over the limit of %d", b.Len(), MaxPinsFile)
	}
	return b.Bytes(), nil
}

// parsePins decodes and checks a pins file: at most MaxPinsFile bytes, one
// JSON object with no unknown fields and nothing after it, the version this
// package writes, at most MaxPins pins and MaxDenied refusals, each with a
// name checkName accepts and a fingerprint other than zero, and no name or
// key pinned twice.
func parsePins(data []byte) (pinState, error) {
	if len(data) > MaxPinsFile {
		return pinState{}, fmt.Errorf("%d bytes, over the limit of %d", len(data), MaxPinsFile)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return pinState{}, errors.New("the file is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f pinsFile
	if err := dec.Decode(&f); err != nil {
		return pinState{}, fmt.Errorf("not a pins file: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return pinState{}, errors.New("not a pins file: more follows its JSON object")
	}
	switch {
	case f.Version != pinsVersion:
		return pinState{}, fmt.Errorf("format version %d, this program reads %d (written by a newer version?)", f.Version, pinsVersion)
	case len(f.Pins) > MaxPins:
		return pinState{}, fmt.Errorf("%d pins, at most %d allowed", len(f.Pins), MaxPins)
	case len(f.Denied) > MaxDenied:
		return pinState{}, fmt.Errorf("%d refused keys, at most %d allowed", len(f.Denied), MaxDenied)
	}
	st := pinState{pins: make(map[string]Pin, len(f.Pins))}
	keys := make(map[Fingerprint]string, len(f.Pins))
	for i, pin := range f.Pins {
		if err := checkEntry(pin.Name, pin.Fingerprint, pin.Paired); err != nil {
			return pinState{}, fmt.Errorf("pin %d: %w", i+1, err)
		}
		if _, ok := st.pins[pin.Name]; ok {
			return pinState{}, fmt.Errorf("pin %d: the name %q is pinned twice", i+1, pin.Name)
		}
		if other, ok := keys[pin.Fingerprint]; ok {
			return pinState{}, fmt.Errorf("pin %d: the key of %q is also pinned as %q", i+1, pin.Name, other)
		}
		st.pins[pin.Name] = pin
		keys[pin.Fingerprint] = pin.Name
	}
	seen := make(map[Fingerprint]bool, len(f.Denied))
	for i, d := range f.Denied {
		if err := checkEntry(d.Name, d.Fingerprint, d.Denied); err != nil {
			return pinState{}, fmt.Errorf("refused key %d: %w", i+1, err)
		}
		if seen[d.Fingerprint] {
			return pinState{}, fmt.Errorf("refused key %d: the key %v is listed twice", i+1, d.Fingerprint)
		}
		seen[d.Fingerprint] = true
		st.denied = append(st.denied, d)
	}
	return st, nil
}

// checkEntry checks one entry of a pins file.
func checkEntry(name string, fp Fingerprint, when time.Time) error {
	if err := checkName(name, MaxPinName); err != nil {
		return err
	}
	if fp.IsZero() {
		return fmt.Errorf("%q has no fingerprint", name)
	}
	if when.IsZero() {
		return fmt.Errorf("%q has no time", name)
	}
	return nil
}
