#!/usr/bin/env bash
# Times Argon2id in the reference C implementation at the parameter sets of KeyDerivationBenchmarks,
# and puts the BenchmarkDotNet means of Konscious beside them when a report from a run of that class
# is present.
#
#   bench/argon2-compare.sh [RUNS]      (default 20 per parameter set)
#
# Two reference figures per set, each a median over RUNS calls with a 32-byte password and a 16-byte
# salt, as for pam_authy's host key and salt:
#   argon2 CPU   the time Debian's argon2 command prints for its hashing call. The command measures
#                it with clock(), so it is CPU time and leaves out the time the process waited for a
#                core. Its process start and its verification pass are not in it.
#   libargon2    wall and CPU time of argon2id_hash_raw from Debian's libargon2-1 (the same source),
#                called in-process through Python's ctypes.
# BenchmarkDotNet reports wall time, so the ratio uses the libargon2 wall time. On a loaded machine,
# wall time grows with the load: run this right after the benchmarks, and compare the two CPU columns.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

runs=${1:-20}
report=BenchmarkDotNet.Artifacts/results/Authy.Totp.Bench.KeyDerivationBenchmarks-report-github.md

missing=()
command -v argon2 >/dev/null || missing+=(argon2)
[ -e /usr/lib/x86_64-linux-gnu/libargon2.so.1 ] || [ -e /usr/lib/aarch64-linux-gnu/libargon2.so.1 ] ||
    missing+=(libargon2-1)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Mean in milliseconds of one method from the BenchmarkDotNet Markdown report, or "n/a".
konscious_mean() {
    local method=$1
    [ -f "$report" ] || { echo n/a; return; }
    awk -F'|' -v method="$method" '
        /^\| *Method *\|/ { for (i = 1; i <= NF; i++) if ($i ~ /^ *Mean *$/) column = i; next }
        column && $2 ~ "^ *" method " *$" {
            split($column, parts, " ")
            value = parts[1]; gsub(/,/, "", value)
            unit = parts[2]
            if (unit == "s") value *= 1000
            else if (unit == "us" || unit == "μs") value /= 1000
            printf "%.1f\n", value; found = 1
        }
        END { if (!found) print "n/a" }' "$report"
}

# Median in milliseconds of the CPU time that the argon2 command prints, over RUNS runs.
command_cpu_median() {
    local kib=$1 passes=$2
    for _ in $(seq 1 "$runs"); do
        head -c 32 /dev/urandom | argon2 "$(head -c 12 /dev/urandom | base64)" -id \
            -t "$passes" -k "$kib" -p 1 -l 32 | awk '/ seconds$/ { print $1 * 1000 }'
    done | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f\n", (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}

# Medians in milliseconds of wall and CPU time of argon2id_hash_raw, over RUNS calls: "WALL CPU".
library_medians() {
    python3 - "$1" "$2" "$runs" <<'PYTHON'
import ctypes
import os
import statistics
import sys
import time

kib, passes, runs = (int(arg) for arg in sys.argv[1:4])
library = ctypes.CDLL("libargon2.so.1")
hash_raw = library.argon2id_hash_raw
hash_raw.argtypes = [ctypes.c_uint32, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_char_p, ctypes.c_size_t,
                     ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]
output = ctypes.create_string_buffer(32)
wall, cpu = [], []
for _ in range(runs):
    password, salt = os.urandom(32), os.urandom(16)
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    status = hash_raw(passes, kib, 1, password, 32, salt, 16, output, 32)
    wall.append((time.perf_counter() - wall_start) * 1000)
    cpu.append((time.process_time() - cpu_start) * 1000)
    if status != 0:
        sys.exit(f"argon2id_hash_raw failed with status {status}")
print(f"{statistics.median(wall):.1f} {statistics.median(cpu):.1f}")
PYTHON
}

printf '%-20s %12s %14s %13s %15s %8s\n' \
    "parameters" "argon2 CPU" "libargon2 wall" "libargon2 CPU" "Konscious wall" "ratio"
while read -r label kib passes method; do
    command_cpu=$(command_cpu_median "$kib" "$passes")
    read -r library_wall library_cpu < <(library_medians "$kib" "$passes")
    konscious=$(konscious_mean "$method")
    ratio=n/a
    if [ "$konscious" != n/a ]; then
        ratio=$(awk -v k="$konscious" -v w="$library_wall" 'BEGIN { printf "%.2f", k / w }')
    fi
    printf '%-20s %12s %14s %13s %15s %8s\n' "$label" "$command_cpu" "$library_wall" "$library_cpu" "$konscious" "$ratio"
done <<'SETS'
19MiB,t=2(default) 19456 2 DeriveKeyDefault
46MiB,t=1 47104 1 DeriveKey46MiB1Pass
64MiB,t=3 65536 3 DeriveKey64MiB3Passes
SETS
echo
echo "Milliseconds, medians of $runs runs. Konscious wall: BenchmarkDotNet mean from $report."
echo "ratio: Konscious wall / libargon2 wall."
[ -f "$report" ] || echo "No report yet: run the KeyDerivationBenchmarks first for the Konscious column."
