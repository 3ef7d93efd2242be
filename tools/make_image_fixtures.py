"""Make the small Netpbm test files with Pillow, an independent writer (run by hand).

    /tmp/skvenv/bin/pip install scikit-learn pillow
    /tmp/skvenv/bin/python tools/make_image_fixtures.py

Writes tests/data/china_crop.ppm (P6, a 64x48 crop of scikit-learn's sample photo),
grey.pgm (P5 8-bit), grey16.pgm (P5 16-bit), the samples as JSON for comparison, and
/tmp/china.ppm (the whole 640x427 photo, for benchmarks/quantize_bench.py; not committed).
"""

import json
import pathlib

import numpy as np
from PIL import Image
from sklearn.datasets import load_sample_image

DATA = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data"
photo = load_sample_image("china.jpg")
Image.fromarray(photo).save("/tmp/china.ppm")
crop = photo[200:248, 300:364]
Image.fromarray(crop).save(DATA / "china_crop.ppm")
grey = crop.mean(axis=2).astype(np.uint8)
Image.fromarray(grey).save(DATA / "grey.pgm")
grey16 = (grey.astype(np.uint16) * 257 + 3).astype(np.uint16)
Image.fromarray(grey16).save(DATA / "grey16.pgm")
expected = {"china_crop.ppm": crop.reshape(-1, 3).tolist(), "grey.pgm": grey.reshape(-1, 1).tolist(),
            "grey16.pgm": np.asarray(Image.open(DATA / "grey16.pgm")).reshape(-1, 1).tolist()}
(DATA / "image_fixtures.json").write_text(json.dumps(expected, separators=(",", ":")))
# The text (P3/P2) forms come from a second, independent writer, ImageMagick 6:
#   convert-im6.q16 china_crop.ppm -compress none -comment "made by ImageMagick" china_crop_ascii.ppm
#   convert-im6.q16 grey.pgm -compress none grey_ascii.pgm
print("wrote fixtures; photo", photo.shape, "distinct colours", len(np.unique(photo.reshape(-1, 3), axis=0)))
