#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian package from an existing build tree, unpacks it into a temporary root and runs
# the packaged hearth-cli from there. Usage: test_deb.sh BUILD_DIR CMAKE
set -euo pipefail
build=$1
cmake_bin=$2
cpack_bin="$(dirname "$cmake_bin")/cpack"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$cpack_bin" -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" > "$work/cpack.log" 2>&1 \
    || { cat "$work/cpack.log"; exit 1; }
deb=$(find "$work/out" -maxdepth 1 -name 'hearth_*.deb' | head -n 1)
[ -n "$deb" ] || { echo "no .deb produced"; cat "$work/cpack.log"; exit 1; }

# Read the whole output first: grep -q closing the pipe early would make dpkg-deb fail with
# SIGPIPE under pipefail.
info=$(dpkg-deb --info "$deb")
grep -q "Package: hearth" <<<"$info" || { echo "bad control file"; echo "$info"; exit 1; }
contents=$(dpkg-deb --contents "$deb")
for f in ./usr/bin/hearth ./usr/bin/hearth-cli ./usr/share/applications/org.hearth.Hearth.desktop \
         ./usr/share/metainfo/org.hearth.Hearth.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/org.hearth.Hearth.svg; do
    grep -q " $f\$" <<<"$contents" || { echo "missing $f in package"; exit 1; }
done

dpkg-deb -x "$deb" "$work/root"
out=$("$work/root/usr/bin/hearth-cli" --version)
echo "$out"
[[ "$out" =~ ^hearth-cli\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "unexpected version output"; exit 1; }
echo "package OK: $(basename "$deb")"
