package discover

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// LookupSettle is how long Lookup, asked for any service, goes on
// listening after the first one it found, to tell whether there are
// several.
const LookupSettle = 1500 * time.Millisecond

// Lookup browses until it finds the service named name (compared without
// regard to ASCII case) and returns it. With name "" it returns the only
// service found within LookupSettle of the first one, or an
// *AmbiguousError naming them all when there are several. When ctx ends
// first, the error wraps ErrNotFound and says which services were seen.
func (c Config) Lookup(ctx context.Context, name string) (Found, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu     sync.Mutex
		result Found
		done   bool
		seen   = map[string]Found{}
		settle *time.Timer
	)
	err := c.Browse(ctx, func(f Found) {
		mu.Lock()
		defer mu.Unlock()
		if done {
			return
		}
		if f.Gone {
			delete(seen, f.Instance)
			return
		}
		seen[f.Instance] = f
		switch {
		case name != "":
			if strings.EqualFold(f.Instance, name) {
				result, done = f, true
				cancel()
			}
		case settle == nil:
			settle = time.AfterFunc(LookupSettle, func() {
				mu.Lock()
				done = true
				mu.Unlock()
				cancel()
			})
		}
	})
	mu.Lock()
	defer mu.Unlock()
	if settle != nil {
		settle.Stop()
	}
	if err != nil {
		return Found{}, fmt.Errorf("look up %q: %w", name, err)
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	switch {
	case name != "" && done:
		return result, nil
	case name == "" && len(names) == 1:
		return seen[names[0]], nil
	case name == "" && len(names) > 1:
		return Found{}, &AmbiguousError{Names: names}
	case len(names) > 0:
		return Found{}, fmt.Errorf("look up %q: %w by that name (found %s): %w", name, ErrNotFound, strings.Join(names, ", "), ctx.Err())
	}
	return Found{}, fmt.Errorf("look up %q: %w: %w", name, ErrNotFound, ctx.Err())
}
