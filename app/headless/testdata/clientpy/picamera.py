# A fake picamera, for running the blog post's client.py (../client.py) off a
# Raspberry Pi: app/headless/clientpy_test.go puts this directory on
# PYTHONPATH, so that client.py's "import picamera" finds this module.
#
# PiCamera has what client.py uses, with picamera 1.13's signatures:
# raw_format, resolution, framerate, start_preview, stop_preview,
# capture_sequence(outputs, format, use_video_port=...) and
# capture_continuous(output, format, use_video_port=...), and it is a context
# manager. Like the real camera it writes one image into each output, at the
# camera's frame rate (framerate: 30 fps by default, as picamera's, or
# FAKE_PICAMERA_FPS). Unlike it, it stops after FAKE_PICAMERA_FRAMES images:
# capture_sequence returns, and capture_continuous ends its iteration.
# capture_sequence asks the generator of outputs for its next output after
# each image, as picamera's encoder does, so the generator sees every image;
# it just writes nothing into the output it gets after the last one.
#
# The images are made from a fixed rule, so that a test can check pixels.
# Frame k (from 0) at W x H has, at pixel (x, y):
#   R = (x + 8k) % 256, G = (2y) % 256, B = (x + y) % 256 (rgb and jpeg)
#   Y = (x + 2y + 8k) % 256, U = (2cx) % 256, V = (255 - 2cy) % 256
#       (yuv, at chroma pixel (cx, cy) = (x/2, y/2))
# except in a white bar, 16 pixels wide from x = (24k) % (W - 16), where
# R = G = B = Y = 255 (the chroma planes have no bar).
# Formats: 'jpeg' (the RGB image, encoded by PIL at quality 85), 'yuv'
# (picamera's I420: the width padded to a multiple of 32 and the height to
# 16; the Y plane, then U, then V, each chroma plane (stride/2) * (rows/2)
# bytes), 'rgb' (RGB24, padded to 32 x 16 as well). Padding bytes are 0.
#
# Environment:
#   FAKE_PICAMERA_FRAMES  images to make (required)
#   FAKE_PICAMERA_FPS     the default frame rate instead of 30 (optional)
#   FAKE_PICAMERA_OUT     a directory: at exit, the last image is written to
#                         last.<format> in it (optional)
# At exit it prints what it made on stderr, for the test:
#   picamera: format=jpeg size=320x240 frames=8 bytes=59567 sizes=7158,7749,...
import atexit
import io
import os
import sys
import time
import warnings

from PIL import Image

__version__ = "1.13 (fake)"

RAW_FORMATS = {"yuv", "rgb", "rgba", "bgr", "bgra"}

_made = {"format": None, "size": None, "sizes": [], "last": None}


class PiCameraError(Exception):
    pass


class PiCameraValueError(PiCameraError, ValueError):
    pass


class PiCameraDeprecated(DeprecationWarning):
    pass


def _round_up(n, m):
    return (n + m - 1) // m * m


# _shift[o] maps every byte value b to (b + o) % 256, for bytes.translate.
_shift = [bytes((b + o) % 256 for b in range(256)) for o in range(256)]


def _plane(w, h, row0, dy, c, bar=None):
    """A w x h plane whose row y is row0 with (dy*y + c) % 256 added to each
    byte, and 255 in columns bar[0] to bar[1]-1 when bar is given."""
    rows = []
    for y in range(h):
        row = row0.translate(_shift[(dy * y + c) % 256])
        if bar:
            row = row[:bar[0]] + b"\xff" * (bar[1] - bar[0]) + row[bar[1]:]
        rows.append(row)
    return rows


def _pad(rows, stride, nrows):
    """Joins rows, each padded with zeros to stride bytes, and adds zero rows
    up to nrows."""
    out = b"".join(r + bytes(stride - len(r)) for r in rows)
    return out + bytes(stride * (nrows - len(rows)))


def _image(fmt, w, h, k):
    """Frame k in format fmt at w x h, as the camera would write it."""
    xs = (bytes(range(256)) * (w // 256 + 1))[:w]
    x0 = (24 * k) % (w - 16) if w > 16 else 0
    bar = (x0, min(x0 + 16, w))
    if fmt == "yuv":
        stride, nrows = _round_up(w, 32), _round_up(h, 16)
        cw, ch = (w + 1) // 2, (h + 1) // 2
        y = _plane(w, h, xs, 2, 8 * k, bar)
        u = _plane(cw, ch, bytes((2 * cx) % 256 for cx in range(cw)), 0, 0)
        v = _plane(cw, ch, bytes(cw), -2, 255)
        return (_pad(y, stride, nrows) + _pad(u, stride // 2, nrows // 2)
                + _pad(v, stride // 2, nrows // 2))
    red = _plane(w, h, xs, 0, 8 * k, bar)
    green = _plane(w, h, bytes(w), 2, 0, bar)
    blue = _plane(w, h, xs, 1, 0, bar)
    planes = [Image.frombytes("L", (w, h), b"".join(p)) for p in (red, green, blue)]
    im = Image.merge("RGB", planes)
    if fmt == "jpeg":
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=85)
        return buf.getvalue()
    if fmt == "rgb":
        raw = im.tobytes()
        rows = [raw[3 * w * y:3 * w * (y + 1)] for y in range(h)]
        return _pad(rows, 3 * _round_up(w, 32), _round_up(h, 16))
    raise PiCameraValueError("fake picamera: format %r is not faked (jpeg, yuv, rgb)" % fmt)


def _write(output, data):
    # picamera writes into a file-like output at its current position, and
    # flushes it at the end of each image.
    output.write(data)
    try:
        output.flush()
    except AttributeError:
        pass


class PiCamera(object):
    def __init__(self, camera_num=0, stereo_mode="none", stereo_decimate=False,
                 resolution=None, framerate=None, sensor_mode=0, led_pin=None,
                 clock_mode="reset", framerate_range=None):
        self.resolution = resolution or (1280, 720)
        self.framerate = framerate or float(os.environ.get("FAKE_PICAMERA_FPS", 30))
        self._raw_format = "yuv"
        self._left = int(os.environ["FAKE_PICAMERA_FRAMES"])
        self._next = None
        self.closed = False
        self.previewing = False

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, exc_tb):
        self.close()

    def close(self):
        self.closed = True

    @property
    def raw_format(self):
        warnings.warn(PiCameraDeprecated(
            "PiCamera.raw_format is deprecated; use required format "
            "directly with capture methods instead"))
        return self._raw_format

    @raw_format.setter
    def raw_format(self, value):
        warnings.warn(PiCameraDeprecated(
            "PiCamera.raw_format is deprecated; use required format "
            "directly with capture methods instead"))
        if value not in RAW_FORMATS:
            raise PiCameraValueError("Invalid raw format: %s" % value)
        self._raw_format = value

    @property
    def resolution(self):
        return self._resolution

    @resolution.setter
    def resolution(self, value):
        w, h = (int(v) for v in value)
        if w < 1 or h < 1:
            raise PiCameraValueError("Invalid resolution %dx%d" % (w, h))
        self._resolution = (w, h)

    def start_preview(self, **options):
        self.previewing = True

    def stop_preview(self):
        self.previewing = False

    def _format(self, format):
        if isinstance(format, bytes):
            format = format.decode("utf-8")
        if format.startswith("image/"):
            format = format[6:]
        if format == "raw":
            format = self._raw_format
        return format

    def _capture(self, output, format):
        """Writes the next image into output at the camera's frame rate, or
        returns False when the fake's frames are used up. The end, too, comes
        when the next frame would have: client.py sends an image only when it
        gets the next output, and it is in the socket only after the next
        flush, so a camera stopping at once would send the last two together."""
        if self.closed:
            raise PiCameraError("Camera is closed")
        now = time.monotonic()
        if self._next is None:
            self._next = now
        elif now < self._next:
            time.sleep(self._next - now)
        self._next += 1.0 / self.framerate
        if self._left <= 0:
            return False
        w, h = self._resolution
        data = _image(format, w, h, len(_made["sizes"]))
        _write(output, data)
        self._left -= 1
        _made["format"], _made["size"] = format, "%dx%d" % (w, h)
        _made["sizes"].append(len(data))
        _made["last"] = data
        return True

    def capture_sequence(self, outputs, format="jpeg", use_video_port=False,
                         resize=None, splitter_port=0, burst=False,
                         bayer=False, **options):
        format = self._format(format)
        for output in outputs:
            if not self._capture(output, format):
                return

    def capture_continuous(self, output, format=None, use_video_port=False,
                           resize=None, splitter_port=0, burst=False,
                           bayer=False, **options):
        format = self._format(format or "jpeg")
        while self._capture(output, format):
            yield output


@atexit.register
def _report():
    sizes = _made["sizes"]
    out = os.environ.get("FAKE_PICAMERA_OUT")
    if out and _made["last"] is not None:
        with open(os.path.join(out, "last." + _made["format"]), "wb") as f:
            f.write(_made["last"])
    sys.stderr.write("picamera: format=%s size=%s frames=%d bytes=%d sizes=%s\n" % (
        _made["format"], _made["size"], len(sizes), sum(sizes),
        ",".join(str(n) for n in sizes)))
