"""Writes DEST: the rows of SOURCE (a corpus CSV) repeated until DEST holds at
least SIZE_MB megabytes. Usage: replicate.py SOURCE DEST SIZE_MB. Does nothing
if DEST is big enough.

Every copy is a different article, so the corpus stays a fair test once
duplicate articles are counted once: copy r > 0 of a row has the id
`<id>_<r>` and its paragraphs (text between blank lines) in an order of its
own, shuffled with a generator seeded by (r, row); when that order gives a
text an earlier copy of the row already had (an article of one or two
paragraphs), a last line `[copy r]` makes it unique. No two rows of DEST have
the same text unless SOURCE has. The words, lines and paragraphs of each
copy are the original's, so the matches, the boilerplate lines and the
repeated paragraphs per article are the same in every copy."""
import csv
import hashlib
import os
import random
import sys

source, dest, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
target = size_mb * 1_000_000
if os.path.exists(dest) and os.path.getsize(dest) >= target:
    sys.exit(0)
csv.field_size_limit(1 << 30)
with open(source, newline="", encoding="utf-8") as f:
    reader = csv.reader(f)
    header = next(reader)
    rows = list(reader)
id_col = header.index("id") if "id" in header else None
text_col = header.index("text") if "text" in header else None
# The digests of the texts each source row has had so far.
seen = [set() for _ in rows]


def copy(row, index, replica):
    """Copy `replica` of the `index`-th row."""
    if replica == 0:
        if text_col is not None:
            seen[index].add(hashlib.blake2b(row[text_col].encode(), digest_size=16).digest())
        return row
    row = list(row)
    if id_col is not None:
        row[id_col] = f"{row[id_col]}_{replica}"
    if text_col is not None:
        paragraphs = row[text_col].split("\n\n")
        random.Random(replica * 1_000_003 + index).shuffle(paragraphs)
        text = "\n\n".join(paragraphs)
        digest = hashlib.blake2b(text.encode(), digest_size=16).digest()
        if digest in seen[index]:
            text = f"{text}\n\n[copy {replica}]"
            digest = hashlib.blake2b(text.encode(), digest_size=16).digest()
        seen[index].add(digest)
        row[text_col] = text
    return row


with open(dest + ".tmp", "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    writer.writerow(header)
    replica = 0
    while out.tell() < target:
        for index, row in enumerate(rows):
            writer.writerow(copy(row, index, replica))
            if out.tell() >= target:
                break
        replica += 1
os.replace(dest + ".tmp", dest)
