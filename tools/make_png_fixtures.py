"""Make the PNG test files with Pillow, an independent encoder (run by hand, never imported).

    python3 -m venv /tmp/pilvenv && /tmp/pilvenv/bin/pip install pillow
    /tmp/pilvenv/bin/python tools/make_png_fixtures.py

Starts from the pixels of tests/data/image_fixtures.json (a 32x24 corner of the china crop and
of its grey and 16-bit grey forms), so the expected pixels come from that JSON, not from Pillow
reading its own files. Pillow filters each row adaptively (all five filter types occur) and
writes one file per colour type and bit depth it supports: RGB, RGBA, L, LA, I;16, 1-bit,
and palettes of 1, 2, 4 and 8 bits. Writes tests/data/png_*.png and png_fixtures.json
({file: [maxval, pixels]}).
"""

import json
import pathlib
import struct

import PIL
from PIL import Image

DATA = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data"
WIDTH, HEIGHT = 32, 24
source = json.loads((DATA / "image_fixtures.json").read_text())


def corner(pixels):
    """The top-left WIDTH x HEIGHT pixels of the 64-pixel-wide fixture."""
    return [tuple(pixels[y * 64 + x]) for y in range(HEIGHT) for x in range(WIDTH)]


rgb, grey, grey16 = corner(source["china_crop.ppm"]), corner(source["grey.pgm"]), corner(source["grey16.pgm"])
alpha = [(x * 8 + y) % 256 for y in range(HEIGHT) for x in range(WIDTH)]
expected = {}


def save(name, mode, data, maxval, pixels, **options):
    Image.frombytes(mode, (WIDTH, HEIGHT), data).save(DATA / name, **options)
    expected[name] = [maxval, [list(p) for p in pixels]]


save("png_rgb.png", "RGB", bytes(v for p in rgb for v in p), 255, rgb)
save("png_rgba.png", "RGBA", bytes(v for p, a in zip(rgb, alpha) for v in p + (a,)), 255, rgb)
save("png_grey.png", "L", bytes(p[0] for p in grey), 255, grey)
save("png_grey_alpha.png", "LA", bytes(v for p, a in zip(grey, alpha) for v in (p[0], a)), 255, grey)
save("png_grey16.png", "I;16B", struct.pack(f">{len(grey16)}H", *(p[0] for p in grey16)), 65535, grey16)
bits = [(1,) if p[0] >= 128 else (0,) for p in grey]
one_bit = Image.new("1", (WIDTH, HEIGHT))
one_bit.putdata([255 * b[0] for b in bits])
one_bit.save(DATA / "png_grey1.png")
expected["png_grey1.png"] = [1, [list(b) for b in bits]]
for depth in (1, 2, 4, 8):
    n = 2**depth
    palette = [((i * 97) % 256, (255 - i * 31) % 256, (i * i) % 256) for i in range(n)]
    indexes = [p[0] * n // 256 for p in grey]
    picture = Image.frombytes("P", (WIDTH, HEIGHT), bytes(indexes))
    picture.putpalette([v for entry in palette for v in entry])
    picture.save(DATA / f"png_palette{depth}.png", bits=depth)
    expected[f"png_palette{depth}.png"] = [255, [list(palette[i]) for i in indexes]]
(DATA / "png_fixtures.json").write_text(json.dumps(expected, separators=(",", ":")))
for name in expected:      # report what Pillow actually wrote: IHDR's bit depth and colour type
    header = (DATA / name).read_bytes()[16:29]
    print(name, "bit depth", header[8], "colour type", header[9], "Pillow", PIL.__version__)
