#!/usr/bin/env bash
# npm test: every check and test, in the order that fails fastest.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
export TZ=Asia/Shanghai

bash scripts/ensure-chromium.sh

echo "[test] 类型检查"
npx tsc --noEmit
echo "[test] 代码规范检查"
npx eslint --max-warnings=0 .

# One private PostgreSQL (initdb in a temporary directory, as a non-root user) for every test of this
# run that needs one; scripts/pg-cluster.mjs installs Debian's postgresql where it is missing.
PG_ADMIN_URL=""; PGCLUSTER_DIR=""
stop_pg() { [ -n "$PGCLUSTER_DIR" ] && node scripts/pg-cluster.mjs stop "$PGCLUSTER_DIR" || true; }
trap stop_pg EXIT
eval "$(node scripts/pg-cluster.mjs start)"
[ -n "$PG_ADMIN_URL" ] || { echo "[test] 无法启动测试用的 PostgreSQL"; exit 1; }
pgdb() { node scripts/pg-cluster.mjs createdb "$PG_ADMIN_URL" "$1"; }

echo "[test] 单元与集成测试（SQLite 一轮，PostgreSQL 一轮）"
TEST_PG_URL="$PG_ADMIN_URL" npx vitest run
echo "[test] 构建"
npx next build
echo "[test] 端到端测试（Chromium，SQLite）"
rm -rf ./data/e2e
npx playwright test
echo "[test] 崩溃与备份恢复测试（300 个并发上传中 kill -9、重启核对、在线备份与恢复）"
node scripts/crash-test.mjs

# Server mode: the same browser tests on PostgreSQL, then two instances on one database.
PG_SECRETS=(AUTH_SECRET=e2e-postgres-auth-secret-not-for-production-0123456789 "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY=$(node -e "process.stdout.write(Buffer.alloc(32, 5).toString('base64'))")")
echo "[test] 端到端测试（Chromium，PostgreSQL）"
rm -rf ./data/e2e-pg
# Each database URL on its own line: a failed createdb then stops the run (set -e) instead of
# leaving DATABASE_URL empty, which would quietly run this round on SQLite.
E2E_PG_URL="$(pgdb e2e)"
env "${PG_SECRETS[@]}" DATABASE_URL="$E2E_PG_URL" E2E_DATA_DIR=./data/e2e-pg npx playwright test
echo "[test] 双实例测试（两个实例共用一个 PostgreSQL：一处写入另一处读到、两个定时任务每天只发一份汇总、跨实例锁定）"
rm -rf ./data/e2e-instances
INSTANCES_URL="$(pgdb instances)"
E2E_INSTANCES_DATABASE_URL="$INSTANCES_URL" npx playwright test --config playwright.instances.config.ts
echo "[test] 双实例崩溃测试（上传高峰中 kill -9 一个实例，另一个继续服务，已确认的上传不丢）"
CRASH_URL="$(pgdb instances_crash)"
DATABASE_URL="$CRASH_URL" node scripts/instances-crash-test.mjs
