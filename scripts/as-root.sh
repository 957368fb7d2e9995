# Sourced by the other scripts (after they define `die`): `as_root CMD...` runs CMD as
# root, directly when the script already is root, else through sudo when there is one.
if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    SUDO=(false-no-root)
fi
as_root() {
    if [ "${SUDO[0]:-}" = false-no-root ]; then
        die "need root (or sudo) to run: $*"
    fi
    "${SUDO[@]}" "$@"
}
