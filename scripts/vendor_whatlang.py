#!/usr/bin/env python3
"""Writes src/text/language/whatlang.txt: whatlang's trigram profiles and
alphabets, read from the crate's source (MIT licence, Igor Mokrushin and
contributors), for `text::language::model`, which scores them faster than
whatlang does with the same result.

usage: scripts/vendor_whatlang.py [WHATLANG_SOURCE_DIR]
(default: the whatlang-0.18.0 under ~/.cargo/registry/src)
"""
import glob
import os
import re
import sys

VERSION = "0.18.0"


def source_dir():
    if len(sys.argv) > 1:
        return sys.argv[1]
    found = glob.glob(os.path.expanduser(f"~/.cargo/registry/src/*/whatlang-{VERSION}"))
    if not found:
        sys.exit(f"whatlang-{VERSION} is not in ~/.cargo/registry/src: run `cargo fetch` first")
    return found[0]


def rust_char(literal):
    """A Rust char literal's body ('a', '\\u{300}', '\\'') as a character."""
    if literal.startswith("\\u{"):
        return chr(int(literal[3:-1], 16))
    if literal.startswith("\\"):
        return {"\\'": "'", "\\\\": "\\", "\\n": "\n", "\\t": "\t", '\\"': '"'}[literal]
    return literal


def profiles(path):
    text = open(path, encoding="utf-8").read()
    out = []
    for block in re.finditer(r"pub static (\w+)_LANGS: LangProfileList = &\[(.*?)\n\];", text, re.S):
        script = block.group(1).lower()
        for lang in re.finditer(r"\(\s*Lang::(\w+),\s*&\[(.*?)\]\s*,?\s*\)", block.group(2), re.S):
            chars = re.findall(r"'((?:\\u\{[0-9a-fA-F]+\}|\\.|[^'\\]))'", lang.group(2))
            trigrams = "".join(rust_char(c) for c in chars)
            if len(trigrams) % 3:
                sys.exit(f"{script} {lang.group(1)}: {len(chars)} characters, not trigrams")
            out.append(f"profile\t{script}\t{lang.group(1).lower()}\t{trigrams}")
    return out


def alphabets(directory):
    out = []
    for script in ["latin", "cyrillic"]:
        text = open(os.path.join(directory, f"{script}.rs"), encoding="utf-8").read()
        for name, body in re.findall(r'const (\w{3}): &str =\s*"([^"]*)";', text):
            out.append(f"alphabet\t{script}\t{name.lower()}\t{body}")
    return out


def main():
    src = source_dir()
    lines = [
        f"# whatlang {VERSION}'s trigram profiles and alphabets (https://github.com/greyblake/whatlang-rs),",
        "# written by scripts/vendor_whatlang.py for src/text/language/model.rs.",
        "# profile<TAB>script<TAB>language<TAB>trigrams, three characters each, in rank order;",
        "# alphabet<TAB>script<TAB>language<TAB>characters.",
        "#",
        "# MIT License. Copyright (c) Serhii Potapov and whatlang's contributors.",
        "# Permission is hereby granted, free of charge, to any person obtaining a copy of this",
        "# software and associated documentation files (the \"Software\"), to deal in the Software",
        "# without restriction, including without limitation the rights to use, copy, modify, merge,",
        "# publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons",
        "# to whom the Software is furnished to do so, subject to the following conditions:",
        "# The above copyright notice and this permission notice shall be included in all copies or",
        "# substantial portions of the Software.",
        "# THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,",
        "# INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR",
        "# PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE",
        "# FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR",
        "# OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER",
        "# DEALINGS IN THE SOFTWARE.",
    ]
    header = len(lines)
    lines += profiles(os.path.join(src, "src/trigrams/profiles.rs"))
    lines += alphabets(os.path.join(src, "src/alphabets"))
    here = os.path.dirname(os.path.abspath(__file__))
    dest = os.path.join(here, "..", "src", "text", "language", "whatlang.txt")
    with open(dest, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{dest}: {len(lines) - header} lines")


if __name__ == "__main__":
    main()
