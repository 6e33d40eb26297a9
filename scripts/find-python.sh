#!/usr/bin/env bash
# Print the path of a Python 3.12 or newer: first on PATH, then in pyenv's versions
# (the oldest matching one, 3.12, which the pins are tested with).
# Exits 1 with a clear message when there is none.
set -u
works() {  # a candidate counts only if it really runs (pyenv shims may refuse) and is >= 3.12
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}
for name in python3.14 python3.13 python3.12 python3 python; do
  candidate=$(command -v "$name" 2>/dev/null) || continue
  if works "$candidate"; then echo "$candidate"; exit 0; fi
done
roots=()
if command -v pyenv >/dev/null 2>&1; then roots+=("$(pyenv root 2>/dev/null)"); fi
roots+=("${PYENV_ROOT:-$HOME/.pyenv}")
for root in "${roots[@]}"; do
  [ -d "$root/versions" ] || continue
  for candidate in $(ls -d "$root"/versions/3.* 2>/dev/null | sort -t. -k2,2n -k3,3n); do
    for binary in "$candidate"/bin/python3.1[2-9] "$candidate"/bin/python3; do
      if [ -x "$binary" ] && works "$binary"; then echo "$binary"; exit 0; fi
    done
  done
done
echo "Kein Python 3.12 oder neuer gefunden (PATH und pyenv durchsucht). Bitte Python >= 3.12 installieren. / No Python 3.12+ found." >&2
exit 1
