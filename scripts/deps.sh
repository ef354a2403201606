#!/bin/sh
# deps.sh PACKAGE... installs what building Vidstream needs and is missing:
# on Debian/Ubuntu the named apt packages, on macOS nothing beyond the Xcode
# command line tools (which it checks for). It is run by `make demo` and
# `make test`; running it again does nothing.
set -eu

case "$(uname -s)" in
Darwin)
	if ! xcode-select -p >/dev/null 2>&1; then
		echo "deps: the Xcode command line tools are missing; run: xcode-select --install" >&2
		exit 1
	fi
	;;
Linux)
	if ! command -v dpkg-query >/dev/null 2>&1; then
		echo "deps: not a Debian/Ubuntu system; install the equivalents of: $*" >&2
		exit 0
	fi
	missing=""
	for p in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
			missing="$missing $p"
		fi
	done
	if [ -n "$missing" ]; then
		sudo=""
		[ "$(id -u)" -eq 0 ] || sudo=sudo
		echo "deps: installing$missing"
		$sudo apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
	fi
	;;
esac

if ! command -v go >/dev/null 2>&1; then
	echo "deps: Go is missing; install Go 1.26 or later from go.dev/dl" >&2
	exit 1
fi
