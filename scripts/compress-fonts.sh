#!/bin/sh
# Compresses the report's fallback faces with Brotli (as WOFF2 does), for the binaries to
# embed: 5.9 MB of TrueType become 2.2 MB. The .ttf files stay the source; a core test checks
# that each .ttf.br unpacks to its .ttf byte for byte. Run after changing a fallback font.
# Needs the `brotli` command (Debian package brotli).
set -eu
cd "$(dirname "$0")/../src-tauri/core/fonts"
for font in DroidSansFallback-CJK PreflightHangul NotoSansArabic-Regular NotoSansArabic-Bold \
  NotoSansHebrew-Regular NotoSansHebrew-Bold; do
  brotli --quality=11 --lgwin=24 --force --output="$font.ttf.br" "$font.ttf"
done
