/*
 * videodev2.h shim for building go4vl v0.5.0 against older kernel headers.
 *
 * go4vl's v4l2 package names two pixel formats that Linux added after 6.1
 * (Debian 12's headers, native and in its arm64/armhf cross packages). This
 * header includes the system's own and defines just those two, with the
 * kernel's values, when they are missing. The Makefile puts this directory
 * first on the C include path (CGO_CFLAGS=-I.../capture/v4l2compat) for
 * builds with -tags go4vl; nothing else uses it.
 */
#include_next <linux/videodev2.h>

#ifndef V4L2_PIX_FMT_P012
#define V4L2_PIX_FMT_P012 v4l2_fourcc('P', '0', '1', '2')
#endif
#ifndef V4L2_PIX_FMT_AV1_FRAME
#define V4L2_PIX_FMT_AV1_FRAME v4l2_fourcc('A', 'V', '1', 'F')
#endif
