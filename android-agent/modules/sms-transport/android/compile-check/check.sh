#!/usr/bin/env bash
# Compiles the module's Java against hand-written stubs of the Android and React Native classes it
# uses. Catches typos, wrong signatures and checked exceptions here, without the Android SDK; see
# README.md for what it cannot prove.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

mapfile -t stubs < <(find "$here/stubs" -name '*.java')
mapfile -t sources < <(find "$here/../src/main/java" -name '*.java')

# Stubs first, into their own class dir, so warnings in them do not hide ours.
javac --release 17 -nowarn -d "$out/stubs" "${stubs[@]}"
javac --release 17 -Xlint:all -Werror -cp "$out/stubs" -d "$out/classes" "${sources[@]}"
echo "compiled ${#sources[@]} module sources against ${#stubs[@]} stubs"
