"""Writes DEST: the rows of SOURCE (a corpus CSV) repeated until DEST holds at
least SIZE_MB megabytes; ids get a replica suffix so they stay unique.
Usage: replicate.py SOURCE DEST SIZE_MB. Does nothing if DEST is big enough."""
import csv
import os
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
with open(dest + ".tmp", "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    writer.writerow(header)
    replica = 0
    while out.tell() < target:
        for row in rows:
            if id_col is not None:
                row = row[:id_col] + [f"{row[id_col]}_{replica}"] + row[id_col + 1:]
            writer.writerow(row)
            if out.tell() >= target:
                break
        replica += 1
os.replace(dest + ".tmp", dest)
