"""Keeping a fitted model: plain JSON-able data out, the very same model back.

``KMeans.to_dict()`` gives a dict of plain values (str, int, float, None, lists, dicts) that
``json.dumps`` writes and ``json.loads`` reads back; ``KMeans.from_dict(data)`` turns it into
a fitted model whose ``predict``, ``transform`` and ``score`` give exactly the original's
numbers. Floats survive exactly: ``json`` writes a float as its ``repr``, the shortest text
that reads back as the same float, and a fitted model holds no NaN or infinity to lose.

The format, version 1 (a later version may add keys; a reader refuses versions it does not know):

    {"format": "kmeans_scratch.KMeans",      FORMAT
     "version": 1,                           VERSION
     "params": {"n_clusters": 3, ...},       constructor parameters that are plain data (a
                                             callable init, a generator random_state and the
                                             callback are left out: they take their defaults)
     "cluster_centers_": [[x, ...], ...],    n_clusters rows of n_features_in_ floats
     "n_features_in_": 2,
     "feature_names_in_": ["a", "b"],        only when fitted on named columns
     "inertia_": 362.79011271962446,         the fit's inertia (a float >= 0)
     "n_iter_": 2}                           Lloyd steps of the best run (an int >= 1)

``labels_`` and ``n_distances_`` describe the training run, not the model, and are not kept.

The command line's model file (``cluster --save-model``, read by ``predict``) wraps it:

    {"format": "kmeans_scratch.cluster-model", "version": 1,
     "columns": ["a", "b"],                  the CSV columns used, in order
     "scaler": {"mean": [...], "scale": [...]} or null     z = (x - mean) / scale (--scale)
     "model": {... the KMeans format above ...}}

``KMeans`` gets ``to_dict`` and ``from_dict`` from ``DictMixin`` (scikit-learn builds its
estimators from such mixins), so the estimator's module only names this one.

Public names: DictMixin, model_to_dict, model_from_dict, model_file_text, read_model_file.
Reference: RFC 8259 (JSON); Python's ``json`` module (floats written with ``float.__repr__``).
"""

from __future__ import annotations

import json
import math
import numbers
from typing import Any

from .errors import KMeansError, NotFittedError
from .validation import describe

__all__ = ["DictMixin", "FORMAT", "VERSION", "FILE_FORMAT", "model_to_dict", "model_from_dict",
           "model_file_text", "read_model_file"]

FORMAT, VERSION = "kmeans_scratch.KMeans", 1
FILE_FORMAT = "kmeans_scratch.cluster-model"
PARAMS = ("n_clusters", "init", "n_init", "max_iter", "tol", "random_state", "algorithm",
          "verbose")        # the constructor's parameters a file may hold (not the callback)
_CALLER = "KMeans.from_dict"


class DictMixin:
    """``to_dict()`` and ``from_dict(data)`` for an estimator: the format above, as methods."""

    def to_dict(self) -> dict:
        """The fitted model as plain JSON-able data (the versioned format of ``persistence``).

        >>> from kmeans_scratch import KMeans
        >>> import json
        >>> model = KMeans(n_clusters=2, random_state=0).fit([[0.0], [1.0], [9.0]])
        >>> again = KMeans.from_dict(json.loads(json.dumps(model.to_dict())))
        >>> again.predict([[2.0], [7.0]]), again.cluster_centers_ == model.cluster_centers_
        ([0, 1], True)

        Raises NotFittedError for a model that was never fitted.
        """
        return model_to_dict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Any:
        """A fitted model from ``to_dict``'s data: it predicts, transforms and scores the same.

        Raises KMeansError for data of another format or a newer version, or with a field
        missing or of the wrong size; TypeError for a field of the wrong kind.
        """
        params, fitted = model_from_dict(data)
        model = cls(**params)
        model.__dict__.update(fitted)
        return model


def model_to_dict(model: Any) -> dict:
    """The fitted model as plain data in the format above (``KMeans.to_dict`` calls this).

    >>> from kmeans_scratch import KMeans
    >>> data = KMeans(n_clusters=2, random_state=0).fit([[0.0], [1.0], [9.0]]).to_dict()
    >>> data["format"], data["version"], data["cluster_centers_"], data["inertia_"]
    ('kmeans_scratch.KMeans', 1, [[0.5], [9.0]], 0.5)

    Raises NotFittedError for a model that was never fitted.
    """
    if not hasattr(model, "cluster_centers_"):
        raise NotFittedError("This KMeans instance is not fitted yet; call 'fit' before 'to_dict'")
    params = model.get_params()
    data = {"format": FORMAT, "version": VERSION,
            "params": {name: _plain(params[name]) for name in PARAMS
                       if name in params and _plain(params[name]) is not _NOT_PLAIN},
            "cluster_centers_": [list(centre) for centre in model.cluster_centers_],
            "n_features_in_": model.n_features_in_}
    if getattr(model, "feature_names_in_", None) is not None:
        data["feature_names_in_"] = list(model.feature_names_in_)
    data.update(inertia_=model.inertia_, n_iter_=model.n_iter_)
    return data


_NOT_PLAIN = object()


def _plain(value: Any) -> Any:
    """value as JSON's plain data (lists for sequences), or _NOT_PLAIN if it has none."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value) if math.isfinite(value) else _NOT_PLAIN
    if isinstance(value, (list, tuple)):
        items = [_plain(item) for item in value]
        return _NOT_PLAIN if any(item is _NOT_PLAIN for item in items) else items
    return _NOT_PLAIN


def model_from_dict(data: Any) -> tuple[dict, dict]:
    """(constructor parameters, fitted attributes) read from ``to_dict``'s data, checked.

    ``KMeans.from_dict`` builds the model from them.

    >>> params, fitted = model_from_dict({"format": "kmeans_scratch.KMeans", "version": 1,
    ...     "params": {"n_clusters": 1}, "cluster_centers_": [[1.5]], "n_features_in_": 1,
    ...     "inertia_": 0.5, "n_iter_": 1})
    >>> params, fitted["cluster_centers_"]
    ({'n_clusters': 1}, [(1.5,)])

    Raises KMeansError for data of another format or a newer version, a missing field, or
    a field of the wrong size; TypeError for a field of the wrong kind (text for a number).
    """
    _check_format(data, FORMAT, _CALLER)
    params = _field(data, "params", dict, "a dict of parameters")
    unknown = sorted(set(params) - set(PARAMS))
    if unknown:
        raise KMeansError(f"{_CALLER} requires params among {', '.join(PARAMS)}; got {unknown[0]!r}")
    n_features = _count(data, "n_features_in_")
    centres = _rows(_field(data, "cluster_centers_", list, "a list of rows"), n_features,
                    "cluster_centers_", "n_features_in_")
    if "n_clusters" in params and params["n_clusters"] != len(centres):
        raise KMeansError(f"{_CALLER} requires params n_clusters equal to the number of "
                          f"cluster_centers_; got n_clusters={describe(params['n_clusters'])}, "
                          f"{len(centres)} centres")
    inertia = _number(_field(data, "inertia_", object, "a number"), "inertia_", _CALLER)
    if inertia < 0:
        raise KMeansError(f"{_CALLER} requires inertia_ >= 0; got inertia_={inertia!r}")
    fitted = {"cluster_centers_": centres, "n_features_in_": n_features, "inertia_": inertia,
              "n_iter_": _count(data, "n_iter_")}
    if "feature_names_in_" in data:
        fitted["feature_names_in_"] = _names(data["feature_names_in_"], n_features,
                                             "feature_names_in_", _CALLER)
    return params, fitted


def model_file_text(model_data: dict, columns: list, scaler: Any = None) -> str:
    """The command line's model file: the model's data, the columns used and the scaler.

    ``scaler`` is a fitted StandardScaler (its mean_ and scale_ are kept) or None.

    >>> text = model_file_text({"format": "kmeans_scratch.KMeans"}, ["a"])
    >>> json.loads(text)["columns"], json.loads(text)["scaler"]
    (['a'], None)
    """
    kept = None if scaler is None else {"mean": list(scaler.mean_), "scale": list(scaler.scale_)}
    return json.dumps({"format": FILE_FORMAT, "version": VERSION, "columns": list(columns),
                       "scaler": kept, "model": model_data}, indent=1) + "\n"


def read_model_file(text: str, *, caller: str = "read_model_file") -> tuple:
    """(model data for KMeans.from_dict, columns, scaler means or None, scales or None).

    >>> read_model_file(model_file_text({"format": "kmeans_scratch.KMeans"}, ["a"]))
    ({'format': 'kmeans_scratch.KMeans'}, ['a'], None, None)

    Raises KMeansError for text that is not JSON, not this format or a newer version, or
    has fields of the wrong size; TypeError for fields of the wrong kind.
    """
    try:
        data = json.loads(text)
    except ValueError as error:     # (JSONDecodeError and bad Unicode are ValueErrors)
        raise KMeansError(f"{caller} requires a JSON model file; got text that is not JSON "
                          f"({error})") from None
    _check_format(data, FILE_FORMAT, caller)
    columns = data.get("columns")
    if not isinstance(columns, list) or not columns:
        raise KMeansError(f"{caller} requires columns as a list of column names; got "
                          f"columns={describe(columns)}")
    columns = _names(columns, len(columns), "columns", caller)
    scaler = data.get("scaler")
    if scaler is None:
        return data.get("model"), columns, None, None
    if not isinstance(scaler, dict):
        raise TypeError(f"{caller} requires scaler as null or a dict of mean and scale; got "
                        f"scaler={describe(scaler)}")
    # a list, not a generator: PyPy turns a TypeError raised while unpacking a generator
    # into "cannot unpack non-iterable generator object", losing our message
    means, scales = [[_number(value, f"scaler.{key}[{j}]", caller)
                      for j, value in enumerate(_list(scaler.get(key), len(columns),
                                                      f"scaler.{key}", caller))]
                     for key in ("mean", "scale")]
    if not all(scale > 0 for scale in scales):
        raise KMeansError(f"{caller} requires scaler.scale > 0; got scaler.scale={scales}")
    return data.get("model"), columns, means, scales


# -- checks: each names the field it found wrong -----------------------------------------
def _check_format(data: Any, name: str, caller: str) -> None:
    """Raise unless data is a dict of format ``name`` and a version this module reads."""
    got = (f"format={describe(data.get('format'))}, version={describe(data.get('version'))}"
           if isinstance(data, dict) else f"a {type(data).__name__}")
    version = data.get("version") if isinstance(data, dict) else None
    if not (isinstance(data, dict) and data.get("format") == name and isinstance(version, int)
            and not isinstance(version, bool) and 1 <= version <= VERSION):
        raise KMeansError(f"{caller} requires format {name!r} version <= {VERSION}; got {got}")


def _field(data: dict, name: str, kind: type, wanted: str) -> Any:
    """data[name], which must be there and of the given kind."""
    if name not in data:
        raise KMeansError(f"{_CALLER} requires a field {name!r}; got none")
    if not isinstance(data[name], kind):
        raise TypeError(f"{_CALLER} requires {name} as {wanted}; got {name}={describe(data[name])}")
    return data[name]


def _count(data: dict, name: str) -> int:
    """data[name] as a whole number >= 1."""
    value = _field(data, name, int, "a whole number")
    if isinstance(value, bool) or value < 1:
        raise KMeansError(f"{_CALLER} requires {name} >= 1; got {name}={describe(value)}")
    return value


def _number(value: Any, name: str, caller: str) -> float:
    """value as a finite float; ``name`` says where it was in a message."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{caller} requires {name} to be a number; got {name}={describe(value)}")
    if abs(value) > 1.7976931348623157e308 or not math.isfinite(value):   # (ints first)
        raise KMeansError(f"{caller} requires {name} to be a finite float; got {name}={describe(value)}")
    return float(value)


def _list(value: Any, length: int, name: str, caller: str) -> list:
    """value, which must be a list of the given length."""
    if not isinstance(value, list):
        raise TypeError(f"{caller} requires {name} as a list; got {name}={describe(value)}")
    if len(value) != length:
        raise KMeansError(f"{caller} requires {length} values in {name}; got {len(value)}")
    return value


def _rows(value: list, width: int, name: str, width_name: str) -> list:
    """At least one row of ``width`` finite numbers, as tuples of floats."""
    if not value:
        raise KMeansError(f"{_CALLER} requires at least one row in {name}; got none")
    return [tuple(_number(v, f"{name}[{i}][{j}]", _CALLER)
                  for j, v in enumerate(_list(row, width, f"{name}[{i}] ({width_name}={width})",
                                              _CALLER)))
            for i, row in enumerate(value)]


def _names(value: Any, length: int, name: str, caller: str) -> list:
    """A list of ``length`` distinct strings."""
    names = _list(value, length, name, caller)
    for j, item in enumerate(names):
        if not isinstance(item, str):
            raise TypeError(f"{caller} requires {name} to be text; got {name}[{j}]={describe(item)}")
    if len(set(names)) != len(names):
        raise KMeansError(f"{caller} requires distinct {name}; got {names}")
    return list(names)

