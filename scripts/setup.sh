#!/usr/bin/env bash
# Installs what rubric needs from Debian 12 packages (as root, or through
# sudo) and builds it in ./build. Safe to run again: it installs only what
# is missing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

# libzip + expat read .xlsx workbooks, libxlsxwriter writes them; chromium renders
# the HTML report in its test (a Chinese font makes its screenshot readable).
packages=(g++ cmake ninja-build pkg-config python3
          libboost1.81-dev liblua5.4-dev doctest-dev libcli11-dev nlohmann-json3-dev
          libzip-dev libexpat1-dev libxlsxwriter-dev chromium fonts-wqy-zenhei)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "安装依赖：${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

preset=${1:-default}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
