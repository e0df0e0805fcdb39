"""framescore from Python: lexicon counts per outlet, and the report folder
the CLI writes, on one machine or over the partitions of Dask or Spark.

One machine::

    import framescore
    framescore.report("articles.csv", "lexicon.toml", out="report")

Partitions (each phase is a plain function of bytes and rows, so any engine
can run it)::

    run = framescore.Run("lexicon.toml", out="report")
    summaries = [run.summarise(k, frame) for k, frame in enumerate(frames)]
    plan = run.plan(summaries)
    partials = [run.count(plan, k, frame) for k, frame in enumerate(frames)]
    run.report(plan, partials)      # the same folder as `framescore report`

Partition ``k`` is the k-th part of the corpus in corpus order: the report is
the CLI's on the rows of all partitions in the order (k, row). Phase 1 and
phase 2 each read only the partition they are given.
"""

from __future__ import annotations

from os import PathLike, fspath
from typing import Any, Iterable, List, Optional, Sequence, Tuple, Union

from ._framescore import FramescoreError, InputError, Partitions, __version__
from ._framescore import count as _count
from ._framescore import kwic as _kwic
from ._framescore import lexicon_check as _lexicon_check
from ._framescore import lexicon_info as _lexicon_info
from ._framescore import report as _report

__all__ = [
    "FramescoreError",
    "InputError",
    "Lexicon",
    "Run",
    "columns",
    "count",
    "kwic",
    "options",
    "report",
    "__version__",
]

Path = Union[str, PathLike]

# The CLI's defaults (`framescore report --help`).
_DEFAULTS = {
    "period": None,
    "group_by": None,
    "on_error": None,
    "syndicated": None,
    "duplicates": None,
    "no_clean": False,
    "text_column": None,
    "outlet_column": None,
    "date_column": None,
    "id_column": None,
    "title_column": None,
    "threads": None,
    "seed": 1,
    "bootstrap": 2000,
    "permutations": 2000,
    "adjust": "holm",
    "confidence": 0.95,
    "force": False,
    "excel": False,
    "level": None,
}


def options(**kwargs: Any) -> dict:
    """The options of a run, as the CLI's flags of the same names
    (``period="month"``, ``group_by="bias"``, ``on_error="skip"``,
    ``syndicated``, ``duplicates``, ``no_clean``, ``*_column``, ``threads``,
    ``seed``, ``bootstrap``, ``permutations``, ``adjust``, ``confidence``,
    ``force``, ``excel``, ``level``); unknown names are refused."""
    unknown = sorted(set(kwargs) - set(_DEFAULTS))
    if unknown:
        raise TypeError(
            f"unknown option(s) {', '.join(unknown)}; the options are: {', '.join(_DEFAULTS)}"
        )
    return {**_DEFAULTS, **kwargs}


def report(corpus: Path, lexicon: Path, out: Optional[Path] = None, **kwargs: Any) -> dict:
    """Writes the report on ``corpus`` (any corpus the CLI reads) with
    ``lexicon`` into ``out`` (default ``reports/<lexicon name>``), as
    ``framescore report`` does. Returns what was counted: ``out``,
    ``articles``, ``outlets``, ``tokens``, ``matches``, ``headlines``, ``xlsx_cut``
    (the sheets of report.xlsx cut at its 100,000-row limit)."""
    return _report(fspath(corpus), fspath(lexicon), None if out is None else fspath(out), options(**kwargs))


def _frame(rows: Sequence[tuple], names: List[str]) -> Any:
    """Rows as a pandas DataFrame with columns ``names``, else (without
    pandas) as a list of dicts."""
    try:
        import pandas
    except ImportError:
        return [dict(zip(names, r)) for r in rows]
    return pandas.DataFrame(rows, columns=names)


def _arrow(rows: Sequence[tuple], names: List[str]) -> Any:
    """Rows as a ``pyarrow.Table`` with columns ``names`` (typed from the
    values, also when there is no row), else (without pyarrow) as a list of
    dicts."""
    try:
        import pyarrow
    except ImportError:
        return [dict(zip(names, r)) for r in rows]
    return pyarrow.table({n: [r[i] for r in rows] for i, n in enumerate(names)})


COUNT_COLUMNS = ["outlet", "group", "category", "count", "tokens", "articles"]
#: The columns of :meth:`Run.partial_table` before the count columns.
PARTIAL_COLUMNS = ["part", "row", "fate", "id", "outlet", "language", "period", "tokens"]


def count(corpus: Path, lexicon: Path, **kwargs: Any) -> Any:
    """The counts alone, as ``framescore count`` prints them: one row per
    outlet and category (columns ``outlet, group, category, count, tokens,
    articles``), as a pandas DataFrame when pandas is installed, else a list
    of dicts. Corpus options as for :func:`report`."""
    return _frame(_count(fspath(corpus), fspath(lexicon), options(**kwargs)), COUNT_COLUMNS)


KWIC_COLUMNS = ["article_id", "outlet", "group", "category", "term", "left_context",
                "matched_text", "right_context", "byte_start", "byte_end"]


def kwic(
    corpus: Path,
    lexicon: Path,
    category: Optional[str] = None,
    term: Optional[str] = None,
    outlet: Optional[str] = None,
    context: int = 40,
    **kwargs: Any,
) -> Any:
    """The concordance of ``framescore kwic --csv``: every match the report
    counts (of ``category`` — ``group.category`` or ``category`` —, ``term``
    as written in the lexicon, ``outlet``), with ``context`` characters each
    side, in corpus order; a pandas DataFrame when pandas is installed, else a
    list of dicts."""
    rows = _kwic(fspath(corpus), fspath(lexicon), category, term, outlet, int(context), options(**kwargs))
    return _frame(rows, KWIC_COLUMNS)


FINDING_COLUMNS = ["severity", "check", "group", "category", "term", "line", "count", "message"]


class Lexicon:
    """A lexicon file (any format the CLI reads), loaded and validated as
    every command loads it: ``Lexicon.load(path)`` raises InputError with the
    CLI's message when it cannot be used."""

    def __init__(self, path: Path, info: dict) -> None:
        self.path = fspath(path)
        self.name: str = info["name"]
        self.groups: List[str] = list(info["groups"])
        self.categories: int = info["categories"]
        self.terms: int = info["terms"]

    @classmethod
    def load(cls, path: Path) -> "Lexicon":
        return cls(path, _lexicon_info(fspath(path)))

    def check(self, corpus: Optional[Path] = None, no_clean: bool = False) -> Any:
        """What ``framescore lexicon check [--corpus CORPUS] [--no-clean]``
        finds: one row per finding (columns ``severity, check, group,
        category, term, line, count, message``), a pandas DataFrame when
        pandas is installed, else a list of dicts. With ``corpus`` (any
        corpus the CLI reads) also what the lexicon does there: the forms
        each wildcard matched, entries matching nothing, outlets without a
        hit, matches each rule removed."""
        rows = _lexicon_check(self.path, None if corpus is None else fspath(corpus), no_clean)
        return _frame(rows, FINDING_COLUMNS)

    def __repr__(self) -> str:
        return (f"Lexicon({self.name!r}: {len(self.groups)} groups, {self.categories} categories, "
                f"{self.terms} terms)")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN: an empty cell
        return ""
    return value if isinstance(value, str) else str(value)


def columns(frame: Any) -> List[Tuple[str, List[str]]]:
    """A partition's rows as (column name, cells as text) pairs, in column
    order: from a pandas DataFrame, a pyarrow Table or RecordBatch, a Polars
    DataFrame, or a dict of lists. Missing values are empty cells."""
    if isinstance(frame, dict):
        items = frame.items()
    elif hasattr(frame, "column_names") and hasattr(frame, "column"):  # pyarrow
        items = ((name, frame.column(i).to_pylist()) for i, name in enumerate(frame.column_names))
    elif hasattr(frame, "get_column"):  # Polars
        items = ((name, frame.get_column(name).to_list()) for name in frame.columns)
    elif hasattr(frame, "columns") and hasattr(frame, "__getitem__"):  # pandas
        items = ((str(name), frame[name].tolist()) for name in frame.columns)
    else:
        raise TypeError(
            f"cannot read rows from {type(frame).__name__}: give a pandas or Polars "
            "DataFrame, a pyarrow Table or RecordBatch, or a dict of lists"
        )
    return [(str(name), [_cell(v) for v in cells]) for name, cells in items]


class Run:
    """One report over partitions: the lexicon and options every phase and
    every worker shares. A Run pickles as its settings (the lexicon is loaded
    again on each worker), so it can be sent to Dask or Spark tasks.

    ``corpus_name`` is what the report page calls the corpus. Without
    ``key_column`` an article's place in corpus order is (partition number,
    row in the partition); with it, the integer in that column (unique in the
    corpus; the column is not metadata), whatever the engine's partitioning.
    """

    def __init__(
        self,
        lexicon: Path,
        out: Optional[Path] = None,
        corpus_name: str = "partitions",
        key_column: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        self._config = (
            fspath(lexicon),
            corpus_name,
            None if out is None else fspath(out),
            options(**kwargs),
        )
        self._key = key_column
        self._native: Optional[Partitions] = None

    def __getstate__(self) -> tuple:
        return (self._config, self._key)

    def __setstate__(self, state: tuple) -> None:
        self._config, self._key = state
        self._native = None

    def _rows(self, frame: Any) -> Tuple[List[Tuple[str, List[str]]], Optional[List[int]]]:
        cols = columns(frame)
        if self._key is None:
            return cols, None
        keys = [c for name, c in cols if name == self._key]
        if not keys:
            found = ", ".join(name for name, _ in cols)
            raise InputError(f"no key column `{self._key}`; the columns are: {found}")
        try:
            ints = [int(k) for k in keys[0]]
        except ValueError as e:
            raise InputError(f"key column `{self._key}`: {e}: keys are whole numbers") from None
        return [(n, c) for n, c in cols if n != self._key], ints

    @property
    def _run(self) -> Partitions:
        if self._native is None:
            self._native = Partitions(*self._config)
        return self._native

    def summarise(self, part: int, frame: Any) -> bytes:
        """Phase 1 on partition ``part`` (its rows only): the summary bytes."""
        return self._run.summarise(int(part), *self._rows(frame))

    def plan(self, summaries: Iterable[bytes]) -> bytes:
        """The reduce step: the plan from the summaries of every partition
        (any order)."""
        return self._run.plan(list(summaries))

    def count(self, plan: bytes, part: int, frame: Any) -> bytes:
        """Phase 2 on partition ``part`` (the rows phase 1 had) with the
        plan: the partial bytes."""
        return self._run.count(plan, int(part), *self._rows(frame))

    def counts(self, plan: bytes, partials: Sequence[bytes]) -> Any:
        """Adds up every partition's partial into the counts alone, writing
        nothing: one row per outlet and category (``COUNT_COLUMNS``, as
        :func:`count`), as a ``pyarrow.Table`` when pyarrow is installed,
        else a list of dicts. The numbers are counts.csv's."""
        return _arrow(self._run.counts(plan, list(partials)), COUNT_COLUMNS)

    def partial_table(self, partial: bytes) -> Any:
        """One partition's partial as a table, writing nothing: a row per
        article in key order (``part``, ``row``, ``fate``: ``counted``, or
        ``copy``/``syndicated`` when the plan left it out, ``id``,
        ``outlet``, ``language``, ``period``, ``tokens``) and a count column
        per category named ``group.category`` as in documents.csv. A
        ``pyarrow.Table`` when pyarrow is installed, else a list of dicts.
        Summed over every partition's counted rows, these are
        :meth:`counts`'s numbers."""
        columns, rows = self._run.partial_articles(partial)
        flat = [tuple(r[:-1]) + tuple(r[-1]) for r in rows]
        return _arrow(flat, PARTIAL_COLUMNS + list(columns))

    def report(self, plan: bytes, partials: Sequence[bytes]) -> dict:
        """Adds up every partition's partial into the report folder the CLI
        writes; returns what was counted, as :func:`report`."""
        return self._run.report(plan, list(partials))

    def report_frames(self, frames: Sequence[Any]) -> dict:
        """All phases over ``frames`` (partition k = frames[k]) in this process."""
        summaries = [self.summarise(k, f) for k, f in enumerate(frames)]
        plan = self.plan(summaries)
        return self.report(plan, [self.count(plan, k, f) for k, f in enumerate(frames)])
