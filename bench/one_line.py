"""Writes a corpus of one article whose text is a single line of MB megabytes.

Usage: one_line.py SOURCE.csv DEST.csv MB

The line is the source's article texts, their line breaks made spaces, joined
by spaces and repeated until it holds MB million bytes: the case of a scraped
page or a database dump whose article has no line breaks (issue 22 asks for
under 5 s and under 4x its size in memory). Skips the work when DEST already
has the size.
"""

import csv
import os
import sys


def main() -> None:
    source, dest, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
    target = mb * 1_000_000
    if os.path.exists(dest) and os.path.getsize(dest) >= target:
        return
    csv.field_size_limit(1 << 30)
    with open(source, newline="", encoding="utf-8") as f:
        texts = [" ".join(r["text"].split("\n")).replace("\r", " ") for r in csv.DictReader(f)]
    parts, size, i = [], 0, 0
    while size < target:
        text = texts[i % len(texts)]
        parts.append(text)
        size += len(text.encode("utf-8")) + 1
        i += 1
    with open(dest, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "outlet", "text"])
        writer.writerow(["one", "wire", " ".join(parts)])


if __name__ == "__main__":
    main()
