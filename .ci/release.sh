#!/usr/bin/env bash
# Makes a release: the Windows program (cross-built with MinGW) as a zip and
# the Linux program as a tar.gz, each with the README, the bundled plan's
# sources as a starting point, and the licences (of this program, of the
# fonts compiled into it and of every Rust crate in it). See "Een release
# maken" in README.md.
#
#   .ci/release.sh              # into dist/
#   .ci/release.sh /tmp/dist    # elsewhere
#
# Needs rustup's target x86_64-pc-windows-gnu and the MinGW linker (Debian:
# gcc-mingw-w64-x86-64); run as root it installs them. The archives are
# dated from the last commit, so the same commit gives the same archives.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
dist="${1:-$repo/dist}"
mkdir -p "$dist"
dist=$(cd "$dist" && pwd)

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/uitvoeringsplan/target}"
export CARGO_TERM_COLOR=never
win_target=x86_64-pc-windows-gnu
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null \
  && ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc-mingw-w64-x86-64 >/dev/null
fi
rustup target list --installed | grep -qx "$win_target" || rustup target add "$win_target"
command -v x86_64-w64-mingw32-gcc >/dev/null \
  || { echo "release: de MinGW-linker ontbreekt (Debian: gcc-mingw-w64-x86-64)" >&2; exit 1; }
if [ -n "$(git status --porcelain)" ]; then
  echo "release: let op: er zijn niet-vastgelegde wijzigingen; de archieven bevatten ze wel" >&2
fi

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
# The archives' date; not exported to cargo (build scripts that watch it
# would rebuild half of typst).
epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
cargo build --release --locked --target "$win_target" --bin uitvoeringsplan
cargo build --release --locked --bin uitvoeringsplan

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
for platform in windows linux; do
  name="uitvoeringsplan-$version-$platform-x86_64"
  dir="$stage/$name"
  mkdir -p "$dir/licenties"
  if [ "$platform" = windows ]; then
    cp "$CARGO_TARGET_DIR/$win_target/release/uitvoeringsplan.exe" "$dir/"
    target=$win_target
  else
    cp "$CARGO_TARGET_DIR/release/uitvoeringsplan" "$dir/"
    target=x86_64-unknown-linux-gnu
  fi
  cp README.md "$dir/README.md"
  cp -r sources "$dir/sources"
  for f in LICENSE* LICENCE* COPYING*; do
    [ -e "$f" ] && cp "$f" "$dir/licenties/"
  done
  cp fonts/OFL-Inter.txt fonts/LICENSE-DejaVu.txt fonts/README.md "$dir/licenties/"
  mv "$dir/licenties/README.md" "$dir/licenties/lettertypen.md"
  python3 .ci/licences.py "$target" "$dir/licenties"
done

SOURCE_DATE_EPOCH="$epoch" python3 - "$stage" "$dist" "$version" <<'EOF'
# Deterministic archives: sorted names, the commit's date, fixed modes.
import io, os, sys, tarfile, time, zipfile, gzip

stage, dist, version = sys.argv[1:4]
epoch = int(os.environ["SOURCE_DATE_EPOCH"])
stamp = time.gmtime(max(epoch, 315532800))[:6]

def files(root):
    for base, dirs, names in os.walk(root):
        dirs.sort()
        for n in sorted(names):
            path = os.path.join(base, n)
            yield path, os.path.relpath(path, stage).replace(os.sep, "/")

def executable(rel):
    return rel.endswith("/uitvoeringsplan") or rel.endswith(".exe")

name = f"uitvoeringsplan-{version}-windows-x86_64"
with zipfile.ZipFile(os.path.join(dist, name + ".zip"), "w", zipfile.ZIP_DEFLATED) as z:
    for path, rel in files(os.path.join(stage, name)):
        info = zipfile.ZipInfo(rel, stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3
        info.external_attr = (0o100755 if executable(rel) else 0o100644) << 16
        with open(path, "rb") as f:
            z.writestr(info, f.read())

name = f"uitvoeringsplan-{version}-linux-x86_64"
raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
    for path, rel in files(os.path.join(stage, name)):
        info = t.gettarinfo(path, rel)
        info.mtime = epoch
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o755 if executable(rel) else 0o644
        with open(path, "rb") as f:
            t.addfile(info, f)
with open(os.path.join(dist, name + ".tar.gz"), "wb") as out:
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=epoch) as g:
        g.write(raw.getvalue())
EOF
(cd "$dist" && sha256sum "uitvoeringsplan-$version-windows-x86_64.zip" \
  "uitvoeringsplan-$version-linux-x86_64.tar.gz" >"uitvoeringsplan-$version.sha256")
ls -l "$dist"/uitvoeringsplan-"$version"*
