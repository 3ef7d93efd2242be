"""The tutorial's simulated customers: five uniformly random integer columns.

The tutorial draws them with ``np.random.seed(42)`` and ``np.random.randint``; with the same
seed this generator draws the very same table (our RandomState is NumPy's stream).

    age              18..69       annual_income   20000..149999    purchase_freq  1..51
    avg_order_value  10..499      loyalty_years   0..14

Public function: make_customers.
"""

from __future__ import annotations

from ..randomness import check_random_state

__all__ = ["CUSTOMER_COLUMNS", "make_customers"]

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
