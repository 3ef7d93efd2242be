"""The tutorial's simulated customers: five uniformly random integer columns.

The tutorial draws them with ``np.random.seed(42)`` and ``np.random.randint``; with the same
seed this generator draws the very same table (our RandomState is NumPy's stream).

    age              18..69       annual_income   20000..149999    purchase_freq  1..51
    avg_order_value  10..499      loyalty_years   0..14

For the third practice challenge, ``make_mall_customers`` simulates the Kaggle "Mall
Customers" shape: annual income (k$) against a spending score (1-100), five groups.

Public functions: make_customers, make_mall_customers, describe_mall_segments.
"""

from __future__ import annotations

from ..randomness import check_random_state
from .generators import make_blobs

__all__ = ["CUSTOMER_COLUMNS", "make_customers", "make_mall_customers", "describe_mall_segments"]

# (income k$, spending score) centres of the five groups the Kaggle data is known for
_MALL_GROUPS = [(26.0, 20.0), (26.0, 79.0), (55.0, 50.0), (87.0, 18.0), (87.0, 82.0)]

# column name -> (low, high): randint draws low <= value < high, as NumPy's randint
CUSTOMER_COLUMNS = {
    "age": (18, 70),
    "annual_income": (20000, 150000),
    "purchase_freq": (1, 52),
    "avg_order_value": (10, 500),
    "loyalty_years": (0, 15),
}


def make_customers(n_customers: int = 500, *, random_state=42) -> tuple[list, list]:
    """(rows, column names): the tutorial's customer table, one column drawn after another.

    >>> rows, names = make_customers(3)
    >>> names[:2], rows[0]
    (['age', 'annual_income'], (56, 123694, 21, 224, 7))
    """
    rng = check_random_state(random_state)
    columns = [rng.randint(low, high, size=n_customers) for low, high in CUSTOMER_COLUMNS.values()]
    return [tuple(row) for row in zip(*columns)], list(CUSTOMER_COLUMNS)


def make_mall_customers(n_customers: int = 200, *, random_state=0) -> tuple[list, list]:
    """(rows, column names): simulated mall customers, annual income (k$) and spending score.

    Five Gaussian groups (low/high income x low/high spending, and a middle group), rounded
    to whole numbers and kept in range (income >= 15, score in 1..99).

    >>> rows, names = make_mall_customers(5)
    >>> names, len(rows), all(15 <= income and 1 <= score <= 99 for income, score in rows)
    (['annual_income_k', 'spending_score'], 5, True)
    """
    X, _ = make_blobs(n_samples=n_customers, centers=_MALL_GROUPS, cluster_std=6.0,
                      random_state=random_state)
    rows = [(max(15.0, float(round(income))), min(99.0, max(1.0, float(round(score)))))
            for income, score in X]
    return rows, ["annual_income_k", "spending_score"]


def describe_mall_segments(profile: list) -> list:
    """Two sentences per mall segment, from how its means compare with the overall averages.

    ``profile`` is ``cluster_profile`` of the mall customers: a segment's income or score is
    high above 1.15 times the size-weighted average, low below 0.85 times it.

    >>> describe_mall_segments([{"cluster": 0, "size": 1, "annual_income_k": 90.0, "spending_score": 80.0},
    ...                         {"cluster": 1, "size": 1, "annual_income_k": 30.0, "spending_score": 20.0}])[0]
    'Segment 0 (1 customers): high income (~90 k$) and they spend a lot (score 80). Worth a premium offer.'
    """
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
