#!/usr/bin/env python3
"""Independent count of an Arabic lexicon over a corpus table, by a method
other than framescore's: the text is cut into word tokens first, and a token
matches a term's first word when stripping one of the proclitic sequences
(from an enumerated list) off its front leaves that word (or, for a `*`
term, a word that begins with it). framescore instead finds every
occurrence of a term anywhere with an automaton and then checks what stands
before it in its word against a clitic grammar.

    arabic_count.py CORPUS.csv LEXICON.toml [--plain] > counts.csv

Writes `outlet,group,category,count`. `--plain` counts as framescore does
for a lexicon without `language`: the text and terms are only NFKC-normalised
and case-folded, and a term matches only as written (the "before" count).
Without it, terms and text get the Arabic steps of docs/LEXICONS.md (alef
variants to ا, ى and ی to ي, ک to ك, ة to ه, tatweel, harakat and directional
marks removed, Arabic-Indic digits to 0-9) and
a term's leading ال counts as one of the proclitics.

Within a group, matches are resolved leftmost-longest, each token counting
once per group, as framescore's report does. Phrases match across white
space only (not across punctuation). The lexicon may use what
lexicons/arabic_syria.toml uses: groups of categories, each a list of
terms (plain strings), a trailing `*`, and `language = "ar"`.
"""

import csv
import re
import sys
import tomllib
import unicodedata
from collections import Counter

# Proclitics: conjunction (و ف), then preposition (ب ك ل), then the article
# (ال); ل + ال is written لل. Every sequence, written out.
CONJUNCTIONS = ["", "و", "ف"]
PREPOSITIONS = ["", "ب", "ك", "ل"]
PREFIXES = sorted(
    {c + p + a for c in CONJUNCTIONS for p in PREPOSITIONS for a in ["", "ال"]}
    | {c + "لل" for c in CONJUNCTIONS},
    key=len,
    reverse=True,
)

ZERO_WIDTH = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
MARKS = [
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E8),
    (0x06EA, 0x06ED),
]
ARABIC = {ord(c): "ا" for c in "أإآٱ"}
ARABIC.update({ord("ى"): "ي", ord("ی"): "ي", ord("ک"): "ك", ord("ة"): "ه", 0x0640: None})
for lo, hi in MARKS:
    ARABIC.update(dict.fromkeys(range(lo, hi + 1)))
# Directional marks (LRM, RLM, ALM, embeddings, overrides, isolates).
ARABIC.update(dict.fromkeys([0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
for zero in (0x0660, 0x06F0):
    ARABIC.update({zero + d: str(d) for d in range(10)})


def normalise(text, arabic):
    text = unicodedata.normalize("NFKC", text).casefold().translate(ZERO_WIDTH)
    if arabic:
        text = text.translate(ARABIC)
    return text


# A word: letters and digits (and, in the plain count, the combining marks
# that stay in the text); anything else separates words.
WORD = re.compile(r"[^\W_]+(?:[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+[^\W_]*)*")


def tokens(text):
    """(word, start, end) for each word of the text."""
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


def read_terms(path, plain):
    lexicon = tomllib.load(open(path, "rb"))
    arabic = lexicon.get("language") == "ar" and not plain
    groups = []
    for gid, group in lexicon["groups"].items():
        terms = []
        for cid, items in group["categories"].items():
            for written in items:
                wildcard = written.endswith("*")
                words = normalise(written.rstrip("*"), arabic).split()
                if arabic and words[0].startswith("ال") and len(words[0]) >= 4:
                    words[0] = words[0][2:]
                terms.append((cid, words, wildcard))
        groups.append((gid, terms))
    return groups, arabic


def word_matches(token, word, wildcard):
    return token.startswith(word) if wildcard else token == word


def stripped(token, arabic):
    """The token without each proclitic sequence it may begin with."""
    if not arabic:
        return [token]
    return [token[len(p):] for p in PREFIXES if token.startswith(p) and len(token) > len(p)]


def match_at(toks, rests, text, i, words, wildcard):
    """End token index of a match of the term at token i, or None."""
    last = len(words) - 1
    if not any(word_matches(r, words[0], wildcard and last == 0) for r in rests):
        return None
    for k in range(1, len(words)):
        j = i + k
        if j >= len(toks) or text[toks[j - 1][2]:toks[j][1]].strip() != "":
            return None
        if text[toks[j - 1][2]:toks[j][1]] == "":
            return None
        if not word_matches(toks[j][0], words[k], wildcard and k == last):
            return None
    return i + last


def count(corpus, lexicon, plain):
    groups, arabic = read_terms(lexicon, plain)
    out = Counter()
    csv.field_size_limit(sys.maxsize)
    with open(corpus, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = normalise(row["text"], arabic)
            toks = tokens(text)
            rests = [stripped(t[0], arabic) for t in toks]
            for gid, terms in groups:
                i = 0
                while i < len(toks):
                    best = None
                    for cid, words, wildcard in terms:
                        end = match_at(toks, rests[i], text, i, words, wildcard)
                        if end is not None and (best is None or toks[end][2] > toks[best[1]][2]):
                            best = (cid, end)
                    if best is None:
                        i += 1
                        continue
                    out[(row["outlet"], gid, best[0])] += 1
                    i = best[1] + 1
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["outlet", "group", "category", "count"])
    for (outlet, gid, cid), n in sorted(out.items()):
        w.writerow([outlet, gid, cid, n])


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    count(args[0], args[1], "--plain" in sys.argv)
