"""Colour quantization on a real photo: our quantize against scikit-learn's recipe and Pillow.

Run from the repository root, with a photo in PPM form (tools/make_image_fixtures.py writes
scikit-learn's china.jpg as /tmp/china.ppm):

    python benchmarks/quantize_bench.py /tmp/china.ppm [n_colors]

Prints, in one run: our whole quantize time and MSE; the time of one naive pure-Python pass
that assigns every pixel to the nearest of n_colors centres (the bar to beat); and, when
NumPy + scikit-learn and Pillow are importable, the MSE of scikit-learn's example recipe
(KMeans on 1,000 random pixels, then predict all) and of Pillow's median cut.
"""

import math
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from kmeans_scratch.image import quantization_report, quantize, read_ppm  # noqa: E402


def naive_pass(pixels, centres):
    """Textbook assignment of every pixel to its nearest centre (lists, explicit loops, sqrt)."""
    labels = []
    for p in pixels:
        best, best_d = 0, float("inf")
        for j, c in enumerate(centres):
            d = math.sqrt(sum((p[f] - c[f]) ** 2 for f in range(3)))
            if d < best_d:
                best, best_d = j, d
        labels.append(best)
    return labels


def mse(a, b):
    return math.fsum((x - y) ** 2 for p, q in zip(a, b) for x, y in zip(p, q)) / (3 * len(a))


def main(path, n_colors):
    image = read_ppm(path)
    print(f"{path}: {image.width}x{image.height}, {len(set(image.pixels))} distinct colours, "
          f"{n_colors} colours, Python {sys.version.split()[0]}")
    times, reports = [], []
    for seed in range(5):
        start = time.perf_counter()
        new, _ = quantize(image, n_colors, random_state=seed)
        times.append(time.perf_counter() - start)
        reports.append(quantization_report(image, new))
    ours = statistics.median(times)
    print(f"ours: quantize (read excluded) median {ours:.2f} s over 5 seeds; "
          f"MSE median {statistics.median(r.mse for r in reports):.2f} "
          f"(range {min(r.mse for r in reports):.2f}-{max(r.mse for r in reports):.2f})")
    r = reports[0]
    print(f"file size: raw {r.raw_bytes} bytes -> palette-indexed {r.palette_bytes} bytes "
          f"({r.raw_bytes / r.palette_bytes:.1f}x smaller)")
    import os
    import subprocess
    import tempfile
    output = os.path.join(tempfile.mkdtemp(), "out.ppm")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kmeans_scratch", "quantize", path, output, "--colors",
                    str(n_colors), "--random-state", "0"], check=True, capture_output=True,
                   cwd=str(pathlib.Path(__file__).resolve().parent.parent))
    command = time.perf_counter() - start
    print(f"whole command (python -m kmeans_scratch quantize: start, read, quantize, write): {command:.2f} s")
    start = time.perf_counter()
    naive_pass(image.pixels, [(i * 16.0, 255 - i * 16.0, 128.0) for i in range(n_colors)])
    naive = time.perf_counter() - start
    print(f"one naive assignment pass: {naive:.2f} s  -> quantize is {naive / ours:.1f}x faster, "
          f"the whole command {naive / command:.1f}x")
    try:
        import numpy as np
        from sklearn.cluster import KMeans
        from sklearn.utils import shuffle
        from PIL import Image as PILImage
    except ImportError:
        print("(NumPy, scikit-learn or Pillow not importable: reference MSEs skipped)")
        return
    array = np.array(image.pixels, dtype=float)
    sk = []
    for seed in range(5):
        sample = shuffle(array, random_state=seed, n_samples=1_000)
        model = KMeans(n_clusters=n_colors, random_state=seed).fit(sample)
        palette = np.clip(np.round(model.cluster_centers_), 0, 255)
        sk.append(float(((array - palette[model.predict(array)]) ** 2).mean()))
    print(f"scikit-learn recipe (1,000 pixels, predict all): MSE median {statistics.median(sk):.2f} "
          f"(range {min(sk):.2f}-{max(sk):.2f})")
    picture = PILImage.frombytes("RGB", (image.width, image.height),
                                 bytes(v for p in image.pixels for v in p))
    cut = np.array(picture.quantize(n_colors, method=PILImage.Quantize.MEDIANCUT).convert("RGB"),
                   dtype=float).reshape(-1, 3)
    print(f"Pillow median cut: MSE {float(((array - cut) ** 2).mean()):.2f}")
    print(f"ours / scikit-learn MSE: {statistics.median(r.mse for r in reports) / statistics.median(sk):.3f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/china.ppm",
         int(sys.argv[2]) if len(sys.argv) > 2 else 16)
