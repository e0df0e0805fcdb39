"""The Python liwc package's count over a corpus CSV's text column, as a
peer would run it: lowercase, split into word tokens, look each token up.
(liwc never matches multi-word entries.) Usage: liwc_count.py DIC CSV"""
import csv
import re
import sys
from collections import Counter

import liwc

parse, _ = liwc.load_token_parser(sys.argv[1])
csv.field_size_limit(1 << 30)
token = re.compile(r"[a-z0-9']+")
counts = Counter()
with open(sys.argv[2], newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        for tok in token.findall(row["text"].lower()):
            counts.update(parse(tok))
print(sum(counts.values()))
