#!/usr/bin/env python3
"""Start time to the dashboard's index figure on screen, with no WebDriver: a cross-check of
scripts/measure-startup.mjs that watches the X display instead of asking the page.

    DISPLAY=:N RAPPORT_DB=demo.db python3 scripts/measure-startup-pixels.py /usr/bin/rapport-app RUNS

Each run starts the app, then reads a small rectangle of the screen every 10 ms through libX11
(ctypes, no other dependency): the place where the dashboard draws its big index figure in a
1280x800 window at the top-left of a 1280x800 screen. The figure counts as drawn when the
rectangle first looks as it does at the end of the run, 8 s after the start (at least 98% of its
pixels within a small tolerance of the final ones): the black screen before the window maps, the
empty pane before the dashboard draws and any other state in between do not. The time is (kernel uptime when it is seen) -
(kernel uptime when the process started), both from /proc in 10 ms ticks. Prints a JSON line per
run, then a summary.
"""

import ctypes
import ctypes.util
import json
import os
import statistics
import subprocess
import sys
import time

# Where the index figure ("81" on the demo network) is drawn; see docs/screenshots/installed-deb.png.
X, Y, W, H = 370, 150, 100, 70
TOLERANCE = 24  # per channel, for antialiasing


class XImage(ctypes.Structure):
    _fields_ = [
        ("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int), ("data", ctypes.POINTER(ctypes.c_ubyte)),
        ("byte_order", ctypes.c_int), ("bitmap_unit", ctypes.c_int),
        ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int), ("depth", ctypes.c_int),
        ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int),
    ]


x11 = ctypes.CDLL(ctypes.util.find_library("X11"))
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XDefaultRootWindow.restype = ctypes.c_ulong
x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x11.XGetImage.restype = ctypes.POINTER(XImage)
x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                          ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
x11.XFree.argtypes = [ctypes.c_void_p]
ZPIXMAP, ALL_PLANES = 2, 0xFFFFFFFF

display = x11.XOpenDisplay(None)
if not display:
    sys.exit("cannot open the X display (is DISPLAY set?)")
root = x11.XDefaultRootWindow(display)


def grab():
    img = x11.XGetImage(display, root, X, Y, W, H, ALL_PLANES, ZPIXMAP)
    if not img:
        return b""
    im = img.contents
    assert im.bits_per_pixel == 32, "needs a 24/32-bit screen"
    buf = ctypes.string_at(im.data, im.bytes_per_line * im.height)
    stride = im.bytes_per_line
    x11.XFree(im.data)
    x11.XFree(img)
    return b"".join(buf[row * stride: row * stride + W * 4] for row in range(H))


def like(a, b):
    """Whether at least 98% of the pixels of a are within TOLERANCE of b's."""
    if len(a) != len(b) or not a:
        return False
    same = sum(1 for i in range(0, len(a), 4)
               if abs(a[i] - b[i]) <= TOLERANCE and abs(a[i + 1] - b[i + 1]) <= TOLERANCE
               and abs(a[i + 2] - b[i + 2]) <= TOLERANCE)
    return same >= 0.98 * (len(a) // 4)


def uptime():
    with open("/proc/uptime") as f:
        return float(f.read().split()[0])


def start_of(pid):
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    return int(stat[stat.rindex(")") + 2:].split()[19]) / os.sysconf("SC_CLK_TCK")


def main():
    app, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
    results = []
    for run in range(1, runs + 1):
        proc = subprocess.Popen([app], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = start_of(proc.pid)
        frames = []  # (uptime, pixels)
        t_end = time.monotonic() + 8
        while time.monotonic() < t_end:
            frames.append((uptime(), grab()))
            if proc.poll() is not None:
                sys.exit(f"the app exited with {proc.returncode}")
            time.sleep(0.01)
        final = frames[-1][1]
        proc.terminate()
        proc.wait()
        dark = sum(1 for i in range(0, len(final), 4) if max(final[i:i + 3]) < 90)
        if dark < 300:
            sys.exit(f"run {run}: no index figure where it should be ({dark} dark pixels)")
        seen = next(t for t, px in frames if like(px, final))
        r = {"run": run, "ready_ms": round((seen - started) * 1000), "frames": len(frames),
             "figure_pixels": dark}
        results.append(r)
        print(json.dumps(r), flush=True)
        time.sleep(1.5)
    ms = sorted(r["ready_ms"] for r in results)
    print(json.dumps({"summary": True, "runs": len(ms), "min_ms": ms[0],
                      "median_ms": statistics.median(ms), "max_ms": ms[-1]}))


main()
