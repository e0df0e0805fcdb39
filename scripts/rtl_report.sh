#!/usr/bin/env bash
# Right-to-left names in a report, to look at: the Egyptian Arabic corpus with
# its outlets renamed to their Arabic names, and lexicons/arabic_syria.toml with
# its labels named in Arabic and an English term beside each Arabic list; the
# BASIL articles that mention Syria are added (English, outlets fox, nyt, hpo),
# so the articles are matched in two languages and languages.csv is written
# (ENGLISH=0 leaves them out: the chart in README.md).
# Usage: scripts/rtl_report.sh CORPORA_DIR OUT_DIR
# Then look at OUT_DIR/charts/shares_armed_opposition.png and OUT_DIR/index.html
# (SCREENSHOT=page.png scripts/check_page.sh OUT_DIR renders the page).
set -euo pipefail
corpora=${1:?usage: rtl_report.sh CORPORA_DIR OUT_DIR}
out=${2:?usage: rtl_report.sh CORPORA_DIR OUT_DIR}
cd "$(dirname "$0")/.."
# FRAMESCORE=path/to/binary uses that build instead of a release build.
bin=${FRAMESCORE:-target/release/framescore}
[ -n "${FRAMESCORE:-}" ] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
english="$corpora/basil/articles.csv"
[ "${ENGLISH:-1}" = 0 ] && english=
python3 - "$corpora/arabic_egypt_2013/articles.csv" "$work/articles.csv" "$english" <<'PY'
import csv, sys
csv.field_size_limit(1 << 30)
names = {
    "Akhbar El-Yom": "أخبار اليوم", "El-Fagr": "الفجر", "El-Watan News": "الوطن",
    "Masrawy": "مصراوي", "Shorouk News": "الشروق", "El-Dostor": "الدستور",
    "Youm7": "اليوم السابع", "CNN Arabic": "سي إن إن بالعربية",
    "Freedom and Justice Party (Muslim Brotherhood)": "الحرية والعدالة (الإخوان)",
    "BBC Arabic": "بي بي سي عربي", "El-Tahrir": "التحرير",
    "Al-Masry Al-Youm": "المصري اليوم", "Al-Ahram": "الأهرام",
}
with open(sys.argv[1], newline="", encoding="utf-8") as f, open(sys.argv[2], "w", newline="", encoding="utf-8") as g:
    r = csv.DictReader(f)
    w = csv.DictWriter(g, r.fieldnames)
    w.writeheader()
    for row in r:
        row["outlet"] = names.get(row["outlet"], row["outlet"])
        w.writerow(row)
    if sys.argv[3]:
        with open(sys.argv[3], newline="", encoding="utf-8") as b:
            for row in csv.DictReader(b):
                if "Syria" in row["text"]:
                    w.writerow({k: row.get(k, "") for k in r.fieldnames})
PY
python3 - lexicons/arabic_syria.toml "$work/arabic_names.toml" <<'PY'
import re, sys
labels = {
    "terrorist": "إرهابي", "gunmen": "مسلحون", "opposition": "المعارضة",
    "armed_opposition": "المعارضة_المسلحة", "free_army": "الجيش_الحر",
    "revolutionary": "ثوار", "insurgent": "متمردون", "jihadist": "جهاديون",
    "regime": "النظام", "government": "الحكومة",
}
text = open(sys.argv[1], encoding="utf-8").read()
# Terms per language: the Arabic ones, and an English one, so that the
# English articles (none here: every article is Arabic) would be matched too.
text = text.replace('language = "ar"\n', "")
def label(m):
    key, terms = m.group(1), m.group(2)
    english = {"free_army": "free syrian army", "armed_opposition": "armed opposition"}
    return f'"{labels[key]}".terms = {{ ar = {terms}, en = ["{english.get(key, key)}*"] }}'
text = re.sub(r"^(\w+) = (\[.*\])$", label, text, flags=re.M)
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
"$bin" report --corpus "$work/articles.csv" --lexicon "$work/arabic_names.toml" \
    --no-clean --bootstrap 200 --permutations 200 --out "$out" --force
