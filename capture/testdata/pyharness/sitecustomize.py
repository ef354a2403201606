# Test harness for the blog post's server.py (../server.py), used by
# capture/cmd/picam/serverpy_test.go with this directory on PYTHONPATH:
# Python imports sitecustomize at startup, before server.py runs. It wraps
# PIL.Image.open and PIL.Image.frombytes, which server.py calls once for each
# frame it reads (open for a JPEG; frombytes for a raw frame, after open has
# failed), counts the images they return (a call that raises is not counted)
# and prints the counts and image sizes to stderr at exit:
#   harness: open=30 frombytes=0 sizes=320x240
import atexit
import sys

from PIL import Image

_counts = {"open": 0, "frombytes": 0}
_sizes = set()


def _counting(name, fn):
    def wrapper(*args, **kwargs):
        im = fn(*args, **kwargs)
        _counts[name] += 1
        _sizes.add("%dx%d" % im.size)
        return im
    return wrapper


Image.open = _counting("open", Image.open)
Image.frombytes = _counting("frombytes", Image.frombytes)


@atexit.register
def _report():
    sys.stderr.write("harness: open=%d frombytes=%d sizes=%s\n"
                     % (_counts["open"], _counts["frombytes"], ",".join(sorted(_sizes))))
