"""The Python package against itself and the library: the report of
partitions is the report of the whole corpus, byte for byte; errors arrive
as Python exceptions with the library's messages."""

import pickle
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

import framescore

LEXICON = """name = "pytest"
[groups.actors.categories]
terrorists = ["terrorist*", "jihadist*"]
rebels = ["rebel*", "insurgent*", "armed opposition"]
regime = ["regime", "government in damascus"]
"""

SENTENCES = [
    "Terrorists attacked the checkpoint near Idlib on Tuesday.",
    "Rebels said they had taken the village after heavy fighting.",
    "The insurgents withdrew from the outskirts of the city.",
    "The regime shelled the eastern districts again.",
    "Talks in Geneva resumed without the armed opposition.",
    "The government in Damascus denied the reports.",
]
OUTLETS = ["Alpha", "Beta", "Gamma"]
STATS = {"bootstrap": 100, "permutations": 100, "threads": 1}


def corpus() -> pd.DataFrame:
    rows = []
    for i in range(60):
        outlet = OUTLETS[i % 3]
        body = " ".join(SENTENCES[(i * k + 1) % len(SENTENCES)] for k in range(1, 2 + i % 4))
        text = f"Report {i} from the front. {body}\n\nRead more from {outlet}."
        if i in (40, 43):  # re-crawls within an outlet, in another partition
            text = rows[i - 39]["text"]
        rows.append({"id": f"a{i}", "outlet": outlet, "date": f"2016-0{1 + i % 3}-1{i % 9}",
                     "title": f"Story {i}", "bias": ["left", "right"][i % 2], "text": text})
    return pd.DataFrame(rows)


@pytest.fixture()
def inputs(tmp_path: Path):
    lexicon = tmp_path / "pytest.toml"
    lexicon.write_text(LEXICON)
    df = corpus()
    path = tmp_path / "corpus.csv"
    df.to_csv(path, index=False)
    return tmp_path, lexicon, path, df


def tables(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def test_partitions_give_the_report_of_the_whole_corpus(inputs):
    tmp, lexicon, path, df = inputs
    whole = framescore.report(path, lexicon, out=tmp / "whole", **STATS)
    assert whole["articles"] == 58 and whole["matches"] > 100  # 2 re-crawls left out
    # Every table whole in the workbook: no sheet reaches 100,000 rows.
    assert whole["xlsx_cut"] == [] and (tmp / "whole" / "report.xlsx").exists()
    frames = [df.iloc[0:13], df.iloc[13:40], df.iloc[40:60]]
    # Partitions as pandas, pyarrow and plain dicts alike.
    frames = [frames[0], pa.Table.from_pandas(frames[1], preserve_index=False),
              frames[2].to_dict(orient="list")]
    run = framescore.Run(lexicon, out=tmp / "parts", **STATS)
    summaries = [run.summarise(k, f) for k, f in enumerate(frames)]
    assert all(isinstance(s, bytes) for s in summaries)
    # Any order, and the Run travels to workers as its settings.
    worker = pickle.loads(pickle.dumps(run))
    plan = worker.plan(summaries[::-1])
    partials = [worker.count(plan, k, f) for k, f in reversed(list(enumerate(frames)))]
    merged = run.report(plan, partials)
    assert merged["articles"] == whole["articles"]
    assert merged["matches"] == whole["matches"]
    a, b = tables(tmp / "whole"), tables(tmp / "parts")
    assert a.keys() == b.keys() and "counts.csv" in a
    assert [n for n in a if a[n] != b[n]] == []
    # The merged partials as an Arrow table, nothing written: counts.csv's numbers.
    counts = run.counts(plan, partials)
    assert isinstance(counts, pa.Table) and counts.column_names == framescore.COUNT_COLUMNS
    report = pd.read_csv(tmp / "whole" / "counts.csv")
    got = counts.to_pandas().merge(report, on=["outlet", "group", "category"], suffixes=("", "_r"))
    assert len(got) == len(report) == 9
    for column in ("count", "tokens", "articles"):
        assert (got[column] == got[f"{column}_r"]).all(), column
    assert counts.column("count").to_pylist() != [0] * 9
    # Each partial as an Arrow table, a row per article: the two re-crawls
    # (rows 0 and 3 of the third partition) left out as copies, and the
    # counted rows summed over the partitions give documents.csv's totals.
    parts = [run.partial_table(p) for p in partials]
    assert all(isinstance(t, pa.Table) for t in parts)
    part2 = next(t for t in parts if t.column("part")[0].as_py() == 2).to_pandas()
    assert list(part2.columns[:8]) == framescore.PARTIAL_COLUMNS
    assert len(part2) == 20 and list(part2.loc[part2.fate == "copy", "row"]) == [0, 3]
    assert list(part2.loc[part2.fate == "copy", "id"]) == ["a40", "a43"]
    rows = pd.concat([t.to_pandas() for t in parts])
    counted = rows[rows.fate == "counted"]
    documents = pd.read_csv(tmp / "whole" / "documents.csv")
    assert len(counted) == len(documents) == 58
    for column in ("actors.terrorists", "actors.rebels", "actors.regime", "tokens"):
        assert counted[column].sum() == documents[column].sum() > 0, column


def test_a_key_column_orders_interleaved_partitions(inputs):
    tmp, lexicon, path, df = inputs
    framescore.report(path, lexicon, out=tmp / "whole", **STATS)
    keyed = df.assign(row=range(len(df)))
    frames = [keyed.iloc[k::4] for k in range(4)]  # every fourth row
    run = framescore.Run(lexicon, out=tmp / "keyed", key_column="row", **STATS)
    run.report_frames(frames)
    assert tables(tmp / "whole") == tables(tmp / "keyed")


def test_errors_are_python_exceptions_with_the_library_messages(inputs):
    tmp, lexicon, path, df = inputs
    with pytest.raises(framescore.InputError, match="nope.toml"):
        framescore.report(path, tmp / "nope.toml", out=tmp / "x")
    with pytest.raises(TypeError, match="unknown option"):
        framescore.Run(lexicon, bootstrapp=3)
    with pytest.raises(ValueError, match="not a period|period"):
        framescore.Run(lexicon, period="fortnight").summarise(0, df)
    run = framescore.Run(lexicon, out=tmp / "y", **STATS)
    s = run.summarise(0, df)
    with pytest.raises(framescore.InputError, match="given twice"):
        run.plan([s, s])
    plan = run.plan([s])
    with pytest.raises(framescore.InputError, match="count every partition once"):
        run.report(plan, [run.count(plan, 0, df.iloc[:10])])
    with pytest.raises(framescore.InputError, match="no text column"):
        run.summarise(1, df.drop(columns=["text"]))
    assert issubclass(framescore.InputError, framescore.FramescoreError)


def test_count_gives_the_report_counts(inputs):
    tmp, lexicon, path, df = inputs
    framescore.report(path, lexicon, out=tmp / "whole", **STATS)
    counts = framescore.count(path, lexicon, threads=1)
    assert list(counts.columns) == framescore.COUNT_COLUMNS
    # The same numbers as the report's counts.csv, outlet by category.
    report = pd.read_csv(tmp / "whole" / "counts.csv")
    merged = counts.merge(report, on=["outlet", "category"], suffixes=("", "_report"))
    assert len(merged) == len(counts) == 9
    assert (merged["count"] == merged["count_report"]).all()
    assert counts["count"].sum() == len(pd.read_csv(tmp / "whole" / "matches.csv"))


def test_lexicon_loads_and_checks(tmp_path: Path):
    path = tmp_path / "l.toml"
    path.write_text(LEXICON.replace('"government in damascus"]', '"government in damascus", "opposition"]'))
    lexicon = framescore.Lexicon.load(path)
    assert (lexicon.name, lexicon.groups, lexicon.categories, lexicon.terms) == ("pytest", ["actors"], 3, 8)
    findings = lexicon.check()
    assert list(findings.columns) == framescore.FINDING_COLUMNS
    # `opposition` (regime) inside `armed opposition` (rebels), on line 5.
    row = findings[findings["check"] == "inside_longer"].iloc[0]
    assert (row["term"], row["line"], row["severity"]) == ("opposition", 5, "note")
    # A term in two categories of one group is refused, as by the CLI.
    bad = tmp_path / "bad.toml"
    bad.write_text(LEXICON + 'militants = ["rebel*"]\n')
    with pytest.raises(framescore.InputError, match="a term may belong to one category of a group"):
        framescore.Lexicon.load(bad)


def test_lexicon_check_over_a_corpus(inputs):
    tmp, lexicon, path, df = inputs
    findings = framescore.Lexicon.load(lexicon).check(corpus=path)
    unmatched = findings[findings["check"] == "no_match"]
    # No sentence of the corpus says jihadist; every other entry matches.
    assert unmatched["term"].tolist() == ["jihadist*"]
    row = unmatched.iloc[0]
    assert (row["category"], row["line"], row["count"], row["severity"]) == ("terrorists", 3, 0, "warning")
    # Without a corpus, none of the corpus checks.
    assert "no_match" not in framescore.Lexicon.load(lexicon).check()["check"].tolist()
    with pytest.raises(framescore.InputError, match="nope.csv"):
        framescore.Lexicon.load(lexicon).check(corpus=tmp / "nope.csv")


def test_kwic_lists_the_matches_the_report_counts(inputs):
    tmp, lexicon, path, df = inputs
    framescore.report(path, lexicon, out=tmp / "whole", **STATS)
    lines = framescore.kwic(path, lexicon, threads=1)
    assert list(lines.columns) == framescore.KWIC_COLUMNS
    matches = pd.read_csv(tmp / "whole" / "matches.csv", keep_default_na=False)
    assert len(lines) == len(matches)
    assert list(lines["matched_text"]) == list(matches["matched_text"])
    rebels = framescore.kwic(path, lexicon, category="actors.rebels", outlet="Beta", context=10)
    assert len(rebels) > 0 and set(rebels["category"]) == {"rebels"} and set(rebels["outlet"]) == {"Beta"}
    assert (rebels["left_context"].str.len() <= 10).all()
