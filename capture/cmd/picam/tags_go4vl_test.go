//go:build go4vl

package main

// buildTags are the tags the end-to-end tests build picam with: this test
// binary's own, so that go test -tags go4vl tests the real V4L2 source.
const buildTags = "go4vl"
