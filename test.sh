#!/usr/bin/env bash
# Builds pam_authy and runs every test against the real parts: libpam, OpenSSH sshd on 127.0.0.1,
# SQLite files, oathtool and zbarimg. Run as root on Debian 12 or later with the .NET 10 SDK.
#
#   ./test.sh               install test prerequisites, build, run all tests
#   ./test.sh --build-only  build into artifacts/bin and stop
#   ./test.sh -- ARGS       pass ARGS to 'dotnet test' (for example --filter FullyQualifiedName~Pam)
#
# The last line of output is "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

packages=(clang zlib1g-dev libpam0g-dev libsqlite3-dev oathtool zbar-tools openssh-server openssh-client sshpass fail2ban libpam-google-authenticator groff-base)
build_only=0
test_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --build-only) build_only=1 ;;
        --) shift; test_args=("$@"); break ;;
        *) echo "test.sh: unknown option '$1'; see the comment at the top of test.sh" >&2; exit 2 ;;
    esac
    shift
done

install_packages() {
    local missing=()
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "test.sh: installing ${missing[*]}"
        apt-get update -qq
        # policy-rc.d would be the usual way to keep the new sshd from starting, but a container
        # without an init system does not start services from package scripts anyway.
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

build() {
    local out=artifacts/bin
    mkdir -p "$out"
    dotnet publish src/Pam/Module -c Release -o "$out" -p:DebugType=none -nologo -v quiet
    dotnet publish src/Pam/Helper -c Release -o "$out" -p:DebugType=none -nologo -v quiet
    dotnet publish src/Enroll -c Release -o "$out" -p:DebugType=none -nologo -v quiet
    gcc -O2 -Wall -Wextra -Werror -o "$out/pam_driver" tests/native/pam_driver.c -lpam
}

install_packages
build
if [ "$build_only" = 1 ]; then
    exit 0
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test tests/Authy.Totp.Tests -nologo --logger "console;verbosity=normal" "${test_args[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# The console logger ends with "Total tests: N", "Passed: N" and, when any failed, "Failed: N".
passed=$(sed -nE 's/^ *Passed: *([0-9]+)$/\1/p' "$log" | tail -1 || true)
failed=$(sed -nE 's/^ *Failed: *([0-9]+)$/\1/p' "$log" | tail -1 || true)
if [ -z "$passed" ] && [ -z "$failed" ]; then
    echo "test.sh: no test summary from dotnet test (exit status $status)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
passed=${passed:-0}
failed=${failed:-0}
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then
    # dotnet test failed without a failing test: a build error or a crashed test host.
    failed=1
fi
echo "${passed} passed, ${failed} failed"
[ "$status" = 0 ] && [ "$failed" = 0 ]
