# Test harness for the blog post's client.py (../client.py), used by
# app/headless/clientpy_test.go with this directory on PYTHONPATH: Python
# imports sitecustomize at startup, before client.py runs (and this
# directory's picamera.py is the camera client.py imports). It changes two
# things client.py does, without touching the script:
# - client.py connects to ("192.168.0.<N>", 1308), its server on the post's
#   LAN. That connection goes to 127.0.0.1 at the port in CLIENTPY_PORT
#   instead, and is reported on stderr:
#     harness: connect 192.168.0.108:1308 -> 127.0.0.1:40000
#   Any other address is refused, so that the test never leaves loopback.
# - The camera's 2-second warm-up, time.sleep(2), takes 10 ms. Other sleeps
#   (the fake camera's frame rate) are left alone.
import os
import socket
import sys
import time

_connect = socket.socket.connect
_sleep = time.sleep


def connect(self, address):
    host, port = address[0], address[1]
    if not (isinstance(host, str) and host.startswith("192.168.0.") and port == 1308):
        raise ConnectionRefusedError("harness: refusing %r: only 192.168.0.<N>:1308 is redirected" % (address,))
    to = ("127.0.0.1", int(os.environ["CLIENTPY_PORT"]))
    sys.stderr.write("harness: connect %s:%d -> %s:%d\n" % (host, port, to[0], to[1]))
    return _connect(self, to)


def sleep(seconds):
    _sleep(0.01 if seconds == 2 else seconds)


socket.socket.connect = connect
time.sleep = sleep
