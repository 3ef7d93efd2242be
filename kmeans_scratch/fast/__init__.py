"""The fast half: Lloyd's loop and k-means++ with far fewer distances, and the same answers.

Skip this package on a first read. Everything here exists for speed only; the plain modules
(``vectors``, ``lloyd``, ``seeding``, ``kmeans``) are the algorithm and the reference, and
nothing in them imports this package except ``kmeans``, once.

Where is ...?

    name                      module           what it is
    hamerly, hamerly_steps    bounds           Lloyd with Hamerly's bounds: most points skip all distances
    kdtree_lloyd, ...steps    filtering        Lloyd on a k-d tree: whole boxes of points assigned at once
    PointTree                 kdtree           the points in a k-d tree, each box with its exact sums
    morton_keys               morton           Morton (Z-order) keys: the order the tree is built in
    tree_plusplus_indices     tree_seeding     greedy k-means++ with candidates tried box by box
    moment_sum, box_moments   box_distances    how far a box's rows are from a point: bounds, rows, moments
    cluster_plusplus_indices  cluster_seeding  greedy k-means++ skipping rows a candidate cannot take
    draw_first                first_draw       k-means++'s first row under unit weights, no n additions
    draw_candidates           candidate_draws  k-means++'s candidate rows from block sums, not every running sum
    loop_hamerly, LoopRun     hamerly_loops    Hamerly's bounds as plain loops on screened distances (PyPy)
    screened_plusplus_indices screened_seeding greedy k-means++ deciding most rows with cheap sums (PyPy)
    incremental_lloyd         driver           the loop around both fast assignments
    ExactSums, exact_rows     cluster_sums     every cluster's exact sums of w*x and w, point by point
    exact_sum, grouped_sums   exact            exact sums of floats as integers; the rounding margins
    ExactTotal                exact            an exact running sum of floats, a few floats kept
    ExactPotential            exact_potential  each leaf's sum of w*D**2 in two floats: k-means++'s
                                               potential without a sum over every row
    cheap, nearest_of         screening        squared distances in plain floats, and what they decide
    batch_dists               batch_dist       exact distances for many rows in one call (PyPy's loops)
    choose_algorithm          runner           what KMeans(algorithm='auto') picks for a data shape
    prepare                   runner           the (run, plusplus) pair KMeans calls for 'hamerly'/'kdtree'
    fit_rows                  runner           X's rows as that run reads them best (lists on PyPy's loops)

Why the results are bit-identical to the plain ones -- the same labels, the same centres to
the last bit, the same n_iter, the same k-means++ rows -- and not merely close:

  1. Every distance that decides anything is computed as the plain code computes it:
     ``vectors.dist(x, c)``, compared with the same tie rule (lowest index; first candidate).
     A shortcut only decides that some distances need not be computed at all. (On PyPy,
     ``batch_dist`` runs ``portable_dist``'s own steps for many rows in one call: the same
     floats.)
  2. A shortcut is taken only when it is right after any rounding. Bounds and box tests are
     built from computed floats, so each is pushed the safe way by a margin much larger
     than the few ulps of error it could carry (the margins below). A margin can only cost
     a few skipped shortcuts -- the point is then compared exactly -- never a wrong label.
     On PyPy most decisions are such shortcuts on squared distances summed in plain
     floats (``screening``): the nearest centre when the runner-up is clearly farther, a
     k-means++ row a candidate surely cannot take; anything closer is decided exactly.
  3. Cluster sums are kept exactly, as integers (``exact``, ``cluster_sums``): every float
     is a whole number of units of a power of two, and integer sums are exact in any order.
     Turning the exact sum into a float once gives the correctly rounded sum, the very one
     ``math.fsum`` gives over the members; times 1 / (the sum of the weights), as
     ``vectors.mean`` does, it is the plain loop's mean to the last bit.
  4. Anything unusual -- an empty cluster -- is handed to the plain update (``lloyd``).
  5. k-means++ draws its candidates from the plain module's own uniforms, the same random
     stream, and finds the very rows the plain draws (``seeding.draw_first``,
     ``seeding.draw_candidates``) pick: with unit weights the first row on the running sums'
     runs of equal steps (``first_draw``, tested against ``accumulate`` and
     ``seeding.draw_first``), each candidate from block sums and the proven bound on how far
     the running sums can be from them, every running sum made where a target is too close
     to tell (``candidate_draws``, tested against ``seeding.draw_candidates``); PyPy's
     ``screened_seeding`` in one pass of its own (``draw_indices``, tested likewise).

The margins, each defined once in ``exact``:

  WIDEN, NARROW (1 +- 1e-10)  A distance computed in floats is within a few 2**-53 of the true
      one. Multiplied by WIDEN it is a safe upper bound, by NARROW a safe lower bound: in
      Hamerly's bounds and half-gaps (``bounds``), the k-d tree's box radius (``kdtree``),
      the box test of filtering (``filtering``) and of the tree's k-means++ (``tree_seeding``).
      So is a correctly rounded sum (``math.fsum``) times WIDEN: ``screened_seeding`` bounds
      every k-means++ term w * D(x)**2 by the potential so, for ``exact.ExactTotal``.
  BOUND_GUARD (2**-48)  Hamerly's bounds move by running totals of the centre shifts; each
      addition may round by 2**-53 of the largest value held, so every move adds
      BOUND_GUARD times the largest stored magnitude: the bounds only ever loosen.
  SLACK_GUARD (2**-40)  The same for filtering's running totals of slack used; its values
      come from longer chains of operations (box radius, middle, slack), hence the wider margin.
  LEAF_GAP_GUARD (1e-9)  A border leaf's slack is the smallest gap between a point's two
      nearest centres, a difference of two rounded distances: it is reduced by this much of
      the largest distance in the leaf.
  TRIAL_ERROR (2**-50), TRIAL_FLOOR (2**-1060)  On the tree, a k-means++ candidate's potential
      is first estimated in floats with five roundings, each within 2**-53 of a sum s of
      magnitudes; 2**-50 * s (8 roundings' worth) bounds them with room to spare, and the
      floor covers absolute errors among subnormal values. Candidates whose bounds overlap
      the best one's have their potential from the leaves' two-float sums
      (``exact_potential``), taken only when that sum and its error bound stay inside one
      rounding interval (widened by these margins), else summed over every row with
      ``math.fsum`` (correctly rounded in any order, so the plain loop's very float): the
      choice is always the plain loop's.
      A box the candidate takes whole adds its sum by the moment formula (``box_distances``),
      bounded by 2 * TRIAL_ERROR times the sum of the formula's magnitudes, plus the error
      of the box's first sum and TRIAL_FLOOR * (1 + w * (2 + d)) * (1 + |c - f|) a row (derived in
      ``moment_sum``'s docstring there: among the subnormals a rounded square is off by up
      to 2**-1075 whatever its size, and a weight multiplies that); a trial that overflows
      gives no bound at all and is summed row by row. ``screened_seeding`` estimates the
      same way from plain running sums and cheap squared sums; its docstring derives the
      terms this adds to the bound (from the SCREEN margins).
  ABSOLUTE_GUARD (2**-1000)  Relative margins give no room where distances are down among
      the subnormals (data spread over 1e-320, say), where each operation may err by a whole
      2**-1074. The k-d tree's tests (box radius, box test, slacks, k-means++ reach) add
      this much the safe way too; on data of any ordinary scale it changes nothing.
  SCREEN_FEATURES (10,000), SCREEN_CEILING (1e300)  ``screening`` sums a squared distance
      s~ = sum_f (x[f] - c[f])**2 in plain floats. Each difference and each square rounds
      by at most 2**-53 relative and each of the n_features - 1 additions of non-negative
      terms by 2**-53 of the sum so far, so |s~ - s| <= (n_features + 2) * 2**-53 * s,
      below 1.2e-12 * s for n_features <= 10,000 -- a hundredth of the 1e-10 of WIDEN and
      NARROW, which then bound the true s (and an exact dist squared, within 5 * 2**-53 of
      it) with room. Squares below the normal floats lose up to 2**-1074 each, absolutely:
      ABSOLUTE_GUARD covers any number of them. Above SCREEN_CEILING a square may have
      overflowed to inf, so such values decide nothing (the exact path is taken). Decisions
      on two cheap values widen both: s~_1 * NARROW - guard > s~_2 * WIDEN**2 + guard.

Reference: G. Hamerly (2010), SIAM SDM; T. Kanungo et al. (2002), IEEE TPAMI 24(7); D.
Goldberg (1991), ACM Computing Surveys 23(1).
"""

from .bounds import hamerly, hamerly_steps
from .cluster_seeding import cluster_plusplus_indices
from .filtering import kdtree_lloyd, kdtree_steps
from .kdtree import PointTree
from .runner import choose_algorithm, fit_rows, prepare
from .tree_seeding import tree_plusplus_indices

__all__ = ["hamerly", "hamerly_steps", "kdtree_lloyd", "kdtree_steps", "PointTree",
           "tree_plusplus_indices", "cluster_plusplus_indices", "choose_algorithm", "prepare",
           "fit_rows"]
