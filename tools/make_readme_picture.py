"""Draw the README's picture with the package's own plotting code (run by hand).

    python tools/make_readme_picture.py

Writes docs/kmeans-blobs.svg: the tutorial's 300 blobs clustered by
KMeans(n_clusters=3, n_init=10, random_state=42), the centres as crosses -- the figure the
tour shows in its section 3. Rerun it after changing plot/ so the README shows today's plots.
"""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kmeans_scratch import KMeans, make_blobs  # noqa: E402
from kmeans_scratch.plot import save, scatter_plot  # noqa: E402

X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
model = KMeans(n_clusters=3, n_init=10, random_state=42).fit(X)
svg = scatter_plot(X, model.labels_, model.cluster_centers_,
                   title="KMeans(n_clusters=3) on the tutorial's blobs")
print("wrote", save(svg, ROOT / "docs" / "kmeans-blobs.svg", overwrite=True))
