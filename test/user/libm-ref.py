# libm-ref.py — the exact answers for test/user/libm.test.ts, computed with mpmath at 400 bits.
# Each stdin line "FN A [B]" (hex bits of doubles) gives "RD RU": the doubles just below and just
# above the exact value (the same double when it is exact) and the nearest of them (the correctly
# rounded result), as hex bits; "nan" for a NaN result.
import math
import struct
import sys

from mpmath import mp, mpf

mp.prec = 400
TWO1024 = mpf(2) ** 1024


def dbl(h):
    return struct.unpack("<d", struct.pack("<Q", int(h, 16)))[0]


def bits(d):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", d))[0]


FNS = {
    "cbrt": lambda x: mp.cbrt(x) if x >= 0 else -mp.cbrt(-x),
    "exp": mp.exp, "exp2": lambda x: mpf(2) ** x, "expm1": mp.expm1,
    "log": mp.log, "log2": lambda x: mp.log(x, 2), "log10": mp.log10, "log1p": mp.log1p,
    "sin": mp.sin, "cos": mp.cos, "tan": mp.tan, "asin": mp.asin, "acos": mp.acos, "atan": mp.atan,
    "sinh": mp.sinh, "cosh": mp.cosh, "tanh": mp.tanh, "asinh": mp.asinh, "acosh": mp.acosh, "atanh": mp.atanh,
    "erf": mp.erf, "erfc": mp.erfc,
    "lgamma": lambda x: mp.log(abs(mp.gamma(x))), "tgamma": mp.gamma,
    "fma": lambda x, y, z: x * y + z,  # exact at 3000 bits
    "pow": lambda x, y: mpf(x) ** y, "atan2": mp.atan2, "hypot": lambda x, y: mp.sqrt(x * x + y * y),
}


def bracket(v):
    big = sys.float_info.max
    if abs(v) >= TWO1024:
        return (bits(big), bits(math.inf), bits(float(v))) if v > 0 else (bits(-math.inf), bits(-big), bits(float(v)))
    f = float(v)  # mpmath rounds to nearest
    if mpf(f) == v:
        return bits(f), bits(f), bits(f)
    if mpf(f) > v:
        return bits(math.nextafter(f, -math.inf)), bits(f), bits(f)
    return bits(f), bits(math.nextafter(f, math.inf)), bits(f)


for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    args = [mpf(dbl(h)) for h in parts[1:]]
    # huge arguments need more bits for the reduction of sin/cos/tan
    mp.prec = 1400 if parts[0] in ("sin", "cos", "tan") else 3000 if parts[0] == "fma" else 400
    v = FNS[parts[0]](*args)
    if isinstance(v, mp.mpc):
        print("nan")
    else:
        print(*bracket(v))
