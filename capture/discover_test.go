package capture

import (
	"errors"
	"fmt"
	"testing"

	"github.com/vidstream/vidstream/wire/discover"
)

// With several viewers answering, picam takes the one it is paired with,
// and only when exactly one is.
func TestPairedOne(t *testing.T) {
	several := fmt.Errorf("lookup: %w", &discover.AmbiguousError{Names: []string{"Vidstream on mac", "Vidstream on desk", "Vidstream on tv"}})
	pins := map[string]bool{}
	paired := func(n string) bool { return pins[n] }
	if got := pairedOne(several, paired); got != "" {
		t.Errorf("none paired: took %q", got)
	}
	pins["Vidstream on desk"] = true
	if got := pairedOne(several, paired); got != "Vidstream on desk" {
		t.Errorf("one paired: took %q", got)
	}
	pins["Vidstream on tv"] = true
	if got := pairedOne(several, paired); got != "" {
		t.Errorf("two paired: took %q, want to ask for -to NAME", got)
	}
	if got := pairedOne(errors.New("no answer"), paired); got != "" {
		t.Errorf("no viewer: took %q", got)
	}
	if got := pairedOne(several, nil); got != "" {
		t.Errorf("unencrypted (no pins): took %q", got)
	}
}
