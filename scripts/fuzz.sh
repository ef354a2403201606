#!/bin/sh
# fuzz.sh FUZZTIME [go test flags...] runs every fuzz target of every
# package for FUZZTIME each. A target fails the run only when it writes a new
# crasher into its package's testdata/fuzz/<target>/ (commit it with the
# fix): Go 1.26's fuzz coordinator sometimes ends a clean run with "context
# deadline exceeded" and no input (golang/go#75804); that is reported and
# the run goes on.
set -u
fuzztime=$1
shift
go=${GO:-go}
failed=0
for pkg in $($go list "$@" ./...); do
	dir=$($go list -f '{{.Dir}}' "$pkg")
	for t in $($go test "$@" -list '^Fuzz' "$pkg" | grep '^Fuzz'); do
		echo "== $pkg $t"
		before=$(ls "$dir/testdata/fuzz/$t" 2>/dev/null | wc -l)
		if ! $go test "$@" -run '^$' -fuzz "^$t\$" -fuzztime "$fuzztime" "$pkg"; then
			after=$(ls "$dir/testdata/fuzz/$t" 2>/dev/null | wc -l)
			if [ "$after" -gt "$before" ]; then
				echo "fuzz: $t found a crasher: $dir/testdata/fuzz/$t"
				failed=1
			else
				echo "fuzz: $t stopped with an error but wrote no crasher (golang/go#75804); going on"
			fi
		fi
	done
done
exit $failed
