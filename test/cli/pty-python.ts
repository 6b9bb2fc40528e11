// Python shared by the tests that drive `cryobox` through a real pseudo-terminal
// (python3's pty module): pasted into their driver scripts.

/** `pump(sec)`: read what the emulator wrote to the pty (`fd`) for `sec` seconds, appending to the global `out`. */
export const PY_PUMP = String.raw`def pump(sec):
    global out
    end = time.time() + sec
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try: d = os.read(fd, 4096)
            except OSError: return
            if not d: return
            out += d`;
