"""Fuzzing read_csv_table: valid files, mutated files and random bytes.

Every input must give either the table an independent parse of the whole text gives (csv
over the fully decoded file, csv.reader.line_num for the lines), or our error, a KMeansError
naming the file; the two must agree on which inputs are valid. Nothing else may escape.

The example count follows the Hypothesis profile (60 by default). For a longer campaign run

    CSV_FUZZ_EXAMPLES=20000 python3 -m pytest -q -p no:warnings tests/test_csv_fuzz.py

(add HYPOTHESIS_PROFILE=ci for a derandomized run, --hypothesis-seed=N to vary it, and
--hypothesis-show-statistics to see how often each kind of error came up).
"""

import csv
from array import array
import io
import math
import os

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kmeans_scratch.csv_formats import COMMA, POINT, number_readings
from kmeans_scratch.csv_table import CsvTable, read_csv_table
from kmeans_scratch.errors import KMeansError
from kmeans_scratch.validation import MAX_MAGNITUDE

EXAMPLES = int(os.environ.get("CSV_FUZZ_EXAMPLES", settings().max_examples))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

KINDS = ["not UTF-8", "NUL byte", "longer than", "not a finite number", "too large", "cells; expected",
         "empty file", "only a header", "numeric column"]
PAYLOADS = [b'"', b'""', b"\x00", b",", b"\n", b"\r", b"\r\n", b"\xff", b"\xc3", b"\xe2\x82",
            b"\xed\xa0\x80", b"\xef\xbb\xbf", b"nan", b"inf", b"1e200", b" ", b"\xc3\xa9",
            b"x" * (csv.field_size_limit() + 1), b'"' + b"9" * csv.field_size_limit()]
CELLS = st.one_of(
    st.floats(width=32).map(repr), st.integers(-10**6, 10**6).map(str),
    st.sampled_from(["nan", "inf", "1e150", "-1e151", " 2 ", "", "x", "é", "1_0", "0x1"]),
    st.text(alphabet='ab ,"\n\r\t', max_size=6))


@st.composite
def valid_files(draw) -> bytes:
    """A CSV file written by csv.writer: maybe a header, rows of one width, any line ending."""
    width = draw(st.integers(1, 4))
    rows = draw(st.lists(st.lists(CELLS, min_size=width, max_size=width), min_size=1, max_size=6))
    if draw(st.booleans()):
        rows.insert(0, [f"c{j}" for j in range(width)])
    text = io.StringIO()
    csv.writer(text, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"]))).writerows(rows)
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return bom + text.getvalue().encode("utf-8")


@st.composite
def mutated_files(draw) -> bytes:
    """A valid file with a few bytes inserted, deleted or replaced."""
    data = bytearray(draw(valid_files()))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        payload = draw(st.sampled_from(PAYLOADS) | st.binary(min_size=1, max_size=4))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        end = at if kind == "insert" else min(len(data), at + draw(st.integers(1, 4)))
        data[at:end] = b"" if kind == "delete" else payload
    return bytes(data)


def number(cell: str):
    try:
        return float(cell)
    except ValueError:
        return None


UNKNOWN = object()      # the model does not sniff delimiters: other results are not compared


def expected_table(data: bytes):
    """The table an independent, whole-file parse gives, None if the file is not valid, or
    UNKNOWN when another delimiter than the comma could be sniffed.

    The rules it follows (csv_table's): a column is numeric if every data cell is a number
    in one reading (POINT '1,234.5' or COMMA '1.234,5', POINT when both fit), text if none
    is, and a file mixing the two in a column is not valid.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if "\0" in text:
        return None
    if any(delimiter in text for delimiter in ";\t|"):
        return UNKNOWN
    reader, records, line = csv.reader(io.StringIO(text, newline="")), [], 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                records.append((line, cells))
            line = reader.line_num + 1
    except csv.Error:
        return None
    if not records or any(len(cells) != len(records[0][1]) for _, cells in records):
        return None
    first = records[0][1]
    if len(records) == 1:
        header = not any(number_readings(cell) for cell in first)
    else:
        header = any(not number_readings(a) and number_readings(b)
                     for a, b in zip(first, records[1][1]))
    data_records = records[1:] if header else records
    if not data_records:
        return None
    names = [c.strip() for c in first] if header else [f"column{j + 1}" for j in range(len(first))]
    columns = list(zip(*(cells for _, cells in data_records)))
    readings = [[number_readings(cell) for cell in column] for column in columns]
    numeric, values = [], []
    for j, column in enumerate(readings):
        if not any(column):
            continue                                   # text throughout
        if not all(column):
            return None                                # text and numbers mixed
        reading = POINT if all(POINT in r for r in column) else COMMA
        if not all(reading in r for r in column):
            return None                                # no one reading fits every cell
        numeric.append(j)
        values.append([r[reading] for r in column])
    if not numeric:
        return None
    rows = list(zip(*values))
    if not all(math.isfinite(v) and abs(v) <= MAX_MAGNITUDE for row in rows for v in row):
        return None
    return CsvTable([names[j] for j in numeric], [tuple(row) for row in rows],
                    [names[j] for j in range(len(first)) if j not in numeric],
                    array("q", [line for line, _ in data_records]))


def check(tmp_path, data: bytes) -> None:
    """read_csv_table agrees with expected_table, or fails with our error naming the file."""
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    expected = expected_table(data)
    try:
        table = read_csv_table(path)
    except KMeansError as error:
        message = str(error)
        event("refused: " + next((kind for kind in KINDS if kind in message), "other"))
        assert expected is None or expected is UNKNOWN, f"refused a valid file: {message}"
        assert str(path) in message and "\n" not in message, message
    else:
        event("read")
        if expected is not UNKNOWN:             # (the number formats are the model's too)
            assert expected is not None and table[:4] == expected[:4]


@FUZZ
@given(data=valid_files())
def test_valid_files_read_as_the_whole_file_parse_says(tmp_path, data):
    check(tmp_path, data)


@FUZZ
@given(data=mutated_files())
def test_mutated_files_give_the_right_table_or_our_error(tmp_path, data):
    check(tmp_path, data)


@FUZZ
@given(data=st.binary(max_size=200))
def test_random_bytes_give_the_right_table_or_our_error(tmp_path, data):
    check(tmp_path, data)
