"""What every command checks before any work: the caps on K and restarts, and the outputs.

K above ``K_CAP`` (elbow's ``--k-max`` above ``K_MAX_CAP``) and ``--n-init`` above
``N_INIT_CAP`` are refused unless ``--force``; an output must be a regular file that is new
(or ``--overwrite``), never an input, and never the same file as another output
(``files.check_output``).

Public: check_caps, check_outputs, K_CAP, K_MAX_CAP, N_INIT_CAP.
"""

from __future__ import annotations

import os
from typing import Sequence

from ..files import check_output

__all__ = ["check_caps", "check_outputs", "K_CAP", "K_MAX_CAP", "N_INIT_CAP"]

K_CAP = 100           # cluster --k: beyond this, clusters of a few rows each (--force lifts it)
K_MAX_CAP = 50        # elbow --k-max: elbow fits every K up to it, ~k_max**2 / 2 centre-rows
N_INIT_CAP = 100      # --n-init: restarts beyond ~10 rarely lower the inertia


def check_caps(args, **values: int) -> None:
    """Refuse --n-init (and the given K options) above their caps, unless --force."""
    caps = {"k": K_CAP, "k_max": K_MAX_CAP, "n_init": N_INIT_CAP}
    for name, value in dict(values, n_init=args.n_init).items():
        option = "--" + name.replace("_", "-")
        if value < 1:
            raise ValueError(f"{args.command} requires {option} >= 1; got {option}={value}")
        if value > caps[name] and not args.force:
            raise ValueError(f"{args.command} requires {option} <= {caps[name]} (pass --force to go "
                             f"beyond; it may take hours); got {option}={value}")


def check_outputs(args, outputs: dict, inputs: Sequence[str], stdout_ok: str = "") -> None:
    """Refuse outputs that are not plain new files (or --overwrite'able ones), or clash."""
    given = {option: path for option, path in outputs.items() if path is not None}
    for option, path in given.items():
        if path == "-" and option != stdout_ok:
            raise ValueError(f"{args.command} requires a file name for {option}; got {option}='-' "
                             f"(standard output is only for cluster --out)")
        if path != "-":
            check_output(path, overwrite=args.overwrite, inputs=inputs, caller=args.command,
                         name=option, flag="--overwrite")
    files = [(option, path) for option, path in given.items() if path != "-"]
    for i, (option, path) in enumerate(files):
        for other, other_path in files[i + 1:]:
            if os.path.realpath(path) == os.path.realpath(other_path):
                raise ValueError(f"{args.command} requires {option} and {other} to be different "
                                 f"files; got {option}={path!r}, {other}={other_path!r}")
