"""Reads a framescore lexicon of literal terms (bench/framing.toml) and prints
either its terms one per line (`terms`, for ripgrep) or a LIWC .dic with the
same categories (`dic`, for the Python liwc package). Usage: terms.py FILE MODE"""
import sys
import tomllib

lexicon = tomllib.load(open(sys.argv[1], "rb"))
categories = [
    (f"{g}.{c}", terms)
    for g, group in lexicon["groups"].items()
    for c, terms in group["categories"].items()
]
if sys.argv[2] == "terms":
    for _, terms in categories:
        print("\n".join(terms))
else:
    print("%")
    for i, (name, _) in enumerate(categories, 1):
        print(f"{i}\t{name}")
    print("%")
    for i, (_, terms) in enumerate(categories, 1):
        for t in terms:
            print(f"{t}\t{i}")
