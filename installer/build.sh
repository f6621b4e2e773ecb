#!/bin/sh
# Build the one-folder bundle dist/OneVisitBackOffice/ from installer/backoffice.spec.
#
#   installer/build.sh            build (work files in build/, both git-ignored)
#   installer/build.sh --check    build, then run the bundle's smoke checks
#
# Needs PyInstaller in the venv (pip install -e '.[bundle]'; ./bootstrap.sh
# bundle does it all) and, on Linux, objdump/objcopy (Debian: binutils).
# PYTHON=… picks another interpreter than .venv/bin/python.
set -eu

cd "$(dirname "$0")/.."

say() { printf 'build: %s\n' "$*" >&2; }

PY=${PYTHON:-.venv/bin/python}
check=no
for arg in "$@"; do
    case "$arg" in
        --check) check=yes ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
        *) say "unknown option: $arg"; exit 2 ;;
    esac
done

if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
    say "PyInstaller is not installed in $PY: run  $PY -m pip install -e '.[bundle]'"
    exit 1
fi
if [ "$(uname -s)" = Linux ] && ! command -v objdump >/dev/null 2>&1; then
    # PyInstaller reads and writes ELF sections with binutils.
    say "objdump is missing: install binutils (apt-get install binutils)"
    exit 1
fi

started=$(date +%s)
# --noconfirm: replace the previous dist/OneVisitBackOffice without asking.
# --log-level WARN: PyInstaller's INFO lines run to hundreds; its warnings
# (a hidden import or library not found) are what matters.
"$PY" -m PyInstaller --noconfirm --log-level WARN \
    --distpath dist --workpath build installer/backoffice.spec
took=$(( $(date +%s) - started ))
size=$(du -sh dist/OneVisitBackOffice | cut -f1)
say "dist/OneVisitBackOffice: $size, built in ${took}s"

if [ "$check" = yes ]; then
    exec "$PY" installer/check_bundle.py dist/OneVisitBackOffice
fi
