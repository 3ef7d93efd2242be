"""Example tests for csv_table: every error message, with the file's line, column and byte."""

import csv
from array import array
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kmeans_scratch import csv_lines
from kmeans_scratch.csv_table import MAX_LINE_BYTES, CsvTable, read_csv_table
from kmeans_scratch.errors import KMeansError

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path, content: bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_rows_are_float_tuples_with_file_line_numbers(tmp_path):
    path = write(tmp_path, b'a,b,kind\n\n1,2,"two\nlines"\n3,4e1,y\n')
    assert read_csv_table(path) == CsvTable(["a", "b"], [(1.0, 2.0), (3.0, 40.0)], ["kind"], array("q", [3, 5]))


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"])
def test_every_line_ending_is_read(tmp_path, end):
    path = write(tmp_path, end.join([b"\xef\xbb\xbfa,b", b"1,2", b"3,4", b""]))
    assert read_csv_table(path) == CsvTable(["a", "b"], [(1.0, 2.0), (3.0, 4.0)], [], array("q", [2, 3]))


def test_no_header_and_chosen_columns(tmp_path):
    path = write(tmp_path, b"1,2,3\n4,5,6\n")
    table = read_csv_table(path, columns=["column3", "column1"])
    assert table == CsvTable(["column3", "column1"], [(3.0, 1.0), (6.0, 4.0)], ["column2"], array("q", [1, 2]))


def test_line_numbers_stay_right_after_a_quoted_field_spanning_lines(tmp_path):
    path = write(tmp_path, b'a,note\n1,"one\ntwo\nthree"\n2,ok\nx,bad\n')
    with pytest.raises(KMeansError, match=r"line 6, column 'a': 'x' is not a finite number; "
                       r"expected a number \(column 1 is numeric from line 2\)$"):
        read_csv_table(path)


def test_ragged_line_names_the_missing_or_extra_column(tmp_path):
    with pytest.raises(KMeansError, match=r"data.csv: line 3 has 1 cells; expected 2 like line 1: "
                       r"column 2 \('b'\) is missing"):
        read_csv_table(write(tmp_path, b"a,b\n1,2\n3\n"))
    with pytest.raises(KMeansError, match=r"line 2 has 3 cells; expected 2 like line 1: column 3 "
                       r"is extra \(a comma too few or too many, or an unclosed quote\?\)"):
        read_csv_table(write(tmp_path, b"1,2\n3,4,5\n"))


@pytest.mark.parametrize("cell", [b"x", b"nan", b"-inf", b"1e999"])
def test_text_nan_or_infinity_in_a_numeric_column(tmp_path, cell):
    path = write(tmp_path, b"a,b\n1,2\n3," + cell + b"\n")
    with pytest.raises(KMeansError, match=rf"data.csv: line 3, column 'b': '{cell.decode()}' is not "
                       "a finite number"):
        read_csv_table(path)


def test_a_long_bad_cell_is_cut_short_in_the_message(tmp_path):
    path = write(tmp_path, b"a\n1\n" + b"y" * 1000 + b"\n")
    with pytest.raises(KMeansError, match=r"line 3, column 'a': 'y{40}'\.\.\. \(1000 characters\) "
                       "is not a finite number"):
        read_csv_table(path)


def test_too_large_value_names_its_line_and_column(tmp_path):
    path = write(tmp_path, b"a,b\n1,2\n3,1e200\n")
    with pytest.raises(KMeansError, match=r"data.csv: line 3, column 'b': 1e\+200 is too large; "
                       r"expected \|value\| <= 1e\+150 in column 2"):
        read_csv_table(path)
    assert read_csv_table(write(tmp_path, b"a\n1e150\n-1e150\n")).rows == [(1e150,), (-1e150,)]


def test_nul_byte_names_line_column_and_byte(tmp_path):
    path = write(tmp_path, b"a,b\n1,2\n3,4\x005\n")
    with pytest.raises(KMeansError, match=r"data.csv: line 3, column 2 \('b'\), byte 11: a NUL "
                       r"byte; expected text \(is this a binary file\?\)$"):
        read_csv_table(path)


def test_nul_byte_in_a_text_column_is_refused_too(tmp_path):
    # Python 3.11+ csv would accept it as data, 3.9 and PyPy refuse it: we refuse it everywhere
    path = write(tmp_path, b'a,kind\n1,x\n2,"y\x00"\n')
    with pytest.raises(KMeansError, match=r"line 3, column 2 \('kind'\), byte 15: a NUL byte"):
        read_csv_table(path)


def test_cell_over_the_csv_field_limit(tmp_path):
    limit = csv.field_size_limit()
    path = write(tmp_path, b"a,b,c\n1,2,3\n4," + b"9" * (limit + 1) + b",6\n")
    with pytest.raises(KMeansError, match=rf"data.csv: line 3, column 2 \('b'\): a cell longer than "
                       rf"{limit} characters, the csv module's limit; expected a short cell"):
        read_csv_table(path)


def test_unclosed_quote_names_where_its_row_starts(tmp_path):
    path = write(tmp_path, b'a,b\n1,2\n3,"4\n' + b"5,6\n" * 40000)
    with pytest.raises(KMeansError, match=r"line 3277\d, column 2 \('b'\): a cell longer than \d+ "
                       r"characters, the csv module's limit \(its row starts on line 3\)"):
        read_csv_table(path)


def test_non_utf8_gives_line_column_and_file_byte_offset(tmp_path):
    # far past the first read chunk, so a chunk-relative position would be wrong
    head = b"a,b\n" + b"1.5,2.5\n" * 20000
    path = write(tmp_path, head + b"3,\xff4\n5,6\n")
    with pytest.raises(KMeansError, match=rf"data.csv: line 20002, column 2 \('b'\), byte "
                       rf"{len(head) + 2}: b'\\xff' is not UTF-8; expected UTF-8 text"):
        read_csv_table(path)


def test_non_utf8_offset_counts_the_byte_order_mark(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbfa,\xc3b\n1,2\n")
    with pytest.raises(KMeansError, match=r"line 1, column 2, byte 5: b'\\xc3' is not UTF-8"):
        read_csv_table(path)


def test_overlong_line_is_refused_after_reading_only_that_much(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_lines, "MAX_LINE_BYTES", 1000)     # (where lines are read)
    path = write(tmp_path, b"a,b\n1,2\n" + b"3," * 100000)
    with pytest.raises(KMeansError, match=r"data.csv: line 3, byte 8: a line longer than 1000 "
                       "bytes; expected lines of a CSV table$"):
        read_csv_table(path)
    path = write(tmp_path, b'a,b\n1,"2\n' + b"x\n" * 1000 + b'"\n')
    with pytest.raises(KMeansError, match=r"line 2: a row running past line \d+ and 1000 bytes; "
                       r"expected rows of a CSV table \(is a closing quote missing\?\)"):
        read_csv_table(path)


def test_the_line_limit_is_generous():
    assert MAX_LINE_BYTES >= 1 << 20


def test_any_other_csv_error_is_translated(tmp_path, monkeypatch):
    def failing_reader(lines, **dialect):       # the delimiter sniffer is refused too
        next(iter(lines))
        raise csv.Error("something odd")
        yield
    monkeypatch.setattr(csv_lines.csv, "reader", failing_reader)
    with pytest.raises(KMeansError, match=r"data.csv: line 1, column 2: something odd; expected CSV "
                       "text$"):
        read_csv_table(write(tmp_path, b"a,b\n"))


@pytest.mark.parametrize("content, kwargs, message", [
    (b"", {}, "read_csv_table requires a CSV file with data; got an empty file '.*data.csv'"),
    (b"\n ,\n\n", {}, "got an empty file"),
    (b"a,b\n", {"caller": "cluster"}, "cluster requires at least one data line; got only a header"),
    (b"a,b\nx,y\n", {}, "requires at least one numeric column in '.*data.csv'; got none among column1, column2"),
    (b"a,b\n1,2\n", {"columns": ["c"]}, "known column names in '.*'; got 'c', the file has a, b"),
    (b"a,b\n1,y\n", {"columns": ["b"]}, "requires numeric columns in '.*'; got text column 'b'"),
    (b"a,b\n1,2\n", {"columns": []}, r"at least one column name; got columns=\[\]"),
])
def test_table_level_errors(tmp_path, content, kwargs, message):
    with pytest.raises(KMeansError, match=message):
        read_csv_table(write(tmp_path, content), **kwargs)


def test_every_message_is_one_line(tmp_path):
    path = write(tmp_path, b'a,b\n1,2\n3,"x\ny"\n')
    with pytest.raises(KMeansError) as caught:
        read_csv_table(path)
    assert "\n" not in str(caught.value) and "line 3, column 'b': 'x\\ny'" in str(caught.value)


BIG_GARBAGE = textwrap.dedent("""
    import resource, sys
    limit = int(sys.argv[2]) << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from kmeans_scratch.csv_table import read_csv_table
    try:
        read_csv_table(sys.argv[1])
    except ValueError as error:
        print(error)
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is Linux's")
def test_big_garbage_fails_fast_in_bounded_memory(tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "wb") as handle:
        handle.write(b"a,b,c,d\n1,2,3,4\n1,oops,3,4\n")
        handle.write(b"1.25,2.5,3.75,4.125\n" * 3_000_000)      # 60 MB of valid lines
    assert path.stat().st_size > 60_000_000
    began = time.perf_counter()
    # 300 MB of address space: enough for Python and our reader, not for the whole file as text
    done = subprocess.run([sys.executable, "-c", BIG_GARBAGE, str(path), "300"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    seconds = time.perf_counter() - began
    assert done.returncode == 0, done.stderr
    assert re.search(r"big.csv: line 3, column 'b': 'oops' is not a finite number", done.stdout)
    assert seconds < 5, seconds


# -- files as spreadsheets export them (issue 16) ---------------------------------------------
SPREADSHEET = ("Region;Units sold;Revenue (€);Margin (%)\r\n"
               "North;1855;31.946,43;31,3\r\n"
               "South;1035;12.747,82;12,2\r\n"
               "East;2841;45.768,28;8,7\r\n"
               "West;977;9.004,5;10\r\n").encode("utf-8")


def test_a_semicolon_export_with_decimal_commas_is_read_in_its_own_format(tmp_path):
    table = read_csv_table(write(tmp_path, SPREADSHEET))
    assert table.delimiter == ";" and table.ignored == ["Region"]
    assert table.columns == ["Units sold", "Revenue (€)", "Margin (%)"]
    assert table.rows == [(1855.0, 31946.43, 31.3), (1035.0, 12747.82, 12.2), (2841.0, 45768.28, 8.7),
                          (977.0, 9004.5, 10.0)]
    assert table.number_formats == (("Revenue (€)", "1.234,5", False), ("Margin (%)", "1.234,5", False))


def test_a_tab_file_with_thousands_separators_in_its_first_row(tmp_path):
    path = write(tmp_path, b"id\tincome\tscore\nx\t1,065.0\t3\ny\t950.5\t4\nz\t12,000\t5\n")
    table = read_csv_table(path)
    assert table.delimiter == "\t" and table.columns == ["income", "score"]   # income kept
    assert table.rows == [(1065.0, 3.0), (950.5, 4.0), (12000.0, 5.0)]
    assert table.number_formats == (("income", "1,234.5", False),)


def test_quoted_thousands_in_a_comma_file_later_rows_too(tmp_path):
    path = write(tmp_path, b'a,b\n1,"1,065.0"\n2,3.5\n3,"2,000,000.25"\n')
    assert read_csv_table(path).rows == [(1.0, 1065.0), (2.0, 3.5), (3.0, 2000000.25)]


def test_a_column_mixing_number_formats_names_both_cells(tmp_path):
    path = write(tmp_path, b'a;b\n1;1,065.0\n2;7\n3;1.065,5\n')
    with pytest.raises(KMeansError, match=r"data.csv: line 4, column 'b': '1.065,5' has ',' as the "
                       r"decimal mark \(1.234,5\), but line 2 \('1,065.0'\) has '.' as the decimal "
                       r"mark \(1,234.5\); expected one number format in a column$"):
        read_csv_table(path)


def test_a_bad_thousands_group_is_not_a_number(tmp_path):
    path = write(tmp_path, b'a,b\n1,"1,065.0"\n2,"10,65.0"\n')
    with pytest.raises(KMeansError, match=r"line 3, column 'b': '10,65.0' is not a finite number"):
        read_csv_table(path)


@pytest.mark.parametrize("delimiter, expected, assumed_format", [
    (b";", [(1.0, 1500.0), (2.0, 2250.0)], "1.234,5"),       # a ';' file: decimal-comma locale
    (b"\t", [(1.0, 1.5), (2.0, 2.25)], "1,234.5"),
])
def test_cells_that_fit_both_formats_follow_the_delimiter_and_say_so(tmp_path, delimiter,
                                                                     expected, assumed_format):
    path = write(tmp_path, b"a;b\n1;1.500\n2;2.250\n".replace(b";", delimiter))
    table = read_csv_table(path)
    assert table.rows == expected
    assert table.number_formats == ((("b", assumed_format, True),) if assumed_format == "1.234,5"
                                    else ())         # plain floats need no note


def test_a_later_cell_settles_the_format_and_earlier_rows_are_reread(tmp_path):
    path = write(tmp_path, b"a;b\n1;1.500\n2;2.250\n3;0,5\n")
    assert read_csv_table(path).rows == [(1.0, 1500.0), (2.0, 2250.0), (3.0, 0.5)]
    path = write(tmp_path, b"a;b\n1;1.500\n2;2.250\n3;0.5\n")
    assert read_csv_table(path).rows == [(1.0, 1.5), (2.0, 2.25), (3.0, 0.5)]


def test_a_column_text_in_its_first_row_and_numbers_later_is_an_error(tmp_path):
    path = write(tmp_path, b"name,age,score\nann,unknown,3\nbob,23,4\n")
    with pytest.raises(KMeansError, match=r"data.csv: line 3, column 'age': '23' is a number, but "
                       r"line 2 has text \('unknown'\) in this column; expected numbers throughout "
                       r"or text throughout \(fix the cell, or leave the column out by naming the "
                       r"others with columns=\)$"):
        read_csv_table(path)
    with pytest.raises(KMeansError, match=r"requires numeric columns in '.*'; got text column 'age'"):
        read_csv_table(path, columns=["age"])


def test_a_column_of_numbers_with_text_later_is_an_error_and_text_throughout_is_left_out(tmp_path):
    path = write(tmp_path, b"age,name\n23,ann\nunknown,bob\n")
    with pytest.raises(KMeansError, match=r"line 3, column 'age': 'unknown' is not a finite number; "
                       r"expected a number \(column 1 is numeric from line 2\)$"):
        read_csv_table(path)
    table = read_csv_table(write(tmp_path, b"age,name\n23,ann\n31,\n40,cy\n"))
    assert table.ignored == ["name"] and table.rows == [(23.0,), (31.0,), (40.0,)]


def test_unchosen_columns_are_not_checked(tmp_path):
    path = write(tmp_path, b"code,x\nA1,1\n17,2\n")
    assert read_csv_table(path, columns=["x"]).rows == [(1.0,), (2.0,)]


@pytest.mark.parametrize("content, delimiter", [
    (b"a|b\n1|2\n3|4\n", "|"),
    (b"a,b\n1,2\n", ","),
    (b"a;b,c\n1;2,5\n", ";"),           # both split it in two; ';' gives numbers
    (b"x\n1\n2\n", ","),                # one column: the comma, as before
    (b"note,v\na;b,1\nc;d,2\n", ","),   # both split it in two; ',' gives numbers
])
def test_the_delimiter_is_sniffed(tmp_path, content, delimiter):
    assert read_csv_table(write(tmp_path, content)).delimiter == delimiter


def test_ragged_semicolon_lines_name_the_semicolon(tmp_path):
    path = write(tmp_path, b"a;b\n1;2\n3;4\n5;6\n7;8\n9;10\n11;12\n13;14\n15;16\n17;18\n19;20\n"
                 b"21;22\n23;24\n25;26\n27;28\n29;30\n31;32\n33;34\n35;36\n37;38\n39\n")
    with pytest.raises(KMeansError, match=r"line 21 has 1 cells; expected 2 like line 1: column 2 "
                       r"\('b'\) is missing \(a semicolon too few or too many"):
        read_csv_table(path)


def test_a_file_of_text_says_which_delimiter_split_it(tmp_path):
    with pytest.raises(KMeansError, match=r"got none among column1, column2 \(cells split at each semicolon\)"):
        read_csv_table(write(tmp_path, b"a;b\nx;y\n"))


# -- iter_csv_chunks: the same table, a chunk at a time ------------------------------------
from kmeans_scratch.csv_table import iter_csv_chunks  # noqa: E402


@pytest.mark.parametrize("content", [
    b"a,b,kind\n1,2,x\n\n3,4e1,y\n5,6,z\n7,8,w\n",
    b"a;b\n1;1.500\n2;2.250\n3;0,5\n",                     # settled by a cell in the first chunk
    b'x,y\n"1,065.0",2\n"2,000",3\n4.5,5\n',
    b"1\t2\n3\t4\n5\t6\n",
])
@pytest.mark.parametrize("chunk_size", [3, 4, 100])
def test_chunks_concatenate_to_read_csv_tables_rows(tmp_path, content, chunk_size):
    path = write(tmp_path, content)
    table = read_csv_table(path)
    with iter_csv_chunks(path, chunk_size=chunk_size) as chunks:
        assert (chunks.columns, chunks.ignored, chunks.delimiter) == \
            (table.columns, table.ignored, table.delimiter)      # known before the first chunk
        got = list(chunks)
    assert [row for chunk in got for row in chunk] == table.rows
    assert [len(chunk) for chunk in got[:-1]] == [chunk_size] * (len(got) - 1)
    assert chunks.n_rows == len(table.rows) and chunks.number_formats == table.number_formats


def test_chunks_of_chosen_columns(tmp_path):
    path = write(tmp_path, b"a,b,c\n1,2,3\n4,5,6\n")
    chunks = iter_csv_chunks(path, columns=["c", "a"], chunk_size=1)
    assert chunks.columns == ["c", "a"] and chunks.ignored == ["b"]
    assert list(chunks) == [[(3.0, 1.0)], [(6.0, 4.0)]]


def test_a_first_chunk_that_fits_both_formats_settles_the_column(tmp_path):
    path = write(tmp_path, b"a;b\n1;1.500\n2;2.250\n3;0.5\n")
    with pytest.raises(KMeansError, match=re.escape(
            "line 4, column 'b': '0.5' has '.' as the decimal mark (1,234.5), but line 2 ('1.500') "
            "has ',' as the decimal mark (1.234,5) (it fits both; a stream settles a column's "
            "format there, without looking ahead); expected one number format in a column")):
        list(iter_csv_chunks(path, chunk_size=2))
    assert read_csv_table(path).rows[0] == (1.0, 1.5)     # the whole file decides otherwise


def test_a_column_settles_at_its_first_ambiguous_cell_after_the_first_chunk(tmp_path):
    path = write(tmp_path, b"a;b\n1;15\n2;1.500\n3;7\n")
    chunks = iter_csv_chunks(path, chunk_size=1)
    assert list(chunks) == [[(1.0, 15.0)], [(2.0, 1500.0)], [(3.0, 7.0)]]
    assert chunks.number_formats == (("b", "1.234,5", True),)
    path = write(tmp_path, b"a;b\n1;15\n2;1.500\n3;7.5\n")
    with pytest.raises(KMeansError, match=r"line 4, column 'b': '7\.5' has '\.' as the decimal "
                                          r"mark .*, but line 3 \('1\.500'\) has ','"):
        list(iter_csv_chunks(path, chunk_size=1))


def test_a_bad_cell_in_a_later_chunk_fails_when_that_chunk_is_read(tmp_path):
    path = write(tmp_path, b"a,b\n1,2\n3,4\n5,x\n")
    chunks = iter_csv_chunks(path, chunk_size=2)
    assert next(chunks) == [(1.0, 2.0), (3.0, 4.0)]
    with pytest.raises(KMeansError, match=re.escape("line 4, column 'b': 'x' is not a finite "
                                                    "number; expected a number")):
        next(chunks)
    assert chunks._handle.closed


def test_first_chunk_errors_come_before_any_chunk_is_taken(tmp_path):
    with pytest.raises(KMeansError, match="line 3 has 1 cells; expected 2"):
        iter_csv_chunks(write(tmp_path, b"a,b\n1,2\n3\n"), chunk_size=2)
    with pytest.raises(KMeansError, match="iter_csv_chunks requires a CSV file with data"):
        iter_csv_chunks(write(tmp_path, b""))


@pytest.mark.parametrize("size", [0, -1, 2.0, True, None])
def test_chunk_size_must_be_a_positive_integer(tmp_path, size):
    with pytest.raises(KMeansError, match=re.escape(
            f"iter_csv_chunks requires an integer chunk_size >= 1; got chunk_size={size!r}")):
        iter_csv_chunks(write(tmp_path, b"a\n1\n"), chunk_size=size)


def test_exhausted_or_closed_streams_close_the_file(tmp_path):
    path = write(tmp_path, b"a\n1\n2\n")
    chunks = iter_csv_chunks(path, chunk_size=5)
    assert list(chunks) == [[(1.0,), (2.0,)]] and chunks._handle.closed
    with iter_csv_chunks(path, chunk_size=1) as chunks:
        next(chunks)
    assert chunks._handle.closed and list(chunks) == []
