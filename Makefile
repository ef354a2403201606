# Vidstream. `make demo` opens the viewer with the built-in camera;
# `make test` runs every test. Both install what is missing first.

GO ?= go
# libjpeg-turbo decodes JPEG when it is installed (make deps installs it on
# Debian/Ubuntu; Homebrew's jpeg-turbo on a Mac); else Go's image/jpeg.
# Evaluated when a recipe runs, after deps.
# H.264 decodes with FFmpeg's libavcodec when pkg-config finds it (Debian's
# libavcodec-dev, Homebrew's ffmpeg); a build without it says what to install
# when an H.264 stream arrives.
TAGLIST = $(strip $(shell pkg-config --exists libturbojpeg 2>/dev/null && echo turbojpeg) \
	$(shell pkg-config --exists libavcodec libswscale libavutil 2>/dev/null && echo avcodec))
GOTAGS = $(if $(TAGLIST),-tags $(subst $(eval) ,$(comma),$(TAGLIST)))
comma := ,

# Debian/Ubuntu packages: building the viewer (cgo, OpenGL, X11) ...
BUILD_DEPS := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libturbojpeg0-dev \
	libavcodec-dev libavutil-dev libswscale-dev
# ... and testing it: a real window under Xvfb, screenshots, the post's server.py.
TEST_DEPS := xvfb xauth x11-apps imagemagick python3 python3-pil patch ffmpeg iproute2 dbus-daemon ustreamer
# ... and the Pi binaries: Debian's cross compilers (cgo, for go4vl's V4L2
# headers; armel for the ARMv6 build, see pi:) and qemu-user to run them here.
PI_DEPS := gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-arm-linux-gnueabi \
	libc6-dev-arm64-cross libc6-dev-armhf-cross libc6-dev-armel-cross qemu-user-static

# picam's V4L2 camera source (capture/v4l2, which the viewer does not import)
# is go4vl's and needs cgo; third_party/go4vl/VIDSTREAM.md says why it is a
# patched copy. picam for the Pi: static (it runs on any Raspberry Pi OS
# release), with the pure-Go resolver so glibc's NSS is not needed at run time.
PI_BUILD = CGO_ENABLED=1 GOOS=linux $(GO) build -trimpath -tags netgo,osusergo \
	-ldflags '-s -w -extldflags=-static'

.PHONY: all deps test-deps pi-deps build demo test vet unit window pi test-pi bench bench-go soak fuzz mac-app link-test clean

all: build

deps:
	@./scripts/deps.sh $(BUILD_DEPS)

test-deps:
	@./scripts/deps.sh $(BUILD_DEPS) $(TEST_DEPS) $(PI_DEPS)

pi-deps:
	@./scripts/deps.sh $(PI_DEPS)

build: deps
	$(GO) build $(GOTAGS) -o bin/vidstream .
	$(GO) build -o bin/picam ./capture/cmd/picam

demo: deps
	$(GO) run $(GOTAGS) . -demo

# On Linux also the real window under Xvfb and the Pi binaries under qemu.
ifeq ($(shell uname -s),Linux)
test: test-deps vet unit window test-pi
else
test: test-deps vet unit
endif

# ./... has the V4L2 camera device (cgo); CGO_ENABLED=0 its stub.
vet:
	$(GO) vet ./...
	$(GO) vet $(GOTAGS) ./wire/...
	CGO_ENABLED=0 $(GO) vet ./capture/...
	./scripts/go4vl-check.sh

# Every package with the race detector; the JPEG decoder in both builds, and
# the Pi side without cgo too (the V4L2 stub; the race detector needs cgo).
unit:
	$(GO) test $(GOTAGS) -race -count=1 ./...
	$(GO) test -race -count=1 ./wire/...
	CGO_ENABLED=0 $(GO) test -count=1 ./capture/...
	cd third_party/go4vl && $(GO) test -race -count=1 ./v4l2

# The real window: the built viewer with -demo under Xvfb, and a screenshot;
# and a GLFW window as the viewer asks for it (app: no depth buffer).
window:
	xvfb-run -a -s "-screen 0 1280x800x24" $(GO) test -tags "$(subst $(eval) ,$(comma),window $(TAGLIST))" -count=1 -run TestWindow -v . ./app

# picam for every Raspberry Pi: arm64 (Pi 3/4/5/Zero 2 W on a 64-bit OS),
# armv7 (Pi 2/3/4 on a 32-bit OS), armv6 (Pi Zero and Pi 1). The ARMv6 one
# links Debian's armel C library (built for ARMv5TE): the armhf one is built
# for ARMv7 and its start-up code alone faults on a Pi Zero's ARM1176. The
# binary is static, so its float ABI does not have to match the Pi's armhf.
ARMV6 := GOARCH=arm GOARM=6 CC=arm-linux-gnueabi-gcc CGO_CFLAGS="-O2 -marm -march=armv6 -mfpu=vfp -mfloat-abi=softfp"
pi: pi-deps
	GOARCH=arm64 CC=aarch64-linux-gnu-gcc $(PI_BUILD) -o bin/picam-linux-arm64 ./capture/cmd/picam
	GOARCH=arm GOARM=7 CC=arm-linux-gnueabihf-gcc $(PI_BUILD) -o bin/picam-linux-armv7 ./capture/cmd/picam
	$(ARMV6) $(PI_BUILD) -o bin/picam-linux-armv6 ./capture/cmd/picam

# The Pi binaries under qemu-user (as the oldest CPU each is for), streaming
# into headless mode and opening a V4L2 device; then the Pi side's packages
# (and the receive path) built as the ARMv6 picam is and tested under
# qemu-user on an ARM1176: 32-bit ints, go4vl's C structs on 32-bit ARM.
PI32_PKGS := ./wire/... ./capture ./capture/v4l2 ./capture/testpattern ./app/receive ./app/stats ./app/save ./app/headless
test-pi: pi
	PICAM_BIN_DIR=$(CURDIR)/bin $(GO) test -tags cross -count=1 -run TestCrossBuilt -v ./app/headless
	CGO_ENABLED=1 $(ARMV6) $(GO) test -count=1 -tags netgo,osusergo -ldflags '-extldflags=-static' \
		-exec 'qemu-arm-static -cpu arm1176' $(PI32_PKGS)
	cd third_party/go4vl && CGO_ENABLED=1 $(ARMV6) $(GO) test -count=1 -ldflags '-extldflags=-static' \
		-exec 'qemu-arm-static -cpu arm1176' ./v4l2

# The benchmark against ffmpeg: records test streams, replays them through
# bin/vidstream, streams them live over loopback, decodes the JPEG and H.264
# ones with ffmpeg in the same run, prints the table and writes
# BENCHMARKS.md. About 3 minutes on 2 cores.
# On Linux it then measures camera to screen and CPU per frame, vidstream
# against ffplay under Xvfb, three runs of each in turn at four sizes
# (screenbench; about 8 minutes).
# As root on Linux it then adds the link tables: MJPEG against H.264 at 720p
# and 1080p through 20 and 5 Mbit/s (LINK_DURATION each, 60 s: about 9
# minutes more).
LINK_STREAMS := mjpeg:1280x720,h264:1280x720,mjpeg:1920x1080,h264:1920x1080
LINK_DURATION ?= 60s
bench:
	@./scripts/deps.sh $(BUILD_DEPS) ffmpeg xvfb xauth
	$(GO) build $(GOTAGS) -o bin/vidstream .
	$(GO) build -o bin/picam ./capture/cmd/picam
	$(GO) run ./app/cmd/vidbench -vidstream bin/vidstream -out BENCHMARKS.md
	@if [ "$$(uname -s)" = Linux ]; then \
		xvfb-run -a -s "-screen 0 1280x800x24" $(GO) run ./app/cmd/screenbench -vidstream bin/vidstream -picam bin/picam -append BENCHMARKS.md; \
	else echo "bench: camera to screen needs Xvfb (Linux); skipped"; fi
	@if [ "$$(uname -s)" = Linux ] && [ "$$(id -u)" = 0 ]; then \
		for rate in 20mbit 5mbit; do \
			$(GO) run ./app/cmd/linktest -rate $$rate -duration $(LINK_DURATION) -streams $(LINK_STREAMS) \
				-picam bin/picam -vidstream bin/vidstream -append BENCHMARKS.md || exit 1; \
		done; \
	else echo "bench: the link tables need Linux and root (sudo make bench); skipped"; fi

# Vidstream over a slow link (Linux, as root): a network namespace whose
# loopback tbf shapes to RATE at MTU, picam's test streams into headless mode
# across it for DURATION each, and a Markdown table of fps and latency
# against the link and issue 10's targets. E.g. make link-test RATE=5mbit.
RATE ?= 20mbit
MTU ?= 1500
DURATION ?= 60s
link-test:
	$(GO) build $(GOTAGS) -o bin/vidstream .
	$(GO) build -o bin/picam ./capture/cmd/picam
	$(GO) run ./app/cmd/linktest -rate $(RATE) -mtu $(MTU) -duration $(DURATION) -picam bin/picam -vidstream bin/vidstream $(if $(STREAMS),-streams $(STREAMS))

# Every Go micro-benchmark (decoders, framing, pattern, receiver).
bench-go:
	$(GO) test $(GOTAGS) -run '^$$' -bench . -benchmem ./...

# The full soak: 100,000 frames and 100 connect/disconnect cycles (CI runs a
# smaller one in `make unit`).
soak:
	$(GO) test -count=1 -run Soak -v ./app/receive -soak

# Every fuzz target of every package, FUZZTIME each (not in CI, which runs
# the committed seed corpora in `make unit`). Crashers land in testdata/fuzz.
FUZZTIME ?= 10m
fuzz:
	GO=$(GO) ./scripts/fuzz.sh $(FUZZTIME) $(GOTAGS)

# The Mac app, on a Mac: Vidstream.app with libjpeg-turbo linked statically
# from Homebrew's jpeg-turbo, so that it runs on Macs without Homebrew (a
# pkg-config file naming the archive: ld64 would take the .dylib otherwise),
# and with FFmpeg's H.264 decoder and libswscale linked statically too: built
# from the source of Homebrew's ffmpeg formula with nothing else in it (no
# external libraries, LGPL parts only; Homebrew ships no static archives,
# and its dylibs pull in some thirty more). Not run here: it needs a Mac.
FFMPEG_MAC := bin/ffmpeg-mac
FFMPEG_MAC_CONFIG := --disable-everything --enable-decoder=h264 --enable-parser=h264 \
	--disable-programs --disable-doc --disable-avformat --disable-avdevice --disable-avfilter \
	--disable-swresample --disable-network --disable-autodetect --enable-static --disable-shared --enable-pic
mac-app:
	@test "$$(uname -s)" = Darwin || { echo "make mac-app builds the macOS .app on a Mac"; exit 1; }
	brew list jpeg-turbo >/dev/null 2>&1 || brew install jpeg-turbo
	mkdir -p bin/pkgconfig
	p=$$(brew --prefix jpeg-turbo); printf 'Name: libturbojpeg\nDescription: TurboJPEG, static\nVersion: 3\nCflags: -I%s/include\nLibs: %s/lib/libturbojpeg.a\n' "$$p" "$$p" > bin/pkgconfig/libturbojpeg.pc
	@if [ ! -f $(FFMPEG_MAC)/lib/libavcodec.a ]; then \
		set -e; \
		if [ "$$(uname -m)" = x86_64 ]; then brew list nasm >/dev/null 2>&1 || brew install nasm; fi; \
		brew fetch --build-from-source ffmpeg; \
		rm -rf bin/ffmpeg-src && mkdir -p bin/ffmpeg-src; \
		tar -xf "$$(brew --cache --build-from-source ffmpeg)" -C bin/ffmpeg-src --strip-components 1; \
		cd bin/ffmpeg-src && ./configure --prefix=$(CURDIR)/$(FFMPEG_MAC) $(FFMPEG_MAC_CONFIG) && \
			$(MAKE) -j"$$(sysctl -n hw.ncpu)" && $(MAKE) install; \
	fi
	$(GO) install fyne.io/tools/cmd/fyne@v1.7.4
	PKG_CONFIG_PATH=$(CURDIR)/bin/pkgconfig:$(CURDIR)/$(FFMPEG_MAC)/lib/pkgconfig "$$($(GO) env GOPATH)/bin/fyne" package -os darwin -tags turbojpeg,avcodec
	! otool -L Vidstream.app/Contents/MacOS/* | grep -i -e turbojpeg -e avcodec -e swscale -e avutil

clean:
	rm -rf bin
