"""Section 4: the elbow method - inertia for K = 1..10, and the knee found by Kneedle.

Run: python examples/04_elbow.py [OUTPUT_FOLDER]
"""
import os
import sys
import tempfile

from kmeans_scratch import find_knee, inertia_curve, make_blobs
from kmeans_scratch.plot import line_plot, save

# the folder named, or a new temporary one; a file already there is never replaced
out = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="kmeans-example-")
os.makedirs(out, exist_ok=True)
taken = [name for name in ["elbow_method.svg"] if os.path.exists(os.path.join(out, name))]
if taken:
    sys.exit(f"{out} already holds {', '.join(taken)}; this example never replaces a file: "
             "give it another folder")
X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
curve = inertia_curve(X, range(1, 11), random_state=42, n_init=10)
ks, inertias = [k for k, _ in curve], [j for _, j in curve]
knee = find_knee(ks, inertias)
for k, inertia in curve:
    print(f"K={k}: Inertia={inertia:.2f}" + ("  <- the elbow" if k == knee else ""))
print("wrote", save(line_plot(ks, inertias, title="Elbow Method for Optimal K", x_label="K",
                              y_label="Inertia", highlight=knee, note="elbow"),
                    os.path.join(out, "elbow_method.svg"), overwrite=False))
print("the files are in", out)
