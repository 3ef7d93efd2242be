"""The guided tour: the whole K-Means tutorial, section by section, with real numbers and plots.

Each section prints its table and writes its pictures into one folder; at the end an
``index.html`` shows every picture in tutorial order with a sentence about it. Run it with
``python -m kmeans_scratch tour --out DIR``. Numbers on the tutorial's blob data are the
ones scikit-learn prints for the same code (same data, same seeds).

Public function: run_tour.
"""

from __future__ import annotations

import html
import os
import time
from typing import Callable, List, Tuple

from . import (KMeans, StandardScaler, adjusted_rand_score, choose_k, cluster_profile,
               format_table, kmeans_plusplus, load_iris, make_blobs, make_customers, make_moons,
               normalized_mutual_info_score, silhouette_samples, silhouette_score)
from .datasets.customers import make_mall_customers
from .files import atomic_write
from .image import png_bytes, quantization_report, quantize, tutorial_image
from .lloyd import lloyd_steps
from .plot import image_strip, line_plot, lloyd_animation, save, scatter_plot, silhouette_plot
from .randomness import check_random_state

__all__ = ["run_tour"]

Figures = List[Tuple[str, str]]          # (file name, one sentence about it)
BLOBS: dict = dict(n_samples=300, centers=3, cluster_std=0.8, random_state=42)


class _Tour:
    """Shared state: the output folder, the printer and the pictures made so far."""

    def __init__(self, out_dir: str, say: Callable[[str], None]):
        self.out_dir, self.say = out_dir, say
        self.figures: Figures = []
        self.X, self.y = make_blobs(**BLOBS)
        # the tutorial's estimator, fitted once and shown in several sections
        self.model = KMeans(n_clusters=3, random_state=42, n_init=10).fit(self.X)

    def heading(self, title: str) -> None:
        self.say(f"\n== {title} ==")

    def figure(self, name: str, svg: str, sentence: str) -> None:
        save(svg, os.path.join(self.out_dir, name))
        self.figures.append((name, sentence))


def _raw_data(t: _Tour) -> None:
    t.heading("1. The data: three blobs, no labels")
    t.say(f"make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42): {len(t.X)} points")
    t.figure("01_raw.svg", scatter_plot(t.X, title="Raw data - no labels"),
             "The raw data: 300 points, and nothing says which group each belongs to.")


def _manual_loop(t: _Tour) -> None:
    t.heading("2. Lloyd's algorithm by hand")
    rng = check_random_state(42)                       # np.random.seed(42), as the tutorial
    start = [t.X[i] for i in rng.choice(len(t.X), 3, replace=False)]
    steps = list(lloyd_steps(t.X, start, [1.0] * len(t.X), max_iter=10, tol=1e-12))
    for step in steps:
        t.say(f"step {step.iteration}: inertia {step.inertia:10.2f}, centres moved {step.shift:.6f}")
    last = steps[-1]
    t.say(f"Converged at iteration {last.iteration}" if last.stop != "max_iter"
          else f"Stopped after {last.iteration} iterations without converging")
    t.figure("02_manual.svg", scatter_plot(t.X, steps[-1].labels, steps[-1].new_centroids,
                                           title="K-Means by hand (K=3)"),
             "Our own Lloyd loop: every point coloured by its nearest centre (crosses).")
    t.figure("02_lloyd_animation.svg", lloyd_animation(t.X, steps, title="Lloyd's steps"),
             "Animated: each second one assignment and update step; watch the centres settle.")


def _estimator(t: _Tour) -> None:
    t.heading("3. The estimator, inertia and ARI")
    model = t.model
    t.say(f"Inertia: {model.inertia_:.2f}")
    t.say(f"Iterations to converge: {model.n_iter_}")
    t.say(f"Adjusted Rand Index: {adjusted_rand_score(t.y, model.labels_):.3f} (1.0 = perfect match)")
    t.figure("03_kmeans.svg", scatter_plot(t.X, model.labels_, model.cluster_centers_,
                                           title="KMeans(n_clusters=3, n_init=10)"),
             "The estimator recovers the three blobs exactly (ARI 1.0).")


def _choosing_k(t: _Tour) -> None:
    t.heading("4-5. Picking K: the elbow and the silhouette")
    choice = choose_k(t.X, k_max=10, random_state=42, n_init=10)
    for k, inertia in choice.inertia:
        t.say(f"K={k}: Inertia={inertia:.2f}" + ("  <- knee" if k == choice.knee else ""))
    for k, score in choice.silhouette:
        t.say(f"K={k}: Silhouette Score={score:.3f}" + ("  <- highest" if k == choice.silhouette_best else ""))
    t.say(choice.explanation)
    ks, values = zip(*choice.inertia)
    t.figure("04_elbow.svg", line_plot(ks, values, title="Elbow method", x_label="K",
                                       y_label="inertia", highlight=choice.knee, note="knee (Kneedle)"),
             "Inertia always falls with K; the knee found by Kneedle is where the fall slows.")
    ks, values = zip(*choice.silhouette)
    t.figure("05_silhouette_scores.svg", line_plot(ks, values, title="Silhouette score vs K",
                                                   x_label="K", y_label="mean silhouette",
                                                   highlight=choice.silhouette_best, note="best",
                                                   colour="#E69F00"),
             "The mean silhouette peaks at the same K: both methods agree.")
    labels = t.model.labels_
    t.figure("05_silhouette_k3.svg", silhouette_plot(silhouette_samples(t.X, labels), labels,
                                                     title="Silhouette diagram, K=3"),
             "Every point's silhouette, sorted within its cluster; the dashed line is the mean.")


def _initialisation(t: _Tour) -> None:
    t.heading("6. Random starts vs k-means++")
    bad = KMeans(n_clusters=3, init="random", n_init=1, random_state=0).fit(t.X)
    good = KMeans(n_clusters=3, init="k-means++", n_init=1, random_state=0).fit(t.X)
    t.say(f"Random init inertia: {bad.inertia_:.2f}")
    t.say(f"K-Means++ init inertia: {good.inertia_:.2f}")
    t.figure("06_random_init.svg", scatter_plot(t.X, bad.labels_, bad.cluster_centers_,
                                                title="init='random', random_state=0: stuck"),
             "An unlucky random start: two centres share one blob, one centre straddles two.")


def _customers(t: _Tour) -> None:
    t.heading("7. Customer segmentation (scale first)")
    rows, names = make_customers(500, random_state=42)
    scaled = StandardScaler().fit_transform(rows)
    choice = choose_k(scaled, k_max=8, random_state=42, n_init=10)
    for k, score in choice.silhouette:
        t.say(f"K={k}: silhouette {score:.3f}")
    labels = KMeans(n_clusters=choice.silhouette_best, random_state=42, n_init=10).fit_predict(scaled)
    t.say(f"Best K: {choice.silhouette_best}. Cluster profiles (mean values):")
    t.say(format_table(cluster_profile(rows, labels, names)))
    t.say("These columns are uniform random numbers, so no K stands out (all silhouettes are low):")
    t.say("clustering always returns groups; only the scores tell you whether they are real.")
    t.figure("07_customers.svg", scatter_plot([(r[1] / 1000, r[3]) for r in rows], labels,
                                              title="Customers: income vs order value",
                                              x_label="annual income (k$)", y_label="average order value"),
             "The simulated customers, coloured by segment; on random data the segments are arbitrary.")


def _failures(t: _Tour) -> None:
    t.heading("8. When K-Means fails")
    X, y = make_moons(n_samples=300, noise=0.1, random_state=42)
    labels = KMeans(n_clusters=2, random_state=42).fit_predict(X)
    t.say(f"Moons: ARI {adjusted_rand_score(y, labels):.3f} - the crescents are cut in two")
    t.figure("08_moons.svg", scatter_plot(X, labels, title="K-Means fails on crescent shapes"),
             "Crescents: K-Means draws a straight border and cuts each moon in half.")
    X, y = make_blobs(n_samples=[600, 30], centers=[[0, 0], [4.5, 0]], cluster_std=[1.5, 0.3],
                      random_state=1)
    model = KMeans(n_clusters=2, random_state=1, n_init=10).fit(X)
    t.say(f"Uneven sizes: ARI {adjusted_rand_score(y, model.labels_):.3f} - the big cloud spills over")
    t.figure("08_uneven.svg", scatter_plot(X, model.labels_, model.cluster_centers_,
                                           title="Uneven sizes and densities"),
             "A big diffuse cluster and a small tight one: the border sits too close to the small one.")
    X, _ = make_blobs(n_samples=100, centers=[[0, 0], [6, 6]], cluster_std=0.7, random_state=3)
    clean = KMeans(n_clusters=2, random_state=0, n_init=10).fit(X)
    dirty = KMeans(n_clusters=2, random_state=0, n_init=10).fit(X + [[40.0, 40.0]])
    t.say(f"Outlier: centres {[tuple(round(v, 2) for v in c) for c in clean.cluster_centers_]} "
          f"become {[tuple(round(v, 2) for v in c) for c in dirty.cluster_centers_]}")
    t.figure("08_outlier.svg", scatter_plot(X + [[40.0, 40.0]], dirty.labels_, dirty.cluster_centers_,
                                            title="One outlier takes a whole centre"),
             "One far outlier grabs a centre of its own and forces the two real blobs to share one.")


def _images(t: _Tour) -> None:
    t.heading("9. Image compression")
    picture = tutorial_image()
    pictures, captions = [png_bytes(picture)], [f"original ({len(set(picture.pixels))} colours)"]
    for n_colors in (16, 8, 4):
        new, _ = quantize(picture, n_colors, random_state=42)
        report = quantization_report(picture, new)
        pictures.append(png_bytes(new))
        captions.append(f"{n_colors} colours")
        t.say(f"{n_colors:2d} colours: MSE {report.mse:7.2f}, raw {report.raw_bytes} bytes -> "
              f"palette-indexed {report.palette_bytes} bytes ({report.raw_bytes / report.palette_bytes:.1f}x smaller)")
    t.figure("09_image_compression.svg", image_strip(pictures, captions, title="Colour quantization"),
             "The noisy four-quadrant picture repainted with 16, 8 and 4 colours.")


def _evaluation(t: _Tour) -> None:
    t.heading("10. Evaluating clusters")
    labels = t.model.labels_
    t.say(f"Adjusted Rand Index: {adjusted_rand_score(t.y, labels):.3f}")
    t.say(f"Normalized Mutual Info: {normalized_mutual_info_score(t.y, labels):.3f}")
    t.say(f"Silhouette Score: {silhouette_score(t.X, labels):.3f}")


def _challenges(t: _Tour) -> None:
    t.heading("11. Practice challenges")
    iris = load_iris()
    labels = KMeans(n_clusters=3, random_state=0, n_init=10).fit_predict(iris.data)
    t.say(f"Level 1 (iris, K=3): silhouette {silhouette_score(iris.data, labels):.3f}, "
          f"ARI vs species {adjusted_rand_score(iris.target, labels):.3f}: setosa is found, "
          "versicolor and virginica overlap")
    t.figure("11_iris_silhouette.svg", silhouette_plot(silhouette_samples(iris.data, labels), labels,
                                                       title="Iris, K=3"),
             "Level 1: iris with K=3. One cluster (setosa) is crisp; the other two lean on each other.")
    for k in (2, 3, 4, 5):
        model = KMeans(n_clusters=k, random_state=42, n_init=10).fit(t.X)
        t.say(f"Level 2: K={k}: inertia {model.inertia_:8.2f}, silhouette {silhouette_score(t.X, model.labels_):.3f}")
        t.figure(f"11_blobs_k{k}.svg", scatter_plot(t.X, model.labels_, model.cluster_centers_,
                                                     title=f"Blobs with K={k}"),
                 f"Level 2: the blobs cut into K={k} clusters.")
    rows, names = make_mall_customers(200, random_state=0)
    scaled = StandardScaler().fit_transform(rows)
    choice = choose_k(scaled, k_max=10, random_state=0, n_init=10)
    t.say(f"Level 3 (mall customers): {choice.explanation}")
    labels = KMeans(n_clusters=choice.k, random_state=0, n_init=10).fit_predict(scaled)
    profile = cluster_profile(rows, labels, names)
    t.say(format_table(profile))
    for line in describe_segments(profile):
        t.say(line)
    t.figure("11_mall_customers.svg", scatter_plot(rows, labels, title="Mall customers",
                                                   x_label="annual income (k$)", y_label="spending score"),
             "Level 3: simulated mall customers fall into five segments of income and spending.")


def _fewer_distances(t: _Tour) -> None:
    t.heading("12. The same answer, fewer distances")
    X, _ = make_blobs(n_samples=10_000, centers=8, random_state=0)
    centres, _ = kmeans_plusplus(X, 8, random_state=0)
    t.say("10,000 points, K=8, the same k-means++ start; the three exact algorithms:")
    fits = {}
    for algorithm in ("lloyd", "hamerly", "kdtree"):
        start = time.perf_counter()
        fits[algorithm] = KMeans(n_clusters=8, init=centres, n_init=1, algorithm=algorithm).fit(X)
        seconds = time.perf_counter() - start
        model = fits[algorithm]
        t.say(f"{algorithm:>8}: inertia {model.inertia_:.6f} in {model.n_iter_} iterations, "
              f"{model.n_distances_:>9,} distances, {seconds * 1e3:5.0f} ms")
    plain = fits["lloyd"].n_distances_
    for algorithm in ("hamerly", "kdtree"):
        same = fits[algorithm].labels_ == fits["lloyd"].labels_
        t.say(f"{algorithm} skipped {1 - fits[algorithm].n_distances_ / plain:.0%} of the distance "
              f"computations; same labels as Lloyd: {same}")


def describe_segments(profile: list) -> list:
    """Two sentences per segment, from how its means compare with the overall averages."""
    total = sum(row["size"] for row in profile)
    income = sum(row["annual_income_k"] * row["size"] for row in profile) / total
    score = sum(row["spending_score"] * row["size"] for row in profile) / total
    lines = []
    for row in profile:
        level = "high" if row["annual_income_k"] > income * 1.15 else "low" if row["annual_income_k"] < income * 0.85 else "middle"
        spend = "spend a lot" if row["spending_score"] > score * 1.15 else "spend little" if row["spending_score"] < score * 0.85 else "spend moderately"
        lines.append(f"Segment {row['cluster']} ({row['size']} customers): {level} income "
                     f"(~{row['annual_income_k']:.0f} k$) and they {spend} (score {row['spending_score']:.0f}). "
                     + ("Worth a premium offer." if level == "high" and spend == "spend a lot" else
                        "Worth a nudge to spend more." if spend == "spend little" and level != "low" else
                        "A steady group to keep."))
    return lines


SECTIONS = [_raw_data, _manual_loop, _estimator, _choosing_k, _initialisation, _customers,
            _failures, _images, _evaluation, _challenges, _fewer_distances]


def _index_html(figures: Figures) -> str:
    """A page showing every picture in order with its sentence."""
    items = "\n".join(f'<figure><img src="{html.escape(name)}" alt="{html.escape(name)}">'
                      f"<figcaption>{html.escape(sentence)}</figcaption></figure>"
                      for name, sentence in figures)
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>K-Means tour</title>"
            "<style>body{font-family:sans-serif;max-width:900px;margin:auto}"
            "img{max-width:100%;border:1px solid #ccc}figure{margin:2em 0}</style></head>"
            f"<body><h1>K-Means, the guided tour</h1>\n{items}\n</body></html>\n")


def run_tour(out_dir: str = "tour-output", *, say: Callable[[str], None] = print) -> Figures:
    """Walk through every tutorial section, printing tables and writing plots to out_dir.

    Returns the (file name, sentence) list that ``index.html`` shows.
    """
    os.makedirs(out_dir, exist_ok=True)
    tour = _Tour(out_dir, say)
    start = time.perf_counter()
    for section in SECTIONS:
        section(tour)
    atomic_write(os.path.join(out_dir, "index.html"), _index_html(tour.figures), overwrite=True)
    say(f"\nWrote {len(tour.figures)} plots and index.html to {os.path.abspath(out_dir)} "
        f"in {time.perf_counter() - start:.1f} s")
    return tour.figures
