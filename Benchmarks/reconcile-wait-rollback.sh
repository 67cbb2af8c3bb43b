#!/usr/bin/env bash
# Alarm → rollback with `ballast reconcile --wait` (no controller): the example's dev stage with
# a canary of BAKE (default 30s), its errors alarm set to ALARM 10% into the rollout, timed at
# the recording proxy from SetAlarmState to the rollback's UpdateAlias, and to the command's exit.
#
#   swift build -c release --product ballast && Benchmarks/reconcile-wait-rollback.sh [BAKE]
#
# Run from the repository root. Prints one line: exit status (3: rolled back) and seconds.
set -euo pipefail
bake="${1:-30s}"
ballast="$(swift build -c release --show-bin-path)/ballast"
work="$(mktemp -d)"
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

touch "$work/emulator.out" "$work/proxy.out"
python3 controller/aws-emulator --port 0 >"$work/emulator.out" 2>/dev/null &
echo $! >"$work/emulator.pid"
until grep -q listening "$work/emulator.out"; do sleep 0.2; done
emulator="$(sed -n 's/aws-emulator listening on //p' "$work/emulator.out")"
python3 Tests/Support/aws_fault_proxy.py --target "$emulator" --port 0 --log "$work/requests.jsonl" \
    >"$work/proxy.out" &
echo $! >"$work/proxy.pid"
until grep -q listening "$work/proxy.out" 2>/dev/null; do sleep 0.2; done
proxy="$(sed -n 's/aws-fault-proxy listening on //p' "$work/proxy.out")"

cp -r desired "$work/desired"
sed -i "s/rollout:    { strategy: allAtOnce }/rollout:    { strategy: canary, percent: 10, bake: $bake }/" \
    "$work/desired/ballast.yaml"
registry=123456789012.dkr.ecr.us-east-1.amazonaws.com
python3 Tests/Support/deploy_synth_output.py --endpoint "$emulator" --stage dev --region us-east-1 \
    --push-images "$registry/orders:dev" "$registry/catalog:dev" >/dev/null
export AWS_ENDPOINT_URL="$proxy" AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1
export HOME="$work" NO_COLOR=1
"$ballast" reconcile --stage dev --desired "$work/desired" >/dev/null 2>&1
python3 Tests/Support/deploy_synth_output.py --endpoint "$emulator" --stage dev --region us-east-1 \
    --repush again --push-images "$registry/orders:dev" >/dev/null

"$ballast" reconcile --stage dev --wait --desired "$work/desired" >/dev/null 2>"$work/wait.err" &
waiting=$!
until grep -q "10% of traffic" "$work/wait.err"; do sleep 0.1; done
python3 Tests/Support/set_alarm_state.py "$proxy" us-east-1 shop-dev-orders-errors ALARM
status=0
wait "$waiting" || status=$?
exited="$(date +%s.%N)"
python3 - "$work/requests.jsonl" "$status" "$exited" "$bake" <<'PY'
import json, sys
requests = [json.loads(line) for line in open(sys.argv[1])]
alarm = [r for r in requests if r["operation"] == "SetAlarmState"][-1]["time"]
rollback = [r["time"] for r in requests if r["operation"] == "UpdateAlias" and r["time"] > alarm]
print(f"reconcile --wait, bake {sys.argv[4]}: exit {sys.argv[2]}; alarm → UpdateAlias "
      f"{rollback[0] - alarm:.2f} s; alarm → exit {float(sys.argv[3]) - alarm:.2f} s")
PY
