#!/bin/sh
# go4vl-check: third_party/go4vl must be go4vl at the version go.mod requires
# (its v4l2 and device packages without tests, LICENSE, go.mod, go.sum),
# formatted with gofmt, plus third_party/go4vl/vidstream.patch, and nothing
# else. Run by `make vet`.
set -eu
cd "$(dirname "$0")/.."
here=third_party/go4vl
mod=github.com/vladimirvivien/go4vl
ver=$(go list -m -f '{{.Version}}' "$mod")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Outside this module, so that the replace directive does not apply.
src=$(cd "$tmp" && GOFLAGS=-mod=mod go mod download -json "$mod@$ver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || { echo "go4vl-check: cannot find $mod@$ver in the module cache" >&2; exit 1; }
mkdir "$tmp/want" "$tmp/want/v4l2" "$tmp/want/device"
cp "$src/LICENSE" "$src/go.mod" "$src/go.sum" "$tmp/want/"
for pkg in v4l2 device; do
	for f in "$src/$pkg"/*.go; do
		case "$f" in *_test.go) ;; *) cp "$f" "$tmp/want/$pkg/" ;; esac
	done
done
chmod -R u+w "$tmp/want"
gofmt -w "$tmp/want" # the copy is gofmt-clean, as the rest of the repository
(cd "$tmp/want" && patch -s -p1) < "$here/vidstream.patch"
cp "$here/VIDSTREAM.md" "$here/vidstream.patch" "$tmp/want/"
if ! diff -r "$tmp/want" "$here" >"$tmp/diff"; then
	echo "go4vl-check: $here is not $mod@$ver plus $here/vidstream.patch:" >&2
	cat "$tmp/diff" >&2
	exit 1
fi
echo "go4vl-check: $here is $mod@$ver, gofmt, plus vidstream.patch"
