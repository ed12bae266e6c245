#!/usr/bin/env bash
# npm test: every check and test, in the order that fails fastest.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
export TZ=Asia/Shanghai

# Browser tests drive Debian's Chromium (a Playwright browser download is not possible here).
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "[test] 未找到 Chromium，正在安装 Debian 的 chromium 与中文字体…"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi

echo "[test] 类型检查"
npx tsc --noEmit
echo "[test] 代码规范检查"
npx eslint --max-warnings=0 .
echo "[test] 单元与集成测试"
npx vitest run
echo "[test] 构建"
npx next build
echo "[test] 端到端测试（Chromium）"
rm -rf ./data/e2e
npx playwright test
echo "[test] 崩溃与备份恢复测试（300 个并发上传中 kill -9、重启核对、在线备份与恢复）"
node scripts/crash-test.mjs
