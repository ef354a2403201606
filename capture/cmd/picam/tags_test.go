//go:build !go4vl

package main

// buildTags are the tags the end-to-end tests build picam with: this test
// binary's own (none here; see tags_go4vl_test.go).
const buildTags = ""
