package capture

import (
	"fmt"
	"io"

	"github.com/vidstream/vidstream/wire"
)

// newWriter returns the stream writer of protocol p (ProtoUnknown, the zero
// value, is the blog post's seed protocol) over w, announcing h.
func newWriter(w io.Writer, p wire.Protocol, h wire.Hello) (*wire.Writer, error) {
	if p == wire.ProtoUnknown {
		p = wire.ProtoSeed
	}
	ww, err := wire.NewWriter(w, p, h)
	if err != nil {
		return nil, fmt.Errorf("the source's stream: %w", err)
	}
	return ww, nil
}
