#!/usr/bin/env bash
# Vendor the KERN UX design system (EUPL-1.2) into the web app's static files, at a pinned
# version, so that no page loads CSS or fonts from a CDN (DSGVO). The output is committed;
# run this only to change the version.
set -euo pipefail
VERSION="${KERN_VERSION:-2.7.2}"
TARGET="src/industriedialog/web/static/vendor/kern"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
( cd "$work" && npm pack "@kern-ux/native@${VERSION}" --silent >/dev/null && tar xzf kern-ux-native-*.tgz )
rm -rf "$TARGET"
mkdir -p "$TARGET/fonts" "$TARGET/js"
cp "$work/package/dist/kern.min.css" "$TARGET/kern.min.css"
cp "$work/package/dist/fonts/fira-sans.css" "$TARGET/fonts/fira-sans.css"
mkdir -p "$TARGET/fonts/fira-sans"
for weight in Regular Italic Medium SemiBold Bold; do
  cp "$work/package/dist/fonts/fira-sans/FiraSans-${weight}.woff2" "$TARGET/fonts/fira-sans/"
done
# Keep only the @font-face rules whose files we ship.
python3 - "$TARGET/fonts/fira-sans.css" <<'PY'
import re, sys, pathlib
path = pathlib.Path(sys.argv[1])
css = path.read_text()
blocks = re.findall(r"@font-face\s*{[^}]*}", css)
folder = path.parent / "fira-sans"
kept = [b for b in blocks if (folder / re.search(r'fira-sans/([^"\']+)', b).group(1)).exists()]
path.write_text("\n\n".join(kept) + "\n")
PY
cp "$work/package/LICENSE.md" "$TARGET/LICENSE.md"
echo "@kern-ux/native ${VERSION}" > "$TARGET/VERSION"
echo "KERN UX ${VERSION} vendored into ${TARGET}"
