"""Section 9: image compression - repaint a picture with 16, 8 and 4 colours.

Run: python examples/09_image_compression.py [OUTPUT_FOLDER] [PICTURE.ppm]
Without a picture it uses the tutorial's synthetic four-quadrant image.
"""
import os
import sys
import tempfile

from kmeans_scratch.image import (png_bytes, quantization_report, quantize, read_ppm,
                                  tutorial_image, write_png)
from kmeans_scratch.plot import image_strip, save

# the folder named, or a new temporary one; a file already there is never replaced
out = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="kmeans-example-")
os.makedirs(out, exist_ok=True)
taken = [name for name in [f"compressed_{n}.png" for n in (16, 8, 4)] + ["image_compression.svg"] if os.path.exists(os.path.join(out, name))]
if taken:
    sys.exit(f"{out} already holds {', '.join(taken)}; this example never replaces a file: "
             "give it another folder")
picture = read_ppm(sys.argv[2]) if len(sys.argv) > 2 else tutorial_image()
pictures, captions = [png_bytes(picture)], ["original"]
for n_colors in (16, 8, 4):
    new, palette = quantize(picture, n_colors, random_state=42)
    report = quantization_report(picture, new)
    write_png(new, os.path.join(out, f"compressed_{n_colors}.png"), overwrite=False)
    pictures.append(png_bytes(new))
    captions.append(f"{n_colors} colors")
    print(f"{n_colors:2d} colours: mean squared error {report.mse:.1f}; {report.raw_bytes} bytes raw, "
          f"{report.palette_bytes} palette-indexed ({report.raw_bytes / report.palette_bytes:.1f}x smaller)")
print("wrote", save(image_strip(pictures, captions, title="Image compression"),
                    os.path.join(out, "image_compression.svg"), overwrite=False))
print("the files are in", out)
