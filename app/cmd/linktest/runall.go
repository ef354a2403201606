package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/vidstream/vidstream/app/headless"
)

// runAll runs each stream in a namespace of its own (deleted after it) and
// returns a row per stream run, failed ones too; the error joins what failed.
func runAll(ctx context.Context, cfg Config, streams []Stream) ([]Row, error) {
	for _, bin := range []string{cfg.Picam, cfg.Vidstream} {
		if _, err := exec.LookPath(bin); err != nil {
			return nil, fmt.Errorf("binary %s: %w (make link-test builds bin/picam and bin/vidstream)", bin, err)
		}
	}
	abs := func(p string) string { // ip netns exec runs from the same folder, but say it plainly
		if a, err := filepath.Abs(p); err == nil && filepath.Base(p) != p {
			return a
		}
		return p
	}
	cfg.Picam, cfg.Vidstream = abs(cfg.Picam), abs(cfg.Vidstream)
	dir, err := os.MkdirTemp("", "linktest-")
	if err != nil {
		return nil, fmt.Errorf("make a folder for the statistics: %w", err)
	}
	defer os.RemoveAll(dir)
	var rows []Row
	var errs []error
	for i, s := range streams {
		if ctx.Err() != nil {
			errs = append(errs, fmt.Errorf("stopped before %s: %w", s, context.Cause(ctx)))
			break
		}
		row := Row{Stream: s, Rate: cfg.Link.Rate, MTU: cfg.Link.MTU, FPS: cfg.FPS}
		row.Stats, row.Err = runIn(ctx, namespaceName(i), cfg, s, dir)
		if row.Err != nil {
			errs = append(errs, row.Err)
		}
		rows = append(rows, row)
	}
	return rows, errors.Join(errs...)
}

// runIn runs one stream in the namespace name, made for it and deleted
// after it whatever happened.
func runIn(ctx context.Context, name string, cfg Config, s Stream, dir string) (st headless.Stats, err error) {
	ns, err := NewNamespace(ctx, name, cfg.Link)
	if err != nil {
		return st, err
	}
	defer func() { err = errors.Join(err, ns.Close()) }()
	return runStream(ctx, ns, cfg, s, dir)
}
