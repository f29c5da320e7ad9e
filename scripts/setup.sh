#!/usr/bin/env bash
# Installs what Preflight needs to build, run and test on Debian 12 / Ubuntu, and nothing that
# is already there. Called by `make run` and `make test`; safe to run again.
#
#   scripts/setup.sh run    packages to build and open the app
#   scripts/setup.sh test   also Xvfb, WebKitWebDriver, poppler, tauri-driver and Chromium (the
#                           workshop page is tested in a phone-sized headless Chromium)
#   scripts/setup.sh bench  also Debian's Chromium, which the report benchmark compares against
set -euo pipefail

mode=${1:-run}

# Build and runtime libraries for Tauri 2 on Linux (WebKitGTK 4.1), plus what the tests use.
run_packages=(
  build-essential pkg-config file libssl-dev libxdo-dev
  libwebkit2gtk-4.1-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev libgtk-3-dev
  librsvg2-dev libayatana-appindicator3-dev fonts-dejavu-core python3
)
test_packages=(xvfb xauth webkit2gtk-driver poppler-utils qpdf lintian desktop-file-utils chromium chromium-driver)

packages=("${run_packages[@]}")
[ "$mode" = test ] && packages+=("${test_packages[@]}")
[ "$mode" = bench ] && packages+=(chromium poppler-utils)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    apt=(apt-get)
  elif command -v sudo >/dev/null 2>&1; then
    apt=(sudo apt-get)
  else
    echo "setup: these Debian packages are missing; install them, then run make again:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  # Another apt run (unattended upgrades) may hold the lock for a while; wait for it.
  for attempt in 1 2 3 4 5 6; do
    # With recommends, as in the measured setup: WebKitGTK needs some of them (fonts, GStreamer
    # bits) to render the window.
    if "${apt[@]}" update -qq && DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq \
      "${missing[@]}"; then
      break
    fi
    [ "$attempt" -eq 6 ] && { echo "setup: apt-get failed" >&2; exit 1; }
    echo "setup: apt-get failed (lock held?); retrying in 10 s" >&2
    sleep 10
  done
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: Rust is missing; install it with rustup (https://rustup.rs), then run make again" >&2
  exit 1
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js $(node --version) is too old for the UI build (Vite 8 needs 20.19+);" >&2
  echo "       install Node.js 20 or newer, then run make again" >&2
  exit 1
fi

if [ "$mode" = test ] && ! command -v tauri-driver >/dev/null 2>&1 \
  && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver (WebDriver bridge for the end-to-end tests)"
  cargo install tauri-driver --locked --version 2.1.0
fi
