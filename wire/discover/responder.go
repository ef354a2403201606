package discover

import (
	"context"
	"errors"
	"fmt"
	"log"
	"maps"
	"sync"
	"time"

	"github.com/brutella/dnssd"
	dnssdlog "github.com/brutella/dnssd/log"
)

// probeTimeout bounds the probing Advertise waits for; dnssd gives up
// after a minute itself, which is to be avoided (see responder.advertise).
const probeTimeout = 30 * time.Second

// responder is the Go backend: github.com/brutella/dnssd advertises, and
// this package's own querier (querier.go, cache.go) browses.
type responder struct {
	ifaces []string
	logf   logFunc
}

func (r *responder) kind() Backend { return BackendResponder }

// routeLogs sends dnssd's informational lines, which it writes to standard
// output, to the standard logger's output instead (standard error unless
// the program says otherwise): picam may write a stream to standard output.
var routeLogs sync.Once

func (r *responder) advertise(ctx context.Context, s Service, _ []string) (*Advertisement, error) {
	routeLogs.Do(func() { dnssdlog.Info.SetOutput(log.Writer()) })
	ifaces, err := selectInterfaces(r.ifaces)
	if err != nil {
		return nil, err
	}
	svc, err := dnssd.NewService(dnssd.Config{
		Name: s.Instance, Type: ServiceType, Domain: Domain, Port: s.Port,
		Text: maps.Clone(s.TXT), Ifaces: interfaceNames(ifaces),
	})
	if err != nil {
		return nil, fmt.Errorf("make the service: %w", err)
	}

	// dnssd v1.2.14's readers only stop on context.Canceled: a context
	// that ends with DeadlineExceeded leaves them spinning on a closed
	// socket (fixed upstream after that release, brutella/dnssd#55). So
	// every context dnssd gets here is one only ever cancelled.
	pctx, pcancel := context.WithCancel(context.Background())
	defer pcancel()
	defer context.AfterFunc(ctx, pcancel)()
	defer time.AfterFunc(probeTimeout, pcancel).Stop()
	probed, err := dnssd.ProbeService(pctx, svc)
	switch {
	case ctx.Err() != nil:
		return nil, fmt.Errorf("probe for the name: %w", ctx.Err())
	case err != nil:
		return nil, fmt.Errorf("probe for the name: %w", err)
	case probed.Name == "":
		return nil, errors.New("probe for the name: no free name found")
	}

	rsp, err := dnssd.NewResponder()
	if err != nil {
		return nil, fmt.Errorf("start the responder: %w", err)
	}
	if _, err := rsp.Add(probed); err != nil {
		return nil, fmt.Errorf("add the service to the responder: %w", err)
	}
	rctx, rcancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		// Respond probes once more, announces, answers, and on
		// cancellation sends goodbyes before it returns.
		if err := rsp.Respond(rctx); err != nil && !errors.Is(err, context.Canceled) {
			r.logf("discover: the Go responder stopped advertising %q: %v", probed.Name, err)
		}
	}()
	return &Advertisement{instance: probed.Name, withdraw: func() { rcancel(); <-done }}, nil
}

func (r *responder) browse(ctx context.Context, reg *registry) error {
	return browseMDNS(ctx, reg, r.ifaces, r.logf)
}
