#!/usr/bin/env bash
# deps.sh: install the system packages Lastmile needs, when they are missing.
#
#   scripts/deps.sh build        compile the desktop app (C compiler, OpenGL, X11, Wayland headers)
#   scripts/deps.sh build test   also run the tests (Xvfb, xdotool, ImageMagick for the smoke test)
#   scripts/deps.sh ... bench    the sqlite3 shell, the import benchmark's baseline
#
# Debian and Ubuntu only (apt-get; sudo when not root). Elsewhere it checks
# for Go and says what to install.
set -euo pipefail

want_build=(gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev libwayland-dev)
want_test=(xvfb xauth xdotool imagemagick poppler-utils)
want_bench=(sqlite3)

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(build)

if ! command -v go >/dev/null 2>&1; then
	echo "deps: Go is not on PATH. Install Go 1.26 or newer from https://go.dev/dl/ and try again." >&2
	exit 1
fi
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
if [ "${go_minor:-0}" -lt 26 ]; then
	echo "deps: Lastmile needs Go 1.26 or newer; this is $(go env GOVERSION)." >&2
	exit 1
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	case "$(uname -s)" in
	Darwin) echo "deps: on macOS, install the Xcode command line tools (xcode-select --install); nothing else is needed." ;;
	*) echo "deps: not a Debian or Ubuntu system; install a C compiler and the OpenGL, X11 and Wayland development headers yourself (see README.md)." ;;
	esac
	exit 0
fi

missing=()
for g in "${groups[@]}"; do
	case "$g" in
	build) list=("${want_build[@]}") ;;
	test) list=("${want_test[@]}") ;;
	bench) list=("${want_bench[@]}") ;;
	*) echo "deps: unknown group '$g' (use build, test or bench)" >&2; exit 2 ;;
	esac
	for p in "${list[@]}"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
			missing+=("$p")
		fi
	done
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "deps: these packages are missing and there is no sudo: ${missing[*]}" >&2
		echo "deps: as root, run: apt-get install ${missing[*]}" >&2
		exit 1
	fi
	sudo="sudo"
fi
echo "deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
