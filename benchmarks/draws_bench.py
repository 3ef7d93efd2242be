"""k-means++'s candidate draws: the plain running sums against the block sums, side by side.

Run from the repository root:

    python benchmarks/draws_bench.py              # 10^6 rows
    python benchmarks/draws_bench.py 100000       # another size

One default k-means++ on the k-d tree (KMeans(n_clusters=8, random_state=0)'s, on
make_blobs(n, 2, centers=8, random_state=0), centred) calls the draws once a round. Each
call here is made twice on the same arguments, from copies of the same generator: by
``seeding.draw_candidates`` (running sums up to the largest target) and by
``fast.candidate_draws.draw_candidates`` (block sums, a block's running sums per target).
Printed: each round's seconds for both (``time.perf_counter``), that the rows are the same,
and then how often a target falls too close to a running sum for the blocks to tell, over
20,000 uniform targets on the first round's D(x)**2, against the bound's own estimate
4 * n**2 * 2**-53.
"""

import copy
import gc
import math
import pathlib
import random
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from kmeans_scratch import fast, make_blobs, seeding  # noqa: E402
from kmeans_scratch.fast import candidate_draws, tree_seeding  # noqa: E402
from kmeans_scratch.numpy_means import centre, column_means  # noqa: E402
from kmeans_scratch.randomness import check_random_state  # noqa: E402
from kmeans_scratch.validation import check_columns, check_sample_weight  # noqa: E402

TARGETS = 20_000


def main(n: int) -> None:
    rows = make_blobs(n_samples=n, n_features=2, centers=8, random_state=0)[0]
    gc.disable()
    X = check_columns(rows)
    centre(X, column_means(X))
    weights = check_sample_weight(None, n)
    _, plusplus = fast.prepare("kdtree", X, weights)
    rounds = []

    def both(rng, unit, closest, potential, n_trials):
        """The plain draw's rows (what k-means++ goes on with), both timed, from one state."""
        twin = copy.deepcopy(rng)
        start = time.perf_counter()
        plain = seeding.draw_candidates(rng, unit, closest, potential, n_trials)
        middle = time.perf_counter()
        blocks = candidate_draws.draw_candidates(twin, unit, closest, potential, n_trials)
        rounds.append((middle - start, time.perf_counter() - middle, plain == blocks, closest))
        return plain

    tree_seeding.draw_candidates = both
    plusplus(X, 8, check_random_state(0), weights)
    print(f"Python {sys.version.split()[0]}; {n:,} x 2-D blobs, k=8: seconds a round")
    print(f"{'round':>5} {'plain':>8} {'blocks':>8}  same rows")
    for number, (plain, blocks, same, _) in enumerate(rounds, 1):
        print(f"{number:5} {plain:8.4f} {blocks:8.4f}  {same}")
    print(f"{'all':>5} {sum(r[0] for r in rounds):8.4f} {sum(r[1] for r in rounds):8.4f}  "
          f"{all(r[2] for r in rounds)}")
    closest = rounds[0][3]
    print(f"targets too close to tell: {_too_close(closest)} of {TARGETS:,} "
          f"(the bound's estimate: {4 * n * n * 2.0 ** -53 * TARGETS:.1f})")


def _too_close(closest) -> int:
    """How many of TARGETS uniform targets the blocks cannot place (``_row`` gives None)."""
    ends, reach = candidate_draws._blocks(closest)        # (the module's own, as it draws)
    potential, rng = math.fsum(closest), random.Random(1)
    return sum(candidate_draws._row(closest, ends, rng.random() * potential, reach) is None
               for _ in range(TARGETS))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
