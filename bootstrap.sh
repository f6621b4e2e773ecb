#!/bin/sh
# OneVisit Back Office: install what is needed, then start the app or run the tests.
#
#   ./bootstrap.sh demo [APP OPTIONS]     e.g. ./bootstrap.sh demo --smoke
#   ./bootstrap.sh test [PYTEST OPTIONS]  e.g. ./bootstrap.sh test -x tests/ui
#   ./bootstrap.sh bundle                 build dist/OneVisitBackOffice/, smoke-check it, compile the installer
#
# On Debian/Ubuntu as root, missing system packages (Qt's runtime libraries, a
# Chinese font, for tests Xvfb, for the bundle binutils, NSIS, osslsigncode) are installed with
# apt-get; elsewhere the script says what is missing and goes on. Python >= 3.11
# goes into .venv; `pip install -e .[test,bundle]` runs again only when
# pyproject.toml changed. Re-runs need no network.
set -eu

cd "$(dirname "$0")"

say() { printf 'bootstrap: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

usage() {
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

[ $# -ge 1 ] || usage
verb=$1
shift
case "$verb" in
    demo|test|bundle) ;;
    -h|--help|help) usage ;;
    *) say "unknown command: $verb"; usage ;;
esac

# --- system packages -----------------------------------------------------------

# What Qt needs to start offscreen, what a real window adds (xcb), and a font
# with Chinese glyphs (without one Qt draws boxes).
QT_PACKAGES="libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0
libxkbcommon0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 fonts-wqy-microhei"
# Tests: a real X server for the screenshot test, pdftotext for document tests,
# PostgreSQL for the sandbox-over-PostgreSQL tests (a throwaway cluster per run).
TEST_PACKAGES="xvfb xauth poppler-utils postgresql softhsm2"
# The bundle: PyInstaller reads and writes ELF files with objdump and objcopy;
# makensis compiles the Windows installer script (installer/onevisit.nsi) and
# osslsigncode signs it when a certificate is configured (and in the tests);
# wine64 runs the installer silently to check install, upgrade and uninstall
# (installer/check_installer_wine.py).
BUNDLE_PACKAGES="binutils nsis osslsigncode wine64"

is_installed() {
    # Ubuntu 24.04 renamed some libraries with a t64 suffix.
    for name in "$1" "${1}t64"; do
        status=$(dpkg-query -W -f='${db:Status-Status}' "$name" 2>/dev/null || true)
        [ "$status" = installed ] && return 0
    done
    return 1
}

system_packages() {
    wanted=$QT_PACKAGES
    [ "$verb" = test ] && wanted="$wanted $TEST_PACKAGES"
    [ "$verb" = bundle ] && wanted="$wanted $BUNDLE_PACKAGES"
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        case "$(uname -s)" in
            Linux)
                say "not a Debian/Ubuntu system: make sure Qt's runtime libraries (OpenGL/EGL, X11/xcb," \
                    "fontconfig, xkbcommon), a Chinese font (e.g. WenQuanYi Micro Hei or Noto CJK)," \
                    "for tests Xvfb and for the bundle binutils, NSIS (makensis), osslsigncode and wine64 are installed" ;;
        esac
        return 0
    fi
    missing=""
    for pkg in $wanted; do
        is_installed "$pkg" || missing="$missing $pkg"
    done
    [ -n "$missing" ] || return 0
    if [ "$(id -u)" -ne 0 ]; then
        say "missing system packages:$missing"
        say "install them with: sudo apt-get install -y --no-install-recommends$missing"
        return 0
    fi
    say "installing system packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086  # word splitting is the point
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# --- Python ------------------------------------------------------------------

python_ok() {
    "$1" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 14) else 1)' 2>/dev/null
}

find_python() {
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

VENV=.venv
VENV_PY=$VENV/bin/python
STAMP=$VENV/.bootstrap-stamp

make_venv() {
    if [ -x "$VENV_PY" ] && python_ok "$VENV_PY"; then
        return 0
    fi
    [ -e "$VENV" ] && { say "recreating $VENV (missing or wrong Python)"; rm -rf "$VENV"; }
    if ! python=$(find_python); then
        # A bare Debian 12 / Ubuntu 24.04 has no Python at all; their python3 is 3.11 / 3.12.
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
            say "installing python3 and python3-venv"
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
        fi
        python=$(find_python) || die "Python 3.11, 3.12 or 3.13 is needed (Debian: apt-get install python3 python3-venv)"
    fi
    if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
        # Debian's python3 ships without ensurepip; python3-venv adds it.
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
            say "installing python3-venv"
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
        else
            die "$python cannot create a virtual environment (Debian: apt-get install python3-venv)"
        fi
    fi
    say "creating $VENV with $("$python" --version 2>&1)"
    "$python" -m venv "$VENV"
}

# One set of extras for every verb, so switching between them never reinstalls:
# the test tools and PyInstaller (small next to Qt).
EXTRAS="test,bundle"

pip_install() {
    want=$("$VENV_PY" -c 'import hashlib; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest() + " ['"$EXTRAS"']")')
    if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
        return 0
    fi
    say "installing the app, its test tools and PyInstaller into $VENV (pip install -e '.[$EXTRAS]')"
    "$VENV_PY" -m pip install --disable-pip-version-check --progress-bar off -q -e ".[$EXTRAS]"
    echo "$want" >"$STAMP"
}

# --- run -----------------------------------------------------------------------

system_packages
make_venv
pip_install

export LANG="${LANG:-C.UTF-8}"

case "$verb" in
demo)
    case "$(uname -s)" in
        Linux|*BSD)
            if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
                case " $* " in
                    *" --smoke "*|*" --screenshot "*|*" --screenshot="*) ;;
                    *)
                        say "there is no display here (DISPLAY and WAYLAND_DISPLAY are unset), so no window can open."
                        say "try:  ./bootstrap.sh demo --smoke            (start, show the window offscreen, exit)"
                        say "      ./bootstrap.sh demo --screenshot x.png  (save a picture of the window)"
                        say "      xvfb-run -a ./bootstrap.sh demo         (a virtual X server)"
                        exit 3 ;;
                esac
            fi ;;
    esac
    exec "$VENV/bin/backoffice" app --demo "$@" ;;
test)
    # One pytest worker per core (pytest-xdist): in one process the suite took
    # ~50 of CI's 60 minutes on 2 cores. Tests use free ports and their own temp
    # dirs, so workers share nothing. -n on the command line wins;
    # ONEVISIT_TEST_WORKERS=0 runs everything in this one process.
    case " $* " in
        *" -n "*|*" -n"[0-9]*|*" -nauto "*|*" --numprocesses"*) exec "$VENV_PY" -m pytest "$@" ;;
    esac
    exec "$VENV_PY" -m pytest -n "${ONEVISIT_TEST_WORKERS:-auto}" --dist worksteal "$@" ;;
bundle)
    # installer/build.sh builds with installer/backoffice.spec;
    # installer/check_bundle.py runs the bundle (console tool, sandbox, windowed
    # app, documents, self-test); installer/make_installer.py compiles the NSIS
    # script against it — also after failed checks, as another finding.
    # On Linux the installer only proves that the script compiles (it packs
    # the Linux bundle), so it is stored uncompressed: seconds instead of
    # minutes of LZMA. ONEVISIT_NSIS_COMPRESSION=lzma builds it as on Windows.
    PYTHON=$VENV_PY installer/build.sh "$@"
    status=0
    "$VENV_PY" installer/check_bundle.py dist/OneVisitBackOffice || status=$?
    if "$VENV_PY" installer/make_installer.py --compression "${ONEVISIT_NSIS_COMPRESSION:-off}"; then
        # The installer itself, as IT deploys it: silent per-user and per-machine
        # install, upgrade in place, uninstall keeping (or removing) the data.
        "$VENV_PY" installer/check_installer_wine.py || { [ "$status" -ne 0 ] || status=$?; }
    else
        [ "$status" -ne 0 ] || status=1
    fi
    exit "$status" ;;
esac
