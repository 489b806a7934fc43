#!/usr/bin/env bash
# `make run`: migrate the embedded SQLite database under var/, load the demo data on first start,
# then serve on http://$HOST:$PORT with one background task worker, which also signs a ledger
# checkpoint every SANXIANG_CHECKPOINT_INTERVAL seconds when the log grew (ADR 0007). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=sanxiang.config.settings.dev
export PYTHONUNBUFFERED=1
SANXIANG="$VENV/bin/sanxiang"

"$SANXIANG" migrate --noinput -v 0
if ! "$SANXIANG" demo status --quiet; then
  echo "首次启动：加载演示数据 (first start: loading demo data)"
  "$SANXIANG" demo load
fi

# Each child gets its own process group (setsid), so stopping it also stops the autoreloader's
# child process and nothing is left behind.
pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

setsid "$SANXIANG" worker --no-reload --interval 2 &
pids+=("$!")
# 临期/超期 alerts, the end of 公示 display periods, licences past their validity (and the §50
# renewal reminders) and 多头检查 alerts: enqueue the scans for the worker every
# SANXIANG_ALERT_PERIOD seconds (hourly by default; all are idempotent). In production use cron.
SCANS="raise_deadline_alerts expire_disclosures licences_expire spotcheck_alerts"
setsid bash -c "while true; do for scan in $SCANS; do \"$SANXIANG\" \$scan --enqueue >/dev/null || true; done; sleep \"${SANXIANG_ALERT_PERIOD:-3600}\"; done" &
pids+=("$!")

echo "================================================================"
echo " 行政执法三项制度平台 已启动: http://$HOST:$PORT/"
echo " 登录 (log in): http://$HOST:$PORT/accounts/login/"
echo " 演示账号及密码见 README.md「演示账号」，或运行: $SANXIANG demo status"
echo " 按 Ctrl-C 停止 (press Ctrl-C to stop the server and the worker)"
echo "================================================================"
setsid "$SANXIANG" runserver "$HOST:$PORT" &
pids+=("$!")
# Outbound pushes to the 公示平台 targets: a publication asks the worker to push at once; this loop
# enqueues a delivery round every SANXIANG_PUSH_PERIOD seconds for retries whose backoff ran out.
setsid bash -c "while true; do \"$SANXIANG\" push_outbox --enqueue >/dev/null || true; sleep \"${SANXIANG_PUSH_PERIOD:-60}\"; done" &
pids+=("$!")

# Returns when the server exits (or a signal arrives, which runs the traps above).
wait "${pids[2]}"
