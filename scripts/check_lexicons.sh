#!/usr/bin/env bash
# Imports every published dictionary in ../shared/lexicons and checks that
# (1) it loads, (2) its category and term counts agree with an independent
# reading of the file in Python, (3) `report` runs with it on the seed corpus,
# and (4) for the LIWC .dic files, framescore's count of each plain one-word
# entry on the seed agrees with a plain Python count over the same tokens.
# Usage: scripts/check_lexicons.sh DIR   (DIR is ../shared/lexicons)
set -euo pipefail
lex=${1:?usage: check_lexicons.sh LEXICONS_DIR}
lex=$(cd "$lex" && pwd)
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/framescore
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check() {
  local file=$lex/$1 format=$2
  echo "== $1"
  local summary
  summary=$("$bin" lexicon check "$file" | head -1)
  echo "   framescore: ${summary#*: }"
  python3 - "$file" "$format" "$summary" <<'PY'
import re, sys
path, fmt, summary = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path, encoding="utf-8-sig").read()
lines = re.split(r"\r\n|\r|\n", text)
pairs = set()

def ok(term):
    body = term.rstrip("*")
    return any(c.isalnum() for c in body) and "*" not in body

def add(cat, term):
    term = " ".join(term.split())
    if ok(term):
        pairs.add((cat, term.lower()))

if fmt == "dic":
    names, i = {}, 0
    if lines[0].strip() == "%":
        j = lines.index("%", 1) if "%" in lines[1:] else [k for k, l in enumerate(lines) if k and l.strip() == "%"][0]
        for l in lines[1:j]:
            if l.strip():
                k, v = l.split(None, 1)
                names[k.lstrip("0") or "0"] = v.strip()
        i = j + 1
    for l in lines[i:]:
        if not l.strip():
            continue
        term, cats = l.split("\t", 1) if "\t" in l else (l.rsplit(None, 1)[0], l.rsplit(None, 1)[1])
        for c in cats.split():
            add(names.get(c.lstrip("0") or "0", c), term)
elif fmt == "lc3":
    cat = None
    for l in lines:
        s = l.strip()
        if s.startswith("+"):
            cat = s[1:].split("#")[0].strip()
        elif s:
            add(cat, s)
elif fmt == "cat":
    stack = []
    for l in lines:
        if not l.strip():
            continue
        depth = len(l) - len(l.lstrip(" \t"))
        depth = l[:depth].count("\t")
        s = l.strip()
        m = re.match(r"^(.*?)\s*\(([^()]*)\)$", s)
        if m:
            add("/".join(stack[:depth]), m.group(1).replace("_", " "))
        else:
            stack = stack[:depth] + [s]
elif fmt == "csv":
    import csv, io
    rows = list(csv.DictReader(io.StringIO(text)))
    for r in rows:
        add(r["category"].strip(), (r.get("term") or r.get("word")).strip())
cats = {c for c, _ in pairs}
want = f"{len(cats)} categories, {len(pairs)} terms"
assert want in summary, f"python reads {want}; framescore says {summary}"
print(f"   python:     {want}: agree")
PY
  # --no-clean: the Python count reads the articles as they are.
  "$bin" report --no-clean --lexicon "$file" --out "$work/report" --force >/dev/null 2>&1 \
    || { echo "   report failed with $1"; exit 1; }
  echo "   report on data/seed: ok"
  if [ "$format" = dic ]; then
    python3 - "$file" "$work/report" <<'PY'
# Plain one-word entries: framescore's terms.csv against a Python regex
# count of the word between non-word characters (so `president` counts in
# "president's", as framescore documents), over every plain entry.
import csv, re, sys, unicodedata, collections, subprocess, tomllib
path, out = sys.argv[1], sys.argv[2]
texts = []
for row in csv.DictReader(open("data/seed/manifest.csv", encoding="utf-8")):
    t = unicodedata.normalize("NFKC", open(f"data/seed/{row['file']}", encoding="utf-8-sig").read())
    texts.append(t.replace("\u2019", "'").casefold())
lex = tomllib.loads(subprocess.run(["target/release/framescore", "lexicon", "import", path],
                                   capture_output=True, text=True, check=True).stdout)
fs = collections.Counter()
for r in csv.DictReader(open(f"{out}/terms.csv", encoding="utf-8")):
    fs[(r["category"], r["term"])] += int(r["count"])
n, bad = 0, []
for group in lex["groups"].values():
    for cat, terms in group["categories"].items():
        for term in terms:
            term = term if isinstance(term, str) else term["term"]
            if "*" in term or not re.fullmatch(r"\w+", term):
                continue
            n += 1
            py = sum(len(re.findall(r"(?<!\w)" + re.escape(term.casefold()) + r"(?!\w)", t)) for t in texts)
            if py != fs[(cat, term)]:
                bad.append((cat, term, fs[(cat, term)], py))
assert not bad, f"disagree (category, term, framescore, python): {bad[:10]}"
print(f"   plain one-word entries: {n} counts agree with python")
PY
  fi
}

check quanteda_test_fixtures/mary.dic dic
check quanteda_test_fixtures/mary.lc3 lc3
check quanteda_test_fixtures/issue-459.cat cat
check quanteda.dictionaries/sources/MFD/moral_foundations_dictionary.dic dic
check quanteda.dictionaries/sources/MFD/mfd2.0.dic dic
check mfd2.0_lf_variant/mfd2.0.dic dic
check quanteda.dictionaries/sources/Laver-Garry/Laver_and_Garry_2000.cat cat
check quanteda.dictionaries/sources/Loughran-McDonald/Loughran_and_McDonald_2014.cat cat
check quanteda.dictionaries/sources/RID/RID.CAT cat
check lexicoder_LSD2015/LSD2015.lc3 lc3
check grievance_dictionary/dictionary_7plus.csv csv
check grievance_dictionary/dictionary_5plus.csv csv
for y in quanteda_test_fixtures/mary.yml quanteda_test_fixtures/newsmap2.yml; do
  echo "== $y"; "$bin" lexicon check "$lex/$y" | head -1
  "$bin" report --lexicon "$lex/$y" --out "$work/report" --force >/dev/null 2>&1
done
echo "published-dictionary checks passed"
