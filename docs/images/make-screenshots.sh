#!/usr/bin/env bash
# Regenerates the screenshots of the built-in email service in docs/images/: SignIn in English and
# Japanese, without branding and with examples/branding.yaml. The HTML comes from `authmail preview`
# (the email exactly as it would be sent); headless Chromium renders it at 800x1000.
#
#   docs/images/make-screenshots.sh
#
# Needs: Java 17 and Maven (./authmail builds the jar when needed; AUTHMAIL_NO_REBUILD=1 uses the
# jar as it is), Chromium (Debian: chromium; another binary with CHROMIUM=...), and a CJK font for
# the Japanese ones (Debian: fonts-noto-cjk), or Japanese shows as empty boxes.
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
images="$repo/docs/images"
chromium="${CHROMIUM:-chromium}"

command -v "$chromium" >/dev/null 2>&1 || { echo "make-screenshots: $chromium not found (Debian: apt-get install chromium)" >&2; exit 1; }
if command -v fc-list >/dev/null 2>&1 && [[ -z "$(fc-list :lang=ja 2>/dev/null)" ]]; then
  echo "make-screenshots: no Japanese font installed; Japanese would render as boxes (Debian: apt-get install fonts-noto-cjk)" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The made-up logo of examples/branding.yaml; drawn once, then kept (fonts differ between machines).
[[ -f "$images/sample-logo.png" ]] || java "$images/SampleLogo.java" "$images/sample-logo.png"

"$repo/authmail" preview --type SignIn --locale en,ja --out "$work/plain" >/dev/null
"$repo/authmail" preview --type SignIn --locale en,ja --branding "$repo/examples/branding.yaml" --out "$work/branded" >/dev/null

shot() { # shot HTML PNG
  local profile
  profile="$(mktemp -d "$work/chromium.XXXXXX")"
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" --window-size=800,1000 \
    --screenshot="$2" "file://$1" >/dev/null 2>&1
  [[ -s "$2" ]] || { echo "make-screenshots: chromium wrote no $2" >&2; exit 1; }
  echo "$2"
}

for lang in en ja; do
  shot "$work/plain/SignIn-$lang.html" "$images/signin-$lang.png"
  shot "$work/branded/SignIn-$lang.html" "$images/signin-$lang-branded.png"
done
