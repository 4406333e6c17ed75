#!/usr/bin/env bash
# Times whole logins through pam_authy.so with pamtester: N users, each with a fresh valid code, one
# pamtester run each, and prints the median and p90 in milliseconds.
#
#   sudo bench/login-latency.sh [N]     (default 20; needs ./test.sh --build-only first)
#
# It creates the PAM service /etc/pam.d/authy-bench-PID (pamtester has no option for another
# configuration directory) and removes it on exit, with everything else in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-20}
bin=$PWD/artifacts/bin
for tool in pamtester oathtool; do
    command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null; }
done
[ -x "$bin/authy-enroll" ] || { echo "login-latency.sh: run ./test.sh --build-only first" >&2; exit 1; }

work=$(mktemp -d)
service=authy-bench-$$
trap 'rm -rf "$work" "/etc/pam.d/$service"' EXIT
cat >"$work/pam_authy.conf" <<CONF
database = $work/secrets.db
key_file = $work/master.key
CONF
"$bin/authy-enroll" init --config "$work/pam_authy.conf" >/dev/null
echo "auth required $bin/pam_authy.so config=$work/pam_authy.conf helper=$bin/pam_authy_helper" >"/etc/pam.d/$service"

seed=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
for i in $(seq 1 "$runs"); do
    "$bin/authy-enroll" enroll "bench$i" --secret "$seed" --no-confirm --config "$work/pam_authy.conf" >/dev/null 2>&1
done

times=()
for i in $(seq 1 "$runs"); do
    code=$(oathtool --totp -b "$seed")
    start=$(date +%s%N)
    echo "$code" | pamtester "$service" "bench$i" authenticate >/dev/null 2>&1 ||
        { echo "login-latency.sh: login $i failed" >&2; exit 1; }
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
done

printf '%s\n' "${times[@]}" | sort -n | awk -v runs="$runs" '
    { t[NR] = $1 }
    END {
        median = (runs % 2) ? t[(runs + 1) / 2] : (t[runs / 2] + t[runs / 2 + 1]) / 2
        p90 = t[int(0.9 * runs + 0.999)]
        printf "logins: %d  median: %.1f ms  p90: %.1f ms  min: %.1f ms  max: %.1f ms\n",
            runs, median / 1000, p90 / 1000, t[1] / 1000, t[runs] / 1000
    }'
