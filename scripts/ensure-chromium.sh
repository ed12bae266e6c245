#!/usr/bin/env bash
# Browser tests, the bench's sessions and Lighthouse drive Debian's Chromium (a Playwright browser
# download is not possible here): installed with the Chinese fonts where it is missing.
set -euo pipefail
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "[chromium] 未找到 Chromium，正在安装 Debian 的 chromium 与中文字体…"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
