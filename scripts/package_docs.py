#!/usr/bin/env python3
"""Writes the documents the Preflight packages carry into FOLDER (run from the repository root):

- `copyright`, in Debian's machine-readable format (DEP-5): Preflight's own licence, the fonts
  embedded in the binary, and every Rust crate linked into it with its licence, with the text
  of each licence Debian does not ship in /usr/share/common-licenses;
- `changelog`, CHANGELOG.md in Debian's changelog format, and `changelog.gz` of it (gzip -9n:
  no name or time inside, so the package is reproducible).

Usage: scripts/package_docs.py FOLDER
"""
import gzip
import json
import os
import re
import subprocess
import sys

# Licences Debian ships in /usr/share/common-licenses, referred to instead of copied.
COMMON = {"Apache-2.0", "MPL-2.0", "CC0-1.0", "GPL-2", "GPL-3", "LGPL-2.1", "LGPL-3"}
# Where a crate keeps the text of each licence, by the file names crates use.
TEXT_FILES = {
    "MIT": ["LICENSE-MIT", "LICENSE-MIT.md", "LICENSE.MIT"],
    "BSD-3-Clause": ["LICENSE-BSD", "LICENSE-BSD-3-Clause", "LICENSE"],
    "Zlib": ["LICENSE-ZLIB", "LICENSE-ZLIB.md", "LICENSE-Zlib"],
    "Unicode-3.0": ["LICENSE-UNICODE", "LICENSE"],
    "Unlicense": ["UNLICENSE"],
    "BSL-1.0": ["LICENSE-BOOST", "LICENSE-BSL-1.0"],
    "0BSD": ["LICENSE-0BSD", "LICENSE-0BSD.md"],
    "MIT-0": ["LICENSE-MIT-0", "LICENSE-MIT0"],
}
# MIT No Attribution, as published by SPDX (short enough to keep here for the crates that
# name it without shipping its text).
MIT_0 = """Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software
without restriction, including without limitation the rights to use, copy, modify, merge,
publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons
to whom the Software is furnished to do so.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
DEALINGS IN THE SOFTWARE."""

# `*`: each fallback face with its Brotli-compressed copy, which the binaries embed.
FONTS = [
    ("src-tauri/core/fonts/DejaVuSans.ttf src-tauri/core/fonts/DejaVuSans-Bold.ttf",
     "2003 Bitstream, Inc.; 2006 Tavmjong Bah; DejaVu changes are in the public domain",
     "Bitstream-Vera", "src-tauri/core/fonts/LICENSE-DejaVu.txt"),
    ("src-tauri/core/fonts/DroidSansFallback-CJK.ttf*",
     "2008 The Android Open Source Project", "Apache-2.0", None),
    ("src-tauri/core/fonts/PreflightHangul.ttf*",
     "2010 NHN Corporation (NanumGothic)", "OFL-1.1",
     "src-tauri/core/fonts/LICENSE-PreflightHangul.txt"),
    ("src-tauri/core/fonts/NotoSansArabic-Regular.ttf* src-tauri/core/fonts/NotoSansArabic-Bold.ttf*"
     " src-tauri/core/fonts/NotoSansHebrew-Regular.ttf* src-tauri/core/fonts/NotoSansHebrew-Bold.ttf*",
     "2010, 2012-2020 Google Inc.; 2015-2020 Google LLC (Noto)", "OFL-1.1",
     "src-tauri/core/fonts/LICENSE-Noto.txt"),
]


def ids(expression):
    """The SPDX licence ids named in a crate's licence expression."""
    found = re.findall(r"[A-Za-z0-9.\-]+", expression.replace("/", " OR "))
    return [i for i in found if i not in ("OR", "AND", "WITH", "LLVM-exception")]


def spdx(expression):
    """A crate's licence expression in the copyright format's spelling."""
    text = expression.replace(" / ", " or ").replace("/", " or ")
    return re.sub(r"\b(OR|AND)\b", lambda m: m.group(1).lower(), text)


def formatted(text):
    """A licence text as a copyright-file field body: each line indented, blank lines as '.'."""
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    return "\n".join(" " + line if line.strip() else " ." for line in lines)


MAINTAINER = "Preflight contributors <maintainers@preflight.invalid>"


def changelog(out):
    """CHANGELOG.md ('## VERSION — DATE or unreleased' sections of '- ' items) in Debian's
    format; an unreleased section is dated at the last commit, so the file is reproducible."""
    entries = []
    for line in open("CHANGELOG.md", encoding="utf-8"):
        line = line.rstrip("\n")
        heading = re.match(r"## (\S+) — (.+)", line)
        if heading:
            entries.append([heading.group(1), heading.group(2), []])
        elif entries and line.startswith("- "):
            entries[-1][2].append(line[2:])
        elif entries and line.startswith("  ") and entries[-1][2]:
            entries[-1][2][-1] += " " + line.strip()
    stamp = subprocess.run(["git", "log", "-1", "--format=%aD"], capture_output=True,
                           text=True).stdout.strip() or "Sun, 29 Nov 2026 12:00:00 +0000"
    with open(out, "w", encoding="utf-8") as f:
        for version, date, items in entries:
            f.write(f"preflight ({version}) unstable; urgency=medium\n\n")
            for item in items:
                words, line = item.split(), "  *"
                for word in words:
                    if len(line) + 1 + len(word) > 78:
                        f.write(line + "\n")
                        line = "   "
                    line += " " + word
                f.write(line + "\n")
            f.write(f"\n -- {MAINTAINER}  {stamp}\n\n")


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    changelog(os.path.join(folder, "changelog"))
    with open(os.path.join(folder, "changelog"), "rb") as plain, \
            open(os.path.join(folder, "changelog.gz"), "wb") as packed:
        packed.write(gzip.compress(plain.read(), compresslevel=9, mtime=0))
    out = os.path.join(folder, "copyright")
    tree = subprocess.run(
        ["cargo", "tree", "-p", "preflight", "-e", "normal", "--prefix", "none",
         "--features", "custom-protocol", "-f", "{p}"],
        check=True, capture_output=True, text=True).stdout
    linked = set()
    for line in tree.splitlines():
        parts = line.split()
        if len(parts) >= 2 and not line.startswith("preflight"):
            linked.add((parts[0], parts[1].lstrip("v")))
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--filter-platform",
         "x86_64-unknown-linux-gnu"], check=True, capture_output=True, text=True).stdout)
    crates = []
    texts = {}
    for package in meta["packages"]:
        key = (package["name"], package["version"])
        if key not in linked or package.get("source") is None:
            continue
        licence = package.get("license") or "see its licence file"
        crates.append((package["name"], package["version"], licence))
        crate_dir = os.path.dirname(package["manifest_path"])
        for name in ids(licence):
            if name in COMMON or name in texts:
                continue
            for candidate in TEXT_FILES.get(name, []):
                path = os.path.join(crate_dir, candidate)
                if os.path.isfile(path):
                    texts[name] = open(path, encoding="utf-8", errors="replace").read()
                    break
    crates.sort()
    used = sorted({i for _, _, licence in crates for i in ids(licence)} | {"MIT"})
    with open(out, "w", encoding="utf-8") as f:
        f.write("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n")
        f.write("Upstream-Name: Preflight\n")
        f.write(f"Upstream-Contact: {MAINTAINER}\n")
        f.write("Comment: The preflight binary links these Rust crates statically:\n")
        for name, version, licence in crates:
            f.write(f"  {name} {version}: {licence}\n")
        f.write("\nFiles: *\nCopyright: 2026 Preflight contributors\nLicense: MIT\n")
        for files, holder, licence, text_file in FONTS:
            f.write(f"\nFiles: {files}\nCopyright: {holder}\nLicense: {licence}\n")
            if text_file:
                f.write(formatted(open(text_file, encoding="utf-8").read()) + "\n")
        for name in used:
            # Preflight's own MIT text stands for every MIT crate (only the holder differs).
            body = open("LICENSE", encoding="utf-8").read() if name == "MIT" else texts.get(name, "")
            if name == "MIT-0" and not body:
                body = MIT_0
            f.write(f"\nLicense: {name}\n")
            if name in COMMON:
                f.write(f" On Debian systems the full text is in /usr/share/common-licenses/{name}.\n")
            elif body:
                f.write(formatted(body) + "\n")
            else:
                f.write(f" The text of the {name} licence is in the crate's source.\n")
    print(f"wrote {folder}: copyright ({len(crates)} crates; licences {', '.join(used)}), changelog")


if __name__ == "__main__":
    main()
