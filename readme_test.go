package main

import (
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestReadmeLayoutListsEveryPackage checks that the README's Layout section
// has a line for each package of `go list ./...`, and none for a package
// that is not there.
func TestReadmeLayoutListsEveryPackage(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\nLayout, a line a package")
	if !ok {
		t.Fatal("README.md has no Layout section")
	}
	section, _, _ = strings.Cut(section, "\n\n\n")
	entry := regexp.MustCompile("(?m)^- `([^`]+)`")
	var listed []string
	for _, m := range entry.FindAllStringSubmatch(section, -1) {
		listed = append(listed, m[1])
	}
	out, err := exec.Command("go", "list", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []string
	for _, p := range strings.Fields(string(out)) {
		rel := strings.TrimPrefix(strings.TrimPrefix(p, "github.com/vidstream/vidstream"), "/")
		if rel == "" {
			rel = "."
		}
		pkgs = append(pkgs, rel)
	}
	slices.Sort(listed)
	slices.Sort(pkgs)
	if !slices.Equal(listed, pkgs) {
		t.Errorf("README Layout lists\n%v\ngo list ./... has\n%v", listed, pkgs)
	}
}
