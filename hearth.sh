#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Hearth's two set-up commands for Debian 12 (and derivatives):
#
#   ./hearth.sh run    install what is missing, build in Release, start Hearth
#   ./hearth.sh test   install what is missing, build, run every test through CTest
#
# Both are idempotent: packages already present are not reinstalled, and the build is
# incremental. The build lives in ./build (executables in ./build/bin).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build_dir="${HEARTH_BUILD_DIR:-$here/build}"

# Everything Hearth needs to build, test and package, from Debian's archive.
packages=(
    build-essential cmake ninja-build pkg-config git file dpkg-dev
    clang libclang-rt-14-dev
    qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-declarative-dev-tools
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libqt6svg6
    libgl-dev libglx-dev
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
    qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml
    qml6-module-qtqml-models qml6-module-qtqml-workerscript qml6-module-qtquick-dialogs
    qml6-module-qt-labs-platform qml6-module-qtcore qml6-module-qttest
    qml6-module-qt-labs-settings qml6-module-qt-labs-qmlmodels qml6-module-qtquick-shapes
    libvulkan-dev glslang-tools mesa-vulkan-drivers vulkan-tools
    libsqlite3-dev sqlite3
    xvfb xauth fonts-noto-cjk fonts-noto-color-emoji fonts-dejavu-core
)

install_packages() {
    local missing=()
    for p in "${packages[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$p")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return
    fi
    echo "hearth.sh: installing ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "hearth.sh: run as root or install sudo" >&2; exit 1; }
        sudo=(sudo)
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${missing[@]}"
}

configure_and_build() {
    # clang builds everything, so the libFuzzer targets build with the rest.
    if [ ! -f "$build_dir/CMakeCache.txt" ]; then
        CC=clang CXX=clang++ cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
    fi
    cmake --build "$build_dir" --parallel "$(nproc)"
}

case "${1:-}" in
run)
    shift
    install_packages
    configure_and_build
    exec "$build_dir/bin/hearth" "$@"
    ;;
test)
    shift
    install_packages
    configure_and_build
    cd "$build_dir"
    exec ctest --output-on-failure --parallel "$(nproc)" "$@"
    ;;
*)
    echo "usage: ./hearth.sh run | test" >&2
    exit 1
    ;;
esac
