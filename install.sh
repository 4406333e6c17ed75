#!/usr/bin/env bash
# Installs pam_authy on Debian or Ubuntu: builds it, installs pam_authy.so, its helper,
# authy-enroll and their man pages, and creates /etc/authy with the config, the key file and the database.
# Running it again upgrades the programs and keeps the config, the key and the database.
#
#   sudo ./install.sh                  build and install
#   sudo ./install.sh --prebuilt DIR   install binaries already built into DIR (./test.sh --build-only
#                                      puts them in artifacts/bin)
#   DESTDIR=/tmp/root ./install.sh     install below another root, for packaging and tests
#
# It never edits /etc/pam.d or sshd_config. The lines to add are in contrib/ and README.md.
set -euo pipefail
cd "$(dirname "$0")"

build_packages=(clang zlib1g-dev libpam0g-dev libsqlite3-dev)
runtime_packages=(libpam0g libsqlite3-0)
destdir=${DESTDIR:-}
prebuilt=

fail() {
    echo "install.sh: $*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    case "$1" in
        --prebuilt) [ $# -ge 2 ] || fail "--prebuilt needs a directory"; prebuilt=$2; shift ;;
        *) fail "unknown option '$1'; see the comment at the top of install.sh" ;;
    esac
    shift
done

[ "$(id -u)" = 0 ] || fail "run it as root: sudo ./install.sh"

install_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing Debian packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

build() {
    command -v dotnet >/dev/null ||
        fail "the .NET 10 SDK is needed to build (Debian has no package for it); install it from Microsoft's package repository, or build elsewhere and use --prebuilt DIR"
    install_packages "${build_packages[@]}"
    local out=artifacts/bin
    for project in src/Pam/Module src/Pam/Helper src/Enroll; do
        dotnet publish "$project" -c Release -o "$out" -nologo -v quiet
    done
    prebuilt=$out
}

# Prints the directory where libpam looks for modules, which is the one that contains pam_unix.so.
pam_module_dir() {
    local unix
    unix=$(dpkg -L libpam-modules 2>/dev/null | grep '/security/pam_unix\.so$' | head -1 || true)
    [ -n "$unix" ] || unix=$(find /lib /usr/lib /lib64 /usr/lib64 -name pam_unix.so -path '*/security/*' 2>/dev/null | head -1)
    [ -n "$unix" ] || fail "pam_unix.so not found, so the PAM module directory is unknown; install libpam-modules"
    dirname "$unix"
}

install_files() {
    local module_dir
    module_dir=$(pam_module_dir)
    for binary in pam_authy.so pam_authy_helper authy-enroll; do
        [ -f "$prebuilt/$binary" ] || fail "$prebuilt/$binary not found; build it first"
    done
    install -D -o root -g root -m 0644 "$prebuilt/pam_authy.so" "$destdir$module_dir/pam_authy.so"
    install -D -o root -g root -m 0755 "$prebuilt/pam_authy_helper" "$destdir/usr/libexec/pam_authy/pam_authy_helper"
    install -D -o root -g root -m 0755 "$prebuilt/authy-enroll" "$destdir/usr/sbin/authy-enroll"
    install -D -o root -g root -m 0644 contrib/man/pam_authy.8 "$destdir/usr/share/man/man8/pam_authy.8"
    install -D -o root -g root -m 0644 contrib/man/authy-enroll.1 "$destdir/usr/share/man/man1/authy-enroll.1"
    echo "installed $module_dir/pam_authy.so, /usr/libexec/pam_authy/pam_authy_helper, /usr/sbin/authy-enroll"
}

install_config() {
    local config=$destdir/etc/authy/pam_authy.conf
    install -d -o root -g root -m 0700 "$destdir/etc/authy"
    if [ -e "$config" ]; then
        echo "kept $config"
    else
        install -o root -g root -m 0600 contrib/pam_authy.conf "$config"
        echo "created $config"
    fi
}

# authy-enroll init creates the key file and the database when they are missing and checks them
# otherwise. Below DESTDIR it gets a copy of the config whose paths point into DESTDIR.
initialize() {
    local config=$destdir/etc/authy/pam_authy.conf
    if [ -n "$destdir" ]; then
        local staged
        staged=$(mktemp)
        sed -E "s#^(database|key_file)( *= *)/#\\1\\2$destdir/#" "$config" >"$staged"
        "$destdir/usr/sbin/authy-enroll" init --config "$staged" || { rm -f "$staged"; exit 1; }
        rm -f "$staged"
    else
        /usr/sbin/authy-enroll init --config "$config"
    fi
}

install_packages "${runtime_packages[@]}"
[ -n "$prebuilt" ] || build
install_files
install_config
initialize

cat <<'NEXT'

Next steps:
  1. Enroll a user:        sudo authy-enroll enroll alice    (scan the QR code with the Authy app)
  2. Add to /etc/pam.d/sshd after "@include common-auth":   auth required pam_authy.so
  3. Copy contrib/sshd_config.d/pam_authy.conf to /etc/ssh/sshd_config.d/ and run: systemctl reload ssh
Keep a root shell open until a login with a code works from a second terminal.
NEXT
