package pairing

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fpOf returns a fingerprint made from s.
func fpOf(s string) Fingerprint { return FingerprintOf([]byte(s)) }

// openPins opens a Pins in a new folder, its clock fixed.
func openPins(t *testing.T) *Pins {
	t.Helper()
	p, err := OpenPins(filepath.Join(t.TempDir(), "pins.json"))
	if err != nil {
		t.Fatal(err)
	}
	p.now = func() time.Time { return time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC) }
	return p
}

func TestPinsRoundTrip(t *testing.T) {
	p := openPins(t)
	if _, err := os.Stat(p.Path()); !os.IsNotExist(err) {
		t.Fatalf("a new Pins made its file: %v", err)
	}
	for _, name := range []string{"pi", "garage", "Küche"} {
		if err := p.Allow(name, fpOf(name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Deny("stranger", fpOf("stranger")); err != nil {
		t.Fatal(err)
	}
	again, err := OpenPins(p.Path())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(again.List()), fmt.Sprint(p.List()); got != want || len(again.List()) != 3 {
		t.Errorf("reloaded %s, want %s", got, want)
	}
	if got, want := fmt.Sprint(again.Denials()), fmt.Sprint(p.Denials()); got != want {
		t.Errorf("reloaded denials %s, want %s", got, want)
	}
	pin, ok := again.Lookup("pi")
	if !ok || pin.Fingerprint != fpOf("pi") || !pin.Paired.Equal(p.now()) {
		t.Errorf("Lookup(pi) = %+v, %v", pin, ok)
	}
	if names := fmt.Sprint(names(again.List())); names != "[Küche garage pi]" {
		t.Errorf("List order %s, want sorted by name", names)
	}
	if fi, err := os.Stat(p.Path()); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("pins file mode %v, %v", fi.Mode().Perm(), err)
	}
	if err := p.Forget("pi"); err != nil {
		t.Fatal(err)
	}
	if err := p.Forget("never there"); err != nil {
		t.Errorf("Forget of an unknown name: %v", err)
	}
	again, _ = OpenPins(p.Path())
	if _, ok := again.Lookup("pi"); ok || len(again.List()) != 2 {
		t.Errorf("after Forget the file still pins pi: %v", again.List())
	}
	if entries, _ := os.ReadDir(filepath.Dir(p.Path())); len(entries) != 1 {
		t.Errorf("%d files beside the pins, want none (no temporary file left)", len(entries)-1)
	}
}

func names(pins []Pin) []string {
	var out []string
	for _, p := range pins {
		out = append(out, p.Name)
	}
	return out
}

func TestPinsCheck(t *testing.T) {
	p := openPins(t)
	pi, other, thief := fpOf("pi"), fpOf("other"), fpOf("thief")
	must(t, p.Allow("pi", pi))
	must(t, p.Deny("thief", thief))
	for _, tc := range []struct {
		name string
		fp   Fingerprint
		want Verdict
	}{
		{"pi", pi, Known},
		{"pi", other, Changed},
		{"new", other, Unknown},
		{"pi-renamed", pi, Renamed},
		{"thief", thief, Denied},
		{"pi", thief, Denied},
	} {
		if got := p.Check(tc.name, tc.fp); got != tc.want {
			t.Errorf("Check(%q, %s) = %v, want %v", tc.name, tc.fp.String()[:8], got, tc.want)
		}
	}
	// Allow moves a renamed key and lifts a refusal.
	must(t, p.Allow("pi-renamed", pi))
	if _, ok := p.Lookup("pi"); ok || p.Check("pi-renamed", pi) != Known {
		t.Errorf("after Allow under the new name: %v", p.List())
	}
	must(t, p.Allow("thief", thief))
	if p.Check("thief", thief) != Known || len(p.Denials()) != 0 {
		t.Errorf("Allow did not lift the refusal: %v", p.Denials())
	}
	// Forget removes the refusals made under a name.
	must(t, p.Deny("x", other))
	must(t, p.Forget("x"))
	if p.Check("x", other) != Unknown {
		t.Errorf("after Forget: %v", p.Check("x", other))
	}
	if Verdict(99).String() != "Verdict(99)" || Changed.String() != "changed" {
		t.Error("Verdict.String")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestPinsRefuseBadEntries(t *testing.T) {
	p := openPins(t)
	for _, name := range []string{"", "a\nb", strings.Repeat("x", MaxPinName+1)} {
		if err := p.Allow(name, fpOf("x")); err == nil {
			t.Errorf("Allow(%q) accepted", name)
		}
	}
	if err := p.Allow("pi", Fingerprint{}); err == nil {
		t.Error("Allow of the zero fingerprint accepted")
	}
	if err := p.Deny("pi", Fingerprint{}); err == nil {
		t.Error("Deny of the zero fingerprint accepted")
	}
	if _, err := os.Stat(p.Path()); !os.IsNotExist(err) {
		t.Error("refused changes wrote the file")
	}
}

func TestPinsLimits(t *testing.T) {
	p := openPins(t)
	for i := range MaxPins {
		p.st.pins[fmt.Sprint("cam", i)] = Pin{Name: fmt.Sprint("cam", i), Fingerprint: fpOf(fmt.Sprint(i)), Paired: p.now()}
	}
	if err := p.Allow("one too many", fpOf("new")); err == nil || !strings.Contains(err.Error(), "forget one first") {
		t.Errorf("Allow past MaxPins: %v", err)
	}
	if len(p.List()) != MaxPins {
		t.Errorf("%d pins after a refused Allow", len(p.List()))
	}
	must(t, p.Allow("cam0", fpOf("replaced"))) // replacing one is no new name
	again, err := OpenPins(p.Path())
	if err != nil || len(again.List()) != MaxPins {
		t.Fatalf("a full file reopens with %d pins, %v", len(again.List()), err)
	}
	p = openPins(t) // small, so that each Deny writes little
	for i := range MaxDenied + 5 {
		must(t, p.Deny("d", fpOf(fmt.Sprint("denied", i))))
	}
	d := p.Denials()
	if len(d) != MaxDenied || d[0].Fingerprint != fpOf("denied5") {
		t.Errorf("%d denials, oldest %v; want %d, the oldest dropped", len(d), d[0].Fingerprint, MaxDenied)
	}
}

func TestPinsSaveFailureChangesNothing(t *testing.T) {
	p, err := OpenPins(filepath.Join(t.TempDir(), "missing folder", "pins.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Allow("pi", fpOf("pi")); err == nil || !strings.Contains(err.Error(), "not made") {
		t.Errorf("Allow into a missing folder: %v", err)
	}
	if _, ok := p.Lookup("pi"); ok || p.Check("pi", fpOf("pi")) != Unknown {
		t.Error("a change that was not saved is in effect")
	}
}

func TestOpenPinsRefusesBadFiles(t *testing.T) {
	fp := fpOf("x").String()
	entry := func(name string) string {
		return fmt.Sprintf(`{"name":%q,"fingerprint":%q,"paired":"2026-01-01T00:00:00Z"}`, name, fp)
	}
	many := make([]string, MaxPins+1)
	for i := range many {
		many[i] = fmt.Sprintf(`{"name":"c%d","fingerprint":"%s","paired":"2026-01-01T00:00:00Z"}`, i, fpOf(fmt.Sprint(i)))
	}
	for _, tc := range []struct{ name, content, want string }{
		{"oversize", `{"version":1,"pins":[]}` + strings.Repeat(" ", MaxPinsFile), "over the limit"},
		{"empty", "", "empty"},
		{"not JSON", "pi=ABCD", "not a pins file"},
		{"trailing", `{"version":1,"pins":[]} {}`, "more follows"},
		{"unknown field", `{"version":1,"pins":[],"extra":1}`, "unknown field"},
		{"newer version", `{"version":2,"pins":[]}`, "version 2"},
		{"bad fingerprint", `{"version":1,"pins":[{"name":"pi","fingerprint":"12","paired":"2026-01-01T00:00:00Z"}]}`, "hex digits"},
		{"duplicate name", `{"version":1,"pins":[` + entry("pi") + "," + entry("pi") + `]}`, "pinned twice"},
		{"duplicate key", `{"version":1,"pins":[` + entry("pi") + "," + entry("cam") + `]}`, "also pinned"},
		{"bad name", `{"version":1,"pins":[` + strings.Replace(entry("NAME"), `"NAME"`, `"a\u0007"`, 1) + `]}`, "control character"},
		{"no time", `{"version":1,"pins":[{"name":"pi","fingerprint":"` + fp + `"}]}`, "no time"},
		{"too many", `{"version":1,"pins":[` + strings.Join(many, ",") + `]}`, "1001 pins"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "pins.json")
			must(t, os.WriteFile(path, []byte(tc.content), 0o600))
			_, err := OpenPins(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("OpenPins: %v, want an error saying %q", err, tc.want)
			}
			if tc.name != "oversize" && (!strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "delete it")) {
				t.Errorf("error %q does not name the file and what to do", err)
			}
			if data, _ := os.ReadFile(path); !bytes.Equal(data, []byte(tc.content)) {
				t.Error("the refused file was changed")
			}
		})
	}
	if _, err := OpenPins(t.TempDir()); err == nil {
		t.Error("a folder opened as a pins file")
	}
}

func TestPinsConcurrentUse(t *testing.T) {
	p := openPins(t)
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			for i := range 15 {
				name := fmt.Sprintf("cam%d-%d", g, i%4)
				fp := fpOf(fmt.Sprint(g, i))
				if err := p.Allow(name, fp); err != nil {
					t.Error(err)
					return
				}
				p.Check(name, fp)
				p.Lookup(name)
				p.List()
				p.Denials()
				if i%3 == 0 {
					p.Deny(name+"x", fpOf(fmt.Sprint("d", g, i)))
					p.Forget(name)
				}
			}
		})
	}
	wg.Wait()
	again, err := OpenPins(p.Path())
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(again.List()) != fmt.Sprint(p.List()) || fmt.Sprint(again.Denials()) != fmt.Sprint(p.Denials()) {
		t.Error("after concurrent changes the file differs from the Pins")
	}
}

func FuzzParsePins(f *testing.F) {
	f.Add([]byte(`{"version":1,"pins":[{"name":"pi","fingerprint":"` + fpOf("x").String() + `","paired":"2026-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`{"version":1,"pins":[],"denied":[{"name":"d","fingerprint":"` + fpOf("y").String() + `","denied":"2026-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`{"version":1,"pins":[{}]}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := parsePins(data)
		if err != nil {
			return
		}
		if len(st.pins) > MaxPins || len(st.denied) > MaxDenied {
			t.Fatalf("%d pins, %d denials accepted", len(st.pins), len(st.denied))
		}
		out, err := marshalPins(st)
		if err != nil {
			t.Fatal(err)
		}
		back, err := parsePins(out)
		if err != nil || len(back.pins) != len(st.pins) || len(back.denied) != len(st.denied) {
			t.Fatalf("a parsed file does not survive saving: %v", err)
		}
	})
}
