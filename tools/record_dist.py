"""Record CPython 3.11's math.dist on hard and ordinary cases (run by hand only).

    ~/.pyenv/versions/3.11.7/bin/python tools/record_dist.py

It writes tests/data/dist_reference.json, read by tests/test_portable_dist.py on every
interpreter: kmeans_scratch.portable_dist.dist must give the same floats, bit for bit. Each
case is [p, q, math.dist(p, q)] with every float written by float.hex, so nothing is lost
in decimal. The groups (a fixed seed, so the file is reproducible):

    gaussian      gaussian pairs of 1..32 features at scales 1e-3 .. 1e6
    integers      integer-valued coordinates, including Pythagorean triples
    mixed         each coordinate at its own magnitude, 1e-300 .. 1e150
    subnormal     coordinates below 2**-1022, alone and mixed with normal ones
    equal         equal points (distance 0.0), and lengths 0 and 1
    one_axis      points differing in a single coordinate (distance = that difference)
    powers_of_two values a few ulps either side of a power of two
    long          up to 64 features
"""

import json
import math
import pathlib
import platform
import random
import sys

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "dist_reference.json"
TINY = 2.0 ** -1022


def near_power_of_two(rng):
    """A float a few ulps from +-2**k, for k in a wide range."""
    x = math.ldexp(1.0, rng.randint(-60, 60))
    for _ in range(rng.randint(0, 3)):
        x = math.nextafter(x, rng.choice([0.0, math.inf]))
    return rng.choice([-1.0, 1.0]) * x


def subnormal(rng, bound=TINY):
    """A subnormal float below bound, or now and then 2**-1022 or zero."""
    return rng.choice([rng.uniform(-bound, bound), rng.uniform(-bound, bound),
                       rng.randint(-5, 5) * 5e-324, rng.choice([TINY, -TINY, 0.0])])


def groups(rng):
    """(name, list of (p, q)) for every group of the module docstring."""
    yield "gaussian", [gaussian_pair(rng, 1 + i % 32) for i in range(256)]
    yield "integers", [integer_pair(rng) for _ in range(400)]
    yield "mixed", [mixed_pair(rng) for _ in range(400)]
    yield "subnormal", [subnormal_pair(rng) for _ in range(400)]
    yield "equal", equal_pairs(rng)
    yield "one_axis", [one_axis_pair(rng) for _ in range(250)]
    yield "powers_of_two", [powers_pair(rng) for _ in range(400)]
    yield "long", [gaussian_pair(rng, rng.randint(33, 64)) for _ in range(16)]


def gaussian_pair(rng, n):
    scale = 10.0 ** rng.randint(-3, 6)
    return ([rng.gauss(0, scale) for _ in range(n)], [rng.gauss(0, scale) for _ in range(n)])


def integer_pair(rng):
    if rng.random() < 0.25:     # a Pythagorean triple: an exact integer distance
        a, b = rng.randint(1, 1000), rng.randint(1, 1000)
        legs = [float(a * a - b * b), float(2 * a * b)]
        return [0.0, 0.0], legs
    n = rng.randint(1, 12)
    bound = rng.choice([3, 100, 10 ** 6, 2 ** 53])
    return ([float(rng.randint(-bound, bound)) for _ in range(n)],
            [float(rng.randint(-bound, bound)) for _ in range(n)])


def mixed_pair(rng):
    n = rng.randint(1, 12)
    def coordinate():
        return rng.choice([-1.0, 1.0]) * rng.random() * 10.0 ** rng.uniform(-300, 150)
    return [coordinate() for _ in range(n)], [coordinate() for _ in range(n)]


def subnormal_pair(rng):
    n = rng.randint(1, 12)
    kind = rng.random()
    if kind < 0.35:     # every difference below 2**-1024: CPython 3.11's dividing path
        bound = TINY * rng.choice([2.0 ** -3, 2.0 ** -30])
        return ([rng.uniform(-bound, bound) for _ in range(n)],
                [rng.choice([rng.uniform(-bound, bound), 5e-324, 0.0]) for _ in range(n)])
    if kind < 0.6:      # all subnormal, the largest difference anywhere below 2**-1021
        return [subnormal(rng) for _ in range(n)], [subnormal(rng) for _ in range(n)]
    scale = rng.choice([1e-300, 1e-308, 1e-100, 1.0])
    return ([rng.choice([subnormal(rng), rng.gauss(0, scale)]) for _ in range(n)],
            [subnormal(rng) for _ in range(n)])


def equal_pairs(rng):
    pairs = [([], []), ([0.0], [0.0]), ([1.5], [-2.25]), ([-0.0, 0.0], [0.0, -0.0])]
    for _ in range(100):
        p = [rng.gauss(0, 10.0 ** rng.randint(-300, 150)) for _ in range(rng.randint(1, 12))]
        pairs.append((p, list(p)))
    for _ in range(50):
        pairs.append(([rng.gauss(0, 1e6)], [rng.gauss(0, 1e-6)]))
    return pairs


def one_axis_pair(rng):
    n = rng.randint(2, 12)
    p = [rng.gauss(0, 10.0 ** rng.randint(-300, 150)) for _ in range(n)]
    q = list(p)
    axis = rng.randrange(n)
    q[axis] = rng.choice([rng.gauss(0, 10.0 ** rng.randint(-300, 150)), subnormal(rng),
                          math.nextafter(p[axis], math.inf)])
    return p, q


def powers_pair(rng):
    n = rng.randint(1, 8)
    p = [near_power_of_two(rng) for _ in range(n)]
    q = [rng.choice([near_power_of_two(rng), 0.0]) for _ in range(n)]
    return p, q


def main():
    if platform.python_implementation() != "CPython" or sys.version_info[:2] != (3, 11):
        sys.exit("run this under CPython 3.11: its math.dist is the reference")
    rng = random.Random(20240611)
    cases = {}
    for name, pairs in groups(rng):
        cases[name] = [[[x.hex() for x in p], [x.hex() for x in q], math.dist(p, q).hex()]
                       for p, q in pairs]
    document = {"python": sys.version.split()[0], "made_by": "tools/record_dist.py",
                "case": "[p, q, math.dist(p, q)], each float as float.hex", "cases": cases}
    OUT.write_text(json.dumps(document, separators=(",", ":")) + "\n")
    print(f"wrote {sum(map(len, cases.values()))} cases to {OUT}")


if __name__ == "__main__":
    main()
