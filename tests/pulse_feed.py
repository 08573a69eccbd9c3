# SPDX-License-Identifier: GPL-3.0-or-later
# A second person in the room, for tests/cli/pulse.sh: streams silence to
# stdout in real time (16 kHz s16le mono, 20 ms chunks) for pacat, and the
# clip in argv[1] (raw, same format) each time the file argv[2] appears
# (the file is removed when the clip starts).
# One stream from before the session starts: a client joining the sink
# mid-session makes the server rewind it, which no real room does.
import os, sys, time
clip = open(sys.argv[1], 'rb').read()
trig = sys.argv[2]
out = sys.stdout.buffer
chunk = 640  # 20 ms
t0 = time.monotonic(); n = 0; pos = None
while True:
    if pos is None and os.path.exists(trig):
        os.remove(trig)
        pos = 0
    if pos is not None:
        b = clip[pos:pos + chunk]
        pos += chunk
        if len(b) < chunk:
            b += b'\0' * (chunk - len(b)); pos = None
    else:
        b = b'\0' * chunk
    try:
        out.write(b); out.flush()
    except BrokenPipeError:
        break
    n += 1
    d = t0 + n * 0.02 - time.monotonic()
    if d > 0: time.sleep(d)
