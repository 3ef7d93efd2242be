"""The guided tour: the whole K-Means tutorial, section by section, with real numbers and plots.

Each section prints its numbers as tables and writes its pictures into one folder; at the
end ``tour_page`` writes an ``index.html`` that reads as the tutorial does: a heading, a few
plain words, the tables, the example script that computes them, the figures, and an
interactive Lloyd stepper whose frames are ``lloyd_steps``' own. Run it with
``python -m kmeans_scratch tour --out DIR``. Numbers on the tutorial's blob data are the
ones scikit-learn prints for the same code (same data, same seeds).

Public function: run_tour.
"""

from __future__ import annotations

import os
import time
from typing import Callable

from . import (KMeans, StandardScaler, adjusted_rand_score, choose_k, cluster_profile,
               kmeans_plusplus, load_iris, make_blobs, make_customers, make_moons,
               normalized_mutual_info_score, silhouette_samples, silhouette_score)
from .datasets.customers import describe_mall_segments, make_mall_customers
from .explain import explain_clusters, threshold_tree
from .image import png_bytes, quantization_report, quantize, tutorial_image
from .lloyd import lloyd_steps
from .plot import image_strip, line_plot, lloyd_animation, scatter_plot, silhouette_plot
from .randomness import check_random_state
from .tour_page import TourLog, write_page

__all__ = ["run_tour"]

BLOBS: dict = dict(n_samples=300, centers=3, cluster_std=0.8, random_state=42)


class _Tour(TourLog):
    """The tour's log, and the tutorial's data and estimator, shared by its sections."""

    def __init__(self, out_dir: str, say: Callable[[str], None]):
        super().__init__(out_dir, say)
        self.X, self.y = make_blobs(**BLOBS)
        # the tutorial's estimator, fitted once and shown in several sections
        self.model = KMeans(n_clusters=3, random_state=42, n_init=10).fit(self.X)
        self.manual_start: list = []     # the by-hand loop's start, replayed by the stepper


def _raw_data(t: _Tour) -> None:
    t.section("1", "The data: three blobs, no labels",
              "K-Means gets points and a number K, nothing else. Here: 300 points drawn around "
              "three centres, the tutorial's data; we keep the true groups only to check later.",
              "01_blobs.py")
    t.say(f"make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42): {len(t.X)} points")
    t.figure("01_raw.svg", scatter_plot(t.X, title="Raw data - no labels"),
             "300 grey points in three loose groups, with no colours: the data as K-Means sees it.",
             "The raw data: 300 points, and nothing says which group each belongs to.")


def _manual_loop(t: _Tour) -> None:
    t.section("2", "How K-Means works, step by step",
              "Pick K points as starting centres. Then repeat two moves: give every point to its "
              "nearest centre (assignment), and move every centre to the mean of its points "
              "(update). Stop when no point changes its centre. The inertia -- the sum of squared "
              "distances from each point to its centre -- can only fall at each step.",
              "02_manual_lloyd.py")
    rng = check_random_state(42)                       # np.random.seed(42), as the tutorial
    t.manual_start = [t.X[i] for i in rng.choice(len(t.X), 3, replace=False)]
    steps = list(lloyd_steps(t.X, t.manual_start, [1.0] * len(t.X), max_iter=10, tol=1e-12))
    t.table(["step", "inertia", "centres moved (sum of squares)"],
            [[s.iteration, f"{s.inertia:.2f}", f"{s.shift:.6f}"] for s in steps])
    last = steps[-1]
    t.say(f"Converged at iteration {last.iteration}" if last.stop != "max_iter"
          else f"Stopped after {last.iteration} iterations without converging")
    t.compare("by hand: converged at iteration", "5", str(last.iteration))
    t.figure("02_manual.svg", scatter_plot(t.X, last.labels, last.new_centroids,
                                           title="K-Means by hand (K=3)"),
             "The three blobs coloured blue, orange and green, each with a cross at its centre.",
             "Our own Lloyd loop: every point coloured by its nearest centre (crosses).")
    t.figure("02_lloyd_animation.svg", lloyd_animation(t.X, steps, title="Lloyd's steps"),
             "An animation: the points change colour and the three centres glide into the blobs.",
             "Animated: each second one assignment and update step; watch the centres settle.")


def _estimator(t: _Tour) -> None:
    t.section("3", "Now with the estimator",
              "KMeans does the same loop from ten k-means++ starts and keeps the best run. Its "
              "inertia is the objective; the Adjusted Rand Index compares the clusters with the "
              "true groups (1.0: the same partition, whatever the cluster numbers).",
              "03_estimator.py")
    model = t.model
    t.table(["quantity", "value"],
            [["inertia_", f"{model.inertia_:.2f}"], ["n_iter_", model.n_iter_],
             ["Adjusted Rand Index", f"{adjusted_rand_score(t.y, model.labels_):.3f}"]])
    t.compare("KMeans: inertia_", "204.48", f"{model.inertia_:.2f}")
    t.compare("KMeans: n_iter_", "3", str(model.n_iter_))
    t.figure("03_kmeans.svg", scatter_plot(t.X, model.labels_, model.cluster_centers_,
                                           title="KMeans(n_clusters=3, n_init=10)"),
             "The three blobs in three colours, a cross at the middle of each.",
             "The estimator recovers the three blobs exactly (ARI 1.0).")


def _choosing_k(t: _Tour) -> None:
    t.section("4", "Picking K: the elbow method",
              "Inertia always falls as K grows, so its smallest value says nothing. Look instead "
              "for the K where the fall suddenly slows: the elbow. Kneedle finds it as the point "
              "farthest below the straight line from the first K to the last.", "04_elbow.py")
    choice = choose_k(t.X, k_max=10, random_state=42, n_init=10, n_refs=5)   # 5: keep it quick
    t.table(["K", "inertia", ""], [[k, f"{j:.2f}", "<- knee" if k == choice.knee else ""]
                                   for k, j in choice.inertia])
    printed = {1: "2452.33", 2: "730.81", 3: "204.48", 4: "175.92", 5: "148.79", 6: "129.14"}
    for k, inertia in choice.inertia[:6]:
        t.compare(f"elbow: inertia at K={k}", printed[k], f"{inertia:.2f}")
    ks, values = zip(*choice.inertia)
    t.figure("04_elbow.svg", line_plot(ks, values, title="Elbow method", x_label="K",
                                       y_label="inertia", highlight=choice.knee, note="knee (Kneedle)",
                                       y_from_zero=True),
             f"Inertia against K = 1 to 10: a steep fall to K = {choice.knee}, then a slow one.",
             "Inertia always falls with K; the knee found by Kneedle is where the fall slows.")
    t.section("5", "The silhouette score: a better way to pick K",
              "For each point compare a, its mean distance to its own cluster, with b, its mean "
              "distance to the nearest other cluster: s = (b - a) / max(a, b), from -1 (wrong "
              "cluster) to 1 (well inside its own). The mean over all points is highest for "
              "the K whose clusters are both tight and apart.", "05_silhouette.py")
    t.table(["K", "silhouette", ""], [[k, f"{s:.3f}", "<- highest" if k == choice.silhouette_best else ""]
                                      for k, s in choice.silhouette])
    t.say(choice.explanation)
    printed = {2: "0.588", 3: "0.749", 4: "0.636", 5: "0.583"}
    for k, score in choice.silhouette[:4]:
        t.compare(f"silhouette at K={k}", printed[k], f"{score:.3f}")
    ks, values = zip(*choice.silhouette)
    t.figure("05_silhouette_scores.svg", line_plot(ks, values, title="Silhouette score vs K",
                                                   x_label="K", y_label="mean silhouette",
                                                   highlight=choice.silhouette_best, note="best",
                                                   colour="#E69F00"),
             f"The mean silhouette against K = 2 to 10, highest at K = {choice.silhouette_best}.",
             "The mean silhouette peaks at the same K: both methods agree.")
    _gap(t, choice.gap)
    t.say(choice.verdict)
    labels = t.model.labels_
    t.figure("05_silhouette_k3.svg", silhouette_plot(silhouette_samples(t.X, labels), labels,
                                                     title="Silhouette diagram, K=3"),
             "Three bands of horizontal bars, one per cluster, almost all long and positive.",
             "Every point's silhouette, sorted within its cluster; the dashed line is the mean.")


def _gap(t: _Tour, gap) -> None:
    """The gap statistic's table and plot: gap(K) with its standard error, the 1-SE choice."""
    t.table(["K", "log W_k", "E*[log W_k]", "gap", "s_k", ""],
            [[k, f"{w:.3f}", f"{e:.3f}", f"{g:.3f}", f"{s:.3f}", "<- 1-SE rule" if k == gap.k else ""]
             for k, w, e, g, s in zip(gap.ks, gap.log_w, gap.expected_log_w, gap.gaps, gap.standard_errors)],
            caption="The gap statistic (Tibshirani et al., 2001), 5 uniform reference sets: the "
                    "first K whose gap is at least the next gap minus its standard error.")
    t.figure("05_gap.svg", line_plot(gap.ks, gap.gaps, title="Gap statistic vs K", x_label="K",
                                     y_label="gap = E*[log W_k] - log W_k", highlight=gap.k,
                                     note="1-SE choice", colour="#009E73", errors=gap.standard_errors),
             f"The gap against K = 1 to 10 with error bars: it jumps up to K = {gap.k}, then eases down.",
             "How much tighter the clusters are than in uniform noise; bars: one standard error.")


def _explanation_table(t: _Tour, rows: list, labels: list, names: list, what: str) -> None:
    """Each cluster's two most distinctive features: mean and z-score (explain_clusters)."""
    explanation = explain_clusters(rows, labels, names)
    def cell(effect) -> str:
        value = f"{effect.mean:,.0f}" if abs(effect.mean) >= 100 else f"{effect.mean:.3g}"
        return f"{effect.feature} {value} ({effect.z:+.2f} sd)"
    t.table([what, "most distinctive feature", "next"],
            [[cluster, cell(effects[0]), cell(effects[1]) if len(effects) > 1 else ""]
             for cluster, effects in explanation.items()],
            caption="What sets each apart: its mean, and how many standard deviations that is "
                    "from the overall mean.")


def _initialisation(t: _Tour) -> None:
    t.section("6", "K-Means++ initialisation",
              "Lloyd's loop only improves the start it is given. Random starts can put two centres "
              "in one blob and leave another blob to share; k-means++ spreads the starts out, "
              "drawing each next centre with probability proportional to its squared distance "
              "from the centres chosen so far.", "06_initialisation.py")
    bad = KMeans(n_clusters=3, init="random", n_init=1, random_state=0).fit(t.X)
    good = KMeans(n_clusters=3, init="k-means++", n_init=1, random_state=0).fit(t.X)
    t.table(["init (one run, random_state=0)", "inertia"],
            [["random", f"{bad.inertia_:.2f}"], ["k-means++", f"{good.inertia_:.2f}"]])
    t.figure("06_random_init.svg", scatter_plot(t.X, bad.labels_, bad.cluster_centers_,
                                                title="init='random', random_state=0: stuck"),
             "Two crosses inside one blob, a third between the other two blobs.",
             "An unlucky random start: two centres share one blob, one centre straddles two.")


def _customers(t: _Tour) -> None:
    t.section("7", "Real example: customer segmentation",
              "Features in different units (years, dollars) must be scaled first, or the largest "
              "numbers decide alone. StandardScaler gives each feature mean 0 and standard "
              "deviation 1; the silhouette picks K; the profile table says what each segment is.",
              "07_customers.py")
    rows, names = make_customers(500, random_state=42)
    scaled = StandardScaler().fit_transform(rows)
    choice = choose_k(scaled, k_max=8, random_state=42, n_init=10)
    t.table(["K", "silhouette"], [[k, f"{s:.3f}"] for k, s in choice.silhouette])
    labels = KMeans(n_clusters=choice.silhouette_best, random_state=42, n_init=10).fit_predict(scaled)
    profile = cluster_profile(rows, labels, names)
    t.table(["cluster", "size", *names], [[row["cluster"], row["size"], *(f"{row[n]:.1f}" for n in names)]
                                          for row in profile],
            caption=f"Best K: {choice.silhouette_best}. Cluster profiles (mean values):")
    _explanation_table(t, rows, labels, names, "cluster")
    t.say("These columns are uniform random numbers, so no K stands out (all silhouettes are low): "
          "clustering always returns groups; only the scores tell you whether they are real.")
    t.figure("07_customers.svg", scatter_plot([(r[1] / 1000, r[3]) for r in rows], labels,
                                              title="Customers: income vs order value",
                                              x_label="annual income (k$)", y_label="average order value"),
             "Customers scattered evenly over income and order value, coloured in segments.",
             "The simulated customers, coloured by segment; on random data the segments are arbitrary.")


def _failures(t: _Tour) -> None:
    t.section("8", "When K-Means fails",
              "K-Means draws straight borders halfway between centres, so it expects round "
              "clusters of similar size, is pulled by outliers, and must be told K.",
              "08_failures.py")
    X, y = make_moons(n_samples=300, noise=0.1, random_state=42)
    moons = KMeans(n_clusters=2, random_state=42).fit_predict(X)
    t.figure("08_moons.svg", scatter_plot(X, moons, title="K-Means fails on crescent shapes"),
             "Two interlocking crescents, split by a straight line into left and right halves.",
             "Crescents: K-Means draws a straight border and cuts each moon in half.")
    U, u = make_blobs(n_samples=[600, 30], centers=[[0, 0], [4.5, 0]], cluster_std=[1.5, 0.3],
                      random_state=1)
    uneven = KMeans(n_clusters=2, random_state=1, n_init=10).fit(U)
    t.figure("08_uneven.svg", scatter_plot(U, uneven.labels_, uneven.cluster_centers_,
                                           title="Uneven sizes and densities"),
             "A large diffuse cloud and a small tight one; the border cuts into the large cloud.",
             "A big diffuse cluster and a small tight one: the border sits too close to the small one.")
    B, _ = make_blobs(n_samples=100, centers=[[0, 0], [6, 6]], cluster_std=0.7, random_state=3)
    clean = KMeans(n_clusters=2, random_state=0, n_init=10).fit(B)
    dirty = KMeans(n_clusters=2, random_state=0, n_init=10).fit(B + [[40.0, 40.0]])
    t.table(["case", "ARI against the truth"],
            [["two moons", f"{adjusted_rand_score(y, moons):.3f}"],
             ["uneven sizes", f"{adjusted_rand_score(u, uneven.labels_):.3f}"]])
    t.table(["centre", "without the outlier", "with one point at (40, 40)"],
            [[j, f"({a[0]:.2f}, {a[1]:.2f})", f"({b[0]:.2f}, {b[1]:.2f})"]
             for j, (a, b) in enumerate(zip(clean.cluster_centers_, dirty.cluster_centers_))])
    t.figure("08_outlier.svg", scatter_plot(B + [[40.0, 40.0]], dirty.labels_, dirty.cluster_centers_,
                                            title="One outlier takes a whole centre",
                                            marked=[-1], marked_label="outlier"),
             "Two blobs near the origin share one centre; a lone point far away has the other.",
             "One far outlier grabs a centre of its own and forces the two real blobs to share one.")


def _images(t: _Tour) -> None:
    t.section("9", "Image compression with K-Means",
              "Treat every pixel as a point in colour space (red, green, blue) and cluster: the K "
              "centres are a palette, and each pixel is repainted with its centre's colour. The "
              "picture then needs one small index per pixel instead of three bytes.",
              "09_image_compression.py")
    picture = tutorial_image()
    pictures, captions, rows = [png_bytes(picture)], [f"original ({len(set(picture.pixels))} colours)"], []
    for n_colors in (16, 8, 4):
        new, _ = quantize(picture, n_colors, random_state=42)
        report = quantization_report(picture, new)
        pictures.append(png_bytes(new))
        captions.append(f"{n_colors} colours")
        rows.append([n_colors, f"{report.mse:.2f}", report.raw_bytes, report.palette_bytes,
                     f"{report.raw_bytes / report.palette_bytes:.1f}x"])
    t.table(["colours", "MSE", "raw bytes", "palette-indexed bytes", "smaller by"], rows)
    t.figure("09_image_compression.svg", image_strip(pictures, captions, title="Colour quantization"),
             "Four versions of a noisy four-quadrant picture: the original, then 16, 8 and 4 colours.",
             "The noisy four-quadrant picture repainted with 16, 8 and 4 colours.")


def _evaluation(t: _Tour) -> None:
    t.section("10", "Evaluating clusters",
              "With true labels, ARI and NMI say how well the clusters match them. Without them "
              "-- the usual case -- the silhouette says how tight and separate the clusters are.",
              "10_evaluation.py")
    labels = t.model.labels_
    t.table(["metric", "value"],
            [["Adjusted Rand Index", f"{adjusted_rand_score(t.y, labels):.3f}"],
             ["Normalized Mutual Info", f"{normalized_mutual_info_score(t.y, labels):.3f}"],
             ["Silhouette Score", f"{silhouette_score(t.X, labels):.3f}"]])


def _challenges(t: _Tour) -> None:
    t.section("11.1", "Practice challenge, level 1: iris",
              "Fisher's 150 iris flowers, four measurements each, three species. K-Means with K=3 "
              "finds setosa cleanly; versicolor and virginica overlap.", "challenge1_iris.py")
    iris = load_iris()
    labels = KMeans(n_clusters=3, random_state=0, n_init=10).fit_predict(iris.data)
    t.table(["metric", "value"], [["silhouette", f"{silhouette_score(iris.data, labels):.3f}"],
                                  ["ARI against the species", f"{adjusted_rand_score(iris.target, labels):.3f}"]])
    t.figure("11_iris_silhouette.svg", silhouette_plot(silhouette_samples(iris.data, labels), labels,
                                                       title="Iris, K=3"),
             "Three bands of bars: one long and even (setosa), two shorter with a few negative bars.",
             "Level 1: iris with K=3. One cluster (setosa) is crisp; the other two lean on each other.")
    t.section("11.2", "Practice challenge, level 2: K = 2 to 5 on the blobs",
              "The same blobs cut into 2, 3, 4 and 5 clusters: the inertia keeps falling, the "
              "silhouette is best at the true K.", "challenge2_blobs.py")
    rows = []
    for k in (2, 3, 4, 5):
        model = KMeans(n_clusters=k, random_state=42, n_init=10).fit(t.X)
        rows.append([k, f"{model.inertia_:.2f}", f"{silhouette_score(t.X, model.labels_):.3f}"])
        t.figure(f"11_blobs_k{k}.svg", scatter_plot(t.X, model.labels_, model.cluster_centers_,
                                                     title=f"Blobs with K={k}"),
                 f"The blobs in {k} colours with {k} crosses.", f"Level 2: the blobs cut into K={k} clusters.")
    t.table(["K", "inertia", "silhouette"], rows)
    _mall(t)


def _mall(t: _Tour) -> None:
    t.section("11.3", "Practice challenge, level 3: mall customers",
              "Income and spending score of 200 shoppers, scaled; the elbow and the silhouette "
              "each suggest a K, and the profile says what each segment is.", "challenge3_mall.py")
    rows, names = make_mall_customers(200, random_state=0)
    scaled = StandardScaler().fit_transform(rows)
    choice = choose_k(scaled, k_max=10, random_state=0, n_init=10)
    t.say(choice.explanation)
    labels = KMeans(n_clusters=choice.k, random_state=0, n_init=10).fit_predict(scaled)
    profile = cluster_profile(rows, labels, names)
    t.table(["segment", "size", *names], [[row["cluster"], row["size"], *(f"{row[n]:.1f}" for n in names)]
                                          for row in profile])
    for line in describe_mall_segments(profile):
        t.say(line)
    _explanation_table(t, rows, labels, names, "segment")
    tree = threshold_tree(rows, labels, names)
    t.table(["segment", "rule"], tree.leaf_rules(),
            caption=f"The same segments as rules on the raw columns (a threshold tree, IMM): they "
                    f"agree with K-Means on {tree.agreement:.0%} of the shoppers.")
    t.figure("11_mall_customers.svg", scatter_plot(rows, labels, title="Mall customers",
                                                   x_label="annual income (k$)", y_label="spending score"),
             "Shoppers by income and spending score in five coloured groups: a middle and four corners.",
             "Level 3: simulated mall customers fall into five segments of income and spending.")


def _fewer_distances(t: _Tour) -> None:
    t.section("12", "The same answer, fewer distances",
              "The plain loop measures every point's distance to every centre at every step. "
              "Hamerly's bounds and a k-d tree (the fast package) skip the distances that cannot "
              "change a label, and give the very same clusters.", "12_fewer_distances.py")
    X, _ = make_blobs(n_samples=10_000, centers=8, random_state=0)
    centres, _ = kmeans_plusplus(X, 8, random_state=0)
    fits, rows = {}, []
    for algorithm in ("lloyd", "hamerly", "kdtree"):
        start = time.perf_counter()
        fits[algorithm] = model = KMeans(n_clusters=8, init=centres, n_init=1, algorithm=algorithm).fit(X)
        seconds = time.perf_counter() - start
        rows.append([algorithm, f"{model.inertia_:.6f}", model.n_iter_, f"{model.n_distances_:,}",
                     f"{1 - model.n_distances_ / fits['lloyd'].n_distances_:.0%}",
                     model.labels_ == fits["lloyd"].labels_, f"{seconds * 1e3:.0f}"])
    t.table(["algorithm", "inertia", "iterations", "distances", "skipped", "same labels", "ms"], rows,
            caption="10,000 points, K=8, the same k-means++ start:")


SECTIONS = [_raw_data, _manual_loop, _estimator, _choosing_k, _initialisation, _customers,
            _failures, _images, _evaluation, _challenges, _fewer_distances]


def run_tour(out_dir: str = "tour-output", *, say: Callable[[str], None] = print) -> list:
    """Walk through every tutorial section, printing tables and writing plots to out_dir.

    Returns the sections, as ``index.html`` shows them (``tour_page.Section``).
    """
    os.makedirs(out_dir, exist_ok=True)
    tour = _Tour(out_dir, say)
    start = time.perf_counter()
    for section in SECTIONS:
        section(tour)
    page = write_page(out_dir, tour.sections, tour.X, tour.manual_start, tour.differences)
    n_figures = sum(len(section.figures) for section in tour.sections)
    say(f"\nWrote {n_figures} plots and the page in {time.perf_counter() - start:.1f} s. "
        f"Open it in a browser:\n  {page}")
    return tour.sections
