#!/usr/bin/env bash
# Checks a Preflight .deb as a user would meet it, without installing it system-wide: unpacks it
# into a scratch root, runs the packaged binary on a fresh database, validates the desktop
# entry, checks the documents and icons, and runs lintian. Called by `make test`.
#
#   scripts/package-check.sh PACKAGE.deb VERSION
set -euo pipefail

deb=$1
version=$2
root=$(mktemp -d)
data=$(mktemp -d)
trap 'rm -rf "$root" "$data"' EXIT

dpkg-deb -x "$deb" "$root"
bin="$root/usr/bin/preflight"

# The command links no GUI library, so the CLI starts without loading GTK or WebKit.
[ -x "$root/usr/bin/preflight-window" ] || { echo "package-check: no usr/bin/preflight-window" >&2; exit 1; }
if ldd "$bin" | grep -q -E 'libgtk|libwebkit'; then
  echo "package-check: usr/bin/preflight links GTK or WebKit" >&2; exit 1
fi
grep -q '^Exec=preflight$' "$root/usr/share/applications/Preflight.desktop" \
  || { echo "package-check: the desktop entry does not start the preflight command" >&2; exit 1; }

actual=$("$bin" --version)
[ "$actual" = "preflight $version" ] || { echo "package-check: --version says '$actual', expected 'preflight $version'" >&2; exit 1; }
"$bin" --db "$data/p.sqlite3" projects create "Packaged – Zoë" >/dev/null
"$bin" --db "$data/p.sqlite3" projects list | grep -q "Packaged – Zoë" \
  || { echo "package-check: the packaged binary did not list the project it created" >&2; exit 1; }

desktop="$root/usr/share/applications/Preflight.desktop"
desktop-file-validate "$desktop"
grep -q '^GenericName=' "$desktop" && grep -q '^Keywords=' "$desktop" \
  || { echo "package-check: the desktop entry lacks GenericName or Keywords" >&2; exit 1; }

for doc in copyright changelog.gz; do
  [ -s "$root/usr/share/doc/preflight/$doc" ] || { echo "package-check: no usr/share/doc/preflight/$doc" >&2; exit 1; }
done
for size in 32 48 64 128 256 512; do
  [ -f "$root/usr/share/icons/hicolor/${size}x${size}/apps/preflight-window.png" ] \
    || { echo "package-check: no ${size}x${size} icon in hicolor" >&2; exit 1; }
done
if find "$root/usr/share/icons" -name '*@*' | grep -q .; then
  echo "package-check: an icon folder no theme reads (@2x)" >&2; exit 1
fi

# The package is built from the debug binary here, which keeps its symbols; the release build
# (`make build`) strips it, so that one tag is expected only in this check.
lintian --fail-on error --suppress-tags unstripped-binary-or-object "$deb"
echo "package-check: $(basename "$deb") is sound ($(du -h "$deb" | cut -f1))"
