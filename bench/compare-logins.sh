#!/usr/bin/env bash
# Times whole pamtester logins through four PAM modules with the same TOTP seed and prints, for each,
# the median, p90, ratio to pam_google_authenticator and peak memory, then times 20 and 50 parallel
# logins through pam_authy.so. Run as root on Debian 12 or later with the .NET 10 SDK:
#
#   sudo bench/compare-logins.sh [N]     (N timed logins per module, default 100, at least 10)
#
# Modules and PAM service files (created in /etc/pam.d and removed on exit):
#   authy-bench-authy   pam_authy.so built from this tree into bench/.out/bin
#   authy-bench-google  pam_google_authenticator.so with secret=DIR/${USER} user=root, DISALLOW_REUSE
#   authy-bench-oath    pam_oath.so with a usersfile, which records each used code
#   authy-bench-permit  pam_permit.so alone: the cost of pamtester and libpam themselves
#
# Every module rejects a code that was already used for the same user, so each login uses its own
# PAM user name (benchN), enrolled in all four modules with the same seed. None of these modules needs
# the name to be a system account (pam_google_authenticator reads its files as user=root), so no
# accounts are created. The rounds are interleaved (authy google oath permit, authy ...), a
# fresh code comes from oathtool right before each login, and every login must succeed: one failure
# stops the script. A wrong code is tried first on each TOTP module and must be rejected.
#
# Each login runs as /usr/bin/time -f %M pamtester, timed with bash's EPOCHREALTIME. The peak memory
# is the largest resident set of pamtester and the processes it waited for (for pam_authy, the
# helper). The fork and exec of /usr/bin/time are in every figure, including the pam_permit baseline.
set -euo pipefail
export LC_ALL=C   # EPOCHREALTIME must use a decimal point
cd "$(dirname "$0")/.."

runs=${1:-100}
warmup=3
parallel_sizes=(20 50)
seed_base32=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ   # "12345678901234567890", the RFC 6238 test seed
seed_hex=3132333435363738393031323334353637383930
modules=(authy google oath permit)

if [ "$(id -u)" != 0 ]; then
    echo "compare-logins.sh: run as root, because it writes PAM service files to /etc/pam.d" >&2
    exit 1
fi
if ! [[ "$runs" =~ ^[0-9]+$ ]] || [ "$runs" -lt 10 ]; then
    echo "compare-logins.sh: N must be a whole number of at least 10, got '$runs'" >&2
    exit 2
fi

install_packages() {
    local packages=(pamtester libpam-google-authenticator libpam-oath oathtool time
        clang zlib1g-dev libpam0g-dev libsqlite3-dev)
    local missing=()
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "compare-logins.sh: installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# Builds into bench/.out so that the binaries under artifacts/bin, which the tests use, are left alone.
build() {
    local out=bench/.out
    for project in src/Pam/Module src/Pam/Helper src/Enroll; do
        dotnet publish "$project" -c Release -o "$out/bin" --artifacts-path "$out/build" \
            -p:DebugType=none -nologo -v quiet
    done
}

install_packages
build
bin=$PWD/bench/.out/bin

work=$(mktemp -d)
services=()
for module in "${modules[@]}"; do
    services+=("/etc/pam.d/authy-bench-$module")
done
cleanup() {
    rm -f "${services[@]}"
    rm -rf "$work"
}
trap cleanup EXIT

parallel_total=0
for size in "${parallel_sizes[@]}"; do
    parallel_total=$((parallel_total + size))
done
user_count=$((warmup + runs + parallel_total))

echo "compare-logins.sh: enrolling $user_count users in each module"
mkdir -p "$work/authy" "$work/google" "$work/oath"
cat >"$work/authy/pam_authy.conf" <<CONF
database = $work/authy/secrets.db
key_file = $work/authy/master.key
CONF
"$bin/authy-enroll" init --config "$work/authy/pam_authy.conf" >/dev/null
: >"$work/oath/users.oath"
chmod 600 "$work/oath/users.oath"
for i in $(seq 1 "$user_count"); do
    user=bench$i
    # --no-confirm prints a warning for every user, so the output is kept only for a failure.
    if ! "$bin/authy-enroll" enroll "$user" --secret "$seed_base32" --no-confirm \
        --config "$work/authy/pam_authy.conf" >"$work/enroll.log" 2>&1; then
        cat "$work/enroll.log" >&2
        echo "compare-logins.sh: authy-enroll enroll $user failed" >&2
        exit 1
    fi
    # WINDOW_SIZE 3 is the current step and one on either side. It is a file option, not a module option.
    printf '%s\n" WINDOW_SIZE 3\n" DISALLOW_REUSE\n" TOTP_AUTH\n' "$seed_base32" >"$work/google/$user"
    chmod 400 "$work/google/$user"
    printf 'HOTP/T30 %s - %s\n' "$user" "$seed_hex" >>"$work/oath/users.oath"
done

# Each module accepts the current step and one step on either side, as pam_authy's default window.
cat >/etc/pam.d/authy-bench-authy <<PAM
auth required $bin/pam_authy.so config=$work/authy/pam_authy.conf helper=$bin/pam_authy_helper
PAM
cat >/etc/pam.d/authy-bench-google <<PAM
auth required pam_google_authenticator.so secret=$work/google/\${USER} user=root
PAM
cat >/etc/pam.d/authy-bench-oath <<PAM
auth required pam_oath.so usersfile=$work/oath/users.oath window=1
PAM
cat >/etc/pam.d/authy-bench-permit <<PAM
auth required pam_permit.so
PAM

# login SERVICE USER CODE: one pamtester authentication. Prints "STATUS MICROSECONDS MAX_RSS_KIB".
login() {
    local service=$1 user=$2 code=$3 rss_file
    rss_file=$(mktemp -p "$work")
    local start=$EPOCHREALTIME status=0
    # A here-string, not a pipe, because pam_permit never reads the code and echo would die of SIGPIPE.
    /usr/bin/time -f %M -o "$rss_file" pamtester "$service" "$user" authenticate <<<"$code" \
        >/dev/null 2>&1 || status=$?
    local end=$EPOCHREALTIME
    local elapsed=$(( ${end/./} - ${start/./} ))
    echo "$status $elapsed $(tail -1 "$rss_file")"
    rm -f "$rss_file"
}

wrong_code() {
    local code
    code=$(oathtool --totp -b "$seed_base32")
    printf '%06d' $(( (10#$code + 500000) % 1000000 ))
}

# A module that lets a wrong code through would make every timing below meaningless.
for module in authy google oath; do
    read -r status _ _ < <(login "authy-bench-$module" bench1 "$(wrong_code)")
    if [ "$status" = 0 ]; then
        echo "compare-logins.sh: authy-bench-$module accepted a wrong code; its setup is broken" >&2
        exit 1
    fi
done

results=$work/results
: >"$results"
echo "compare-logins.sh: $warmup untimed rounds, then $runs timed rounds of ${modules[*]}"
for i in $(seq 1 $((warmup + runs))); do
    for module in "${modules[@]}"; do
        read -r status elapsed rss < <(login "authy-bench-$module" "bench$i" "$(oathtool --totp -b "$seed_base32")")
        if [ "$status" != 0 ]; then
            echo "compare-logins.sh: login $i of bench$i through authy-bench-$module failed" \
                "(pamtester exit status $status)" >&2
            exit 1
        fi
        if [ "$i" -gt "$warmup" ]; then
            echo "$module $elapsed $rss" >>"$results"
        fi
    done
done

echo
echo "Sequential logins, $runs per module (milliseconds; peak memory in MiB)"
sort -k1,1 -k2,2n "$results" | awk '
    { name = $1; n[name]++; t[name, n[name]] = $2 / 1000; if ($3 > rss[name]) rss[name] = $3 }
    function pick(name, q) { return t[name, int(q * n[name] + 0.999)] }
    function median(name, c) {
        c = n[name]
        return (c % 2) ? t[name, (c + 1) / 2] : (t[name, c / 2] + t[name, c / 2 + 1]) / 2
    }
    END {
        base = median("permit"); google = median("google")
        printf "%-7s %6s %8s %8s %8s %8s %10s %14s %9s\n",
            "module", "logins", "median", "p90", "min", "max", "ratio", "net ratio", "peak MiB"
        split("authy google oath permit", order, " ")
        for (k = 1; k <= 4; k++) {
            name = order[k]
            m = median(name)
            net = (google - base > 0) ? sprintf("%.2f", (m - base) / (google - base)) : "n/a"
            printf "%-7s %6d %8.2f %8.2f %8.2f %8.2f %10.2f %14s %9.1f\n",
                name, n[name], m, pick(name, 0.9), t[name, 1], t[name, n[name]],
                m / google, net, rss[name] / 1024
        }
        print ""
        print "ratio: median / google-authenticator median."
        print "net ratio: (median - permit median) / (google median - permit median), the cost of the"
        print "module alone. peak MiB: max resident set of pamtester and the processes it waited for."
    }'

# parallel_logins SIZE FIRST_USER: SIZE pam_authy logins started together, each with its own user.
parallel_logins() {
    local size=$1 first=$2 code dir
    dir=$(mktemp -d -p "$work")
    code=$(oathtool --totp -b "$seed_base32")
    for k in $(seq 0 $((size - 1))); do
        login authy-bench-authy "bench$((first + k))" "$code" >"$dir/$k" &
    done
    wait
    cat "$dir"/* | sort -k2,2n | awk -v size="$size" '
        { c++; t[c] = $2 / 1000; if ($1 == 0) ok++; if ($3 > rss) rss = $3 }
        END {
            p50 = t[int(0.5 * c + 0.999)]; p99 = t[int(0.99 * c + 0.999)]
            printf "%3d parallel: %3d of %3d succeeded  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  peak %5.1f MiB\n",
                size, ok, c, p50, p99, t[c], rss / 1024
        }'
    if grep -qv '^0 ' "$dir"/*; then
        echo "compare-logins.sh: some of the $size parallel logins failed" >&2
        return 1
    fi
}

# With no request on standard input the helper starts, finds end of input, writes an error result and
# exits: the cost of starting the NativeAOT process and its runtime, without SQLite or Argon2id.
echo
for _ in $(seq 1 "$runs"); do
    start=$EPOCHREALTIME
    "$bin/pam_authy_helper" </dev/null >/dev/null 2>&1 || true
    end=$EPOCHREALTIME
    echo $(( ${end/./} - ${start/./} ))
done | sort -n | awk '
    { t[NR] = $1 / 1000 }
    END {
        median = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
        printf "pam_authy_helper start and exit with no request, %d runs: median %.2f ms  p90 %.2f ms\n",
            NR, median, t[int(0.9 * NR + 0.999)]
    }'

echo
echo "Parallel logins through pam_authy.so (p99 of 20 or 50 samples is close to the maximum)"
first=$((warmup + runs + 1))
for size in "${parallel_sizes[@]}"; do
    parallel_logins "$size" "$first"
    first=$((first + size))
done
