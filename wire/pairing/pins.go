package pairing

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// The limits of a Pins.
const (
	// MaxPinsFile is the largest pins file OpenPins reads, in bytes.
	MaxPinsFile = 1 << 20
	// MaxPins is the most peers a Pins pins.
	MaxPins = 1000
	// MaxDenied is the most refused keys a Pins remembers; past it the
	// oldest refusal is dropped.
	MaxDenied = 100
)

// Pin is one paired peer: its name, the fingerprint of its certificate and
// when it was paired.
type Pin struct {
	Name        string      `json:"name"`
	Fingerprint Fingerprint `json:"fingerprint"`
	Paired      time.Time   `json:"paired"`
}

// Denial is a key the person refused to pair with, remembered so that a
// peer that keeps reconnecting (picam retries) is not asked about again.
type Denial struct {
	Name        string      `json:"name"`
	Fingerprint Fingerprint `json:"fingerprint"`
	Denied      time.Time   `json:"denied"`
}

// Verdict is what Pins.Check says of a peer's name and key.
type Verdict int

// The verdicts, checked in this order: Known, Denied, Changed, Renamed,
// else Unknown.
const (
	// Unknown: neither the name nor the key is pinned. Ask the person,
	// showing the session code; pin with Allow if they confirm it.
	Unknown Verdict = iota
	// Known: the name is pinned with this key. Accept.
	Known
	// Denied: the person refused this key before (Deny). Refuse without
	// asking.
	Denied
	// Changed: the name is pinned with another key. Refuse, and say so: it
	// is the peer reinstalled (the person may Forget it and pair again) or
	// someone else claiming its name.
	Changed
	// Renamed: the key is pinned, under another name: the paired device
	// with a new name. As safe to accept as Known (the key is what the
	// person confirmed); Allow(name, fp) moves the pin to the new name.
	Renamed
)

// String returns the verdict's name in lower case, "known".
func (v Verdict) String() string {
	switch v {
	case Unknown:
		return "unknown"
	case Known:
		return "known"
	case Denied:
		return "denied"
	case Changed:
		return "changed"
	case Renamed:
		return "renamed"
	}
	return fmt.Sprintf("Verdict(%d)", int(v))
}

// Pins is the set of peers one side allows, name to fingerprint, kept in a
// JSON file (the viewer's in its preferences folder, picam's beside its
// configuration, /var/lib/picam say: Pins only takes a path), and the keys
// the person refused. Every change is written to the file atomically
// (temporary file, sync, rename, folder sync) before the method returns; if
// that fails, the change is undone and the error returned, so what a Pins
// says is what the file holds.
//
// A Pins is safe for concurrent use by multiple goroutines. Two Pins on one
// file (two processes, say) do not see each other's changes, and the last to
// save wins: open one per file.
type Pins struct {
	path string
	now  func() time.Time

	mu sync.Mutex
	st pinState
}

// pinState is what a Pins holds, and its file.
type pinState struct {
	pins   map[string]Pin
	denied []Denial // oldest first
}

// clone returns a copy of s to change.
func (s pinState) clone() pinState {
	return pinState{pins: maps.Clone(s.pins), denied: slices.Clone(s.denied)}
}

// OpenPins returns the pins kept in the file path, none if it does not exist
// yet (it is made by the first change). A file over MaxPinsFile bytes, with
// more than MaxPins pins or MaxDenied refusals, or that is corrupt, is an
// error naming the file and what is wrong, and is left as it is.
func OpenPins(path string) (*Pins, error) {
	p := &Pins{path: path, now: time.Now, st: pinState{pins: map[string]Pin{}}}
	data, err := readBounded(path, MaxPinsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return p, nil
	}
	if err != nil {
		return nil, fmt.Errorf("pairing: reading the pins file: %w", err)
	}
	st, err := parsePins(data)
	if err != nil {
		return nil, fmt.Errorf("pairing: pins file %s: %w; fix it, or delete it (every peer must then pair again)", path, err)
	}
	p.st = st
	return p, nil
}

// Path returns the file the pins are kept in.
func (p *Pins) Path() string { return p.path }

// Lookup returns the pin of name, and whether there is one.
func (p *Pins) Lookup(name string) (Pin, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	pin, ok := p.st.pins[name]
	return pin, ok
}

// Check says what the pins make of a peer that calls itself name and
// presents the key of fingerprint fp (see Verdict).
func (p *Pins) Check(name string, fp Fingerprint) Verdict {
	p.mu.Lock()
	defer p.mu.Unlock()
	pin, named := p.st.pins[name]
	switch {
	case named && pin.Fingerprint == fp:
		return Known
	case slices.ContainsFunc(p.st.denied, func(d Denial) bool { return d.Fingerprint == fp }):
		return Denied
	case named:
		return Changed
	}
	for _, pin := range p.st.pins {
		if pin.Fingerprint == fp {
			return Renamed
		}
	}
	return Unknown
}

// Allow pins name to fp, now: call it once the person has confirmed the
// code. It replaces name's earlier pin, moves fp's pin from another name to
// this one (a device has one name), and removes fp's refusal. name must be 1
// to MaxPinName bytes of printable UTF-8; a new name beyond MaxPins is an
// error.
func (p *Pins) Allow(name string, fp Fingerprint) error {
	if err := checkName(name, MaxPinName); err != nil {
		return fmt.Errorf("pairing: cannot pin %q: %w", name, err)
	}
	if fp.IsZero() {
		return fmt.Errorf("pairing: cannot pin %q to the zero fingerprint", name)
	}
	return p.update(func(s *pinState) (bool, error) {
		if pin, ok := s.pins[name]; ok && pin.Fingerprint == fp && !denied(s, fp) {
			return false, nil
		}
		maps.DeleteFunc(s.pins, func(_ string, pin Pin) bool { return pin.Fingerprint == fp })
		s.pins[name] = Pin{Name: name, Fingerprint: fp, Paired: p.now().UTC().Truncate(time.Second)}
		if len(s.pins) > MaxPins {
			return false, fmt.Errorf("pairing: cannot pin %q: %d peers are paired already, at most %d: forget one first", name, MaxPins, MaxPins)
		}
		s.denied = slices.DeleteFunc(s.denied, func(d Denial) bool { return d.Fingerprint == fp })
		return true, nil
	})
}

// denied reports whether s holds a refusal of fp.
func denied(s *pinState, fp Fingerprint) bool {
	return slices.ContainsFunc(s.denied, func(d Denial) bool { return d.Fingerprint == fp })
}

// Deny remembers that the person refused the key fp, presented under name,
// so that Check says Denied for it from now on (until Allow or Forget). It
// does not unpin anything. Past MaxDenied refusals the oldest is dropped.
func (p *Pins) Deny(name string, fp Fingerprint) error {
	if err := checkName(name, MaxPinName); err != nil {
		return fmt.Errorf("pairing: cannot remember refusing %q: %w", name, err)
	}
	if fp.IsZero() {
		return fmt.Errorf("pairing: cannot remember refusing %q: the zero fingerprint", name)
	}
	return p.update(func(s *pinState) (bool, error) {
		s.denied = slices.DeleteFunc(s.denied, func(d Denial) bool { return d.Fingerprint == fp })
		s.denied = append(s.denied, Denial{Name: name, Fingerprint: fp, Denied: p.now().UTC().Truncate(time.Second)})
		if n := len(s.denied) - MaxDenied; n > 0 {
			s.denied = slices.Delete(s.denied, 0, n)
		}
		return true, nil
	})
}

// Forget removes name's pin and the refusals of keys presented under name.
// Forgetting a name that is not there is no error.
func (p *Pins) Forget(name string) error {
	return p.update(func(s *pinState) (bool, error) {
		_, pinned := s.pins[name]
		delete(s.pins, name)
		n := len(s.denied)
		s.denied = slices.DeleteFunc(s.denied, func(d Denial) bool { return d.Name == name })
		return pinned || len(s.denied) != n, nil
	})
}

// List returns the pins, sorted by name.
func (p *Pins) List() []Pin {
	p.mu.Lock()
	defer p.mu.Unlock()
	return sortedPins(p.st.pins)
}

// Denials returns the remembered refusals, oldest first.
func (p *Pins) Denials() []Denial {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.st.denied)
}

// sortedPins returns the values of pins sorted by name.
func sortedPins(pins map[string]Pin) []Pin {
	return slices.SortedFunc(maps.Values(pins), func(a, b Pin) int { return strings.Compare(a.Name, b.Name) })
}

// update applies change to a copy of the state and, if it changed anything,
// saves the copy and makes it the state. Holding the lock while saving keeps
// the file in the order of the changes.
func (p *Pins) update(change func(s *pinState) (changed bool, err error)) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	next := p.st.clone()
	changed, err := change(&next)
	if err != nil || !changed {
		return err
	}
	data, err := marshalPins(next)
	if err != nil {
		return fmt.Errorf("pairing: saving the pins: %w", err)
	}
	if err := writeFile(p.path, data, 0o600, true); err != nil {
		return fmt.Errorf("pairing: saving the pins (the change is not made): %w", err)
	}
	p.st = next
	return nil
}
