# Vidstream. `make demo` opens the viewer with the built-in camera;
# `make test` runs every test. Both install what is missing first.

GO ?= go

# Debian/Ubuntu packages: building the viewer (cgo, OpenGL, X11) ...
BUILD_DEPS := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
# ... and testing it: a real window under Xvfb, screenshots, the post's server.py.
TEST_DEPS := xvfb x11-apps imagemagick python3 python3-pil

.PHONY: all deps test-deps build demo test vet unit window bench fuzz clean

all: build

deps:
	@./scripts/deps.sh $(BUILD_DEPS)

test-deps:
	@./scripts/deps.sh $(BUILD_DEPS) $(TEST_DEPS)

build: deps
	$(GO) build -o bin/vidstream .
	$(GO) build -o bin/picam ./capture/cmd/picam

demo: deps
	$(GO) run . -demo

test: test-deps vet unit window

vet:
	$(GO) vet ./...

unit:
	$(GO) test -race -count=1 ./...

# The real window: the built viewer with -demo under Xvfb, and a screenshot.
window:
	xvfb-run -a -s "-screen 0 1280x800x24" $(GO) test -tags window -count=1 -run TestWindow -v .

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

FUZZTIME ?= 30s
fuzz:
	@for pkg in ./wire; do \
		for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

clean:
	rm -rf bin
