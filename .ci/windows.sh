#!/usr/bin/env bash
# The editors' workflow with the Windows build, under Wine, on a copy of the
# bundled plan: check, build (PDF and DOCX byte for byte the same as the
# Linux build of this commit), a section export, that section edited (with
# python-docx, as Word would save a change) and imported back, an output
# held open by another program, and watch (a change, then Ctrl-C).
#
# Called by .ci/run. Required there (UITVOERINGSPLAN_EXTERNAL=1, as root:
# it installs MinGW and Wine with apt and the Windows target with rustup);
# run without the tools, it says what is missing and skips.
#
# Test scaffolding, built here and never shipped: Wine 8 (Debian 12) lacks
# bcryptprimitives.dll, which Rust's standard library needs; a stand-in
# (tests/windows/bcryptprimitives.c) goes into a Wine prefix under the cache
# folder. tests/windows/hold.c holds a file open as Word does.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

cache="${UITVOERINGSPLAN_CACHE:-$HOME/.cache/uitvoeringsplan}"
# The Linux build's target folder: cargo keeps the targets apart in it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$cache/target}"
export CARGO_TERM_COLOR=never
target=x86_64-pc-windows-gnu
required="${UITVOERINGSPLAN_EXTERNAL:-}"

skip() {
  if [ -n "$required" ]; then
    echo "windows: $1 (required here: UITVOERINGSPLAN_EXTERNAL is set)" >&2
    exit 1
  fi
  echo "windows: overgeslagen: $1 (.ci/run installeert het als root)"
  exit 0
}

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  need=""
  command -v x86_64-w64-mingw32-gcc >/dev/null || need="$need gcc-mingw-w64-x86-64"
  [ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null || need="$need wine64"
  if [ -n "$need" ]; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $need >/dev/null
  fi
  rustup target list --installed 2>/dev/null | grep -qx "$target" \
    || rustup target add "$target" >/dev/null
fi
command -v x86_64-w64-mingw32-gcc >/dev/null || skip "MinGW (gcc-mingw-w64-x86-64) ontbreekt"
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
[ -x "$wine" ] || skip "Wine (wine64) ontbreekt"
rustup target list --installed 2>/dev/null | grep -qx "$target" \
  || skip "de Rust-target $target ontbreekt (rustup target add $target)"
python3 -c "import docx" 2>/dev/null || skip "python-docx ontbreekt"

started=$(date +%s)
say() { echo "windows: $* ($(($(date +%s) - started)) s)"; }
fail() {
  echo "windows: FOUT: $*" >&2
  exit 1
}

# The two binaries of this commit.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
cargo build --release --target "$target" --bin uitvoeringsplan
cargo build --release --bin uitvoeringsplan
exe="$CARGO_TARGET_DIR/$target/release/uitvoeringsplan.exe"
linux="$CARGO_TARGET_DIR/release/uitvoeringsplan"
say "gebouwd: $exe"

# The Wine prefix and the scaffolding, made once and kept in the cache.
export WINEPREFIX="$cache/wine-prefix"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="
tools="$cache/windows-tools"
mkdir -p "$tools"
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  "$wine" wineboot --init >/dev/null 2>&1
  say "Wine-prefix gemaakt in $WINEPREFIX"
fi
x86_64-w64-mingw32-gcc -shared -O2 -o "$tools/bcryptprimitives.dll" \
  tests/windows/bcryptprimitives.c tests/windows/bcryptprimitives.def -ladvapi32
x86_64-w64-mingw32-gcc -municode -O2 -o "$tools/hold.exe" tests/windows/hold.c
cp "$tools/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"

work=$(mktemp -d)
holder=""
watcher=""
cleanup() {
  [ -z "$holder" ] || kill "$holder" 2>/dev/null || true
  [ -z "$watcher" ] || kill -9 "$watcher" 2>/dev/null || true
  "${wine%64}server" -k 2>/dev/null || "$(dirname "$wine")/wineserver" -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/win" "$work/linux"
cp -r sources "$work/win/sources"
cp -r sources "$work/linux/sources"
win() { (cd "$work/win" && "$wine" "$exe" "$@"); }
lin() { (cd "$work/linux" && "$linux" "$@"); }
stem=uitvoeringsplan-midden-nederland-2023-2024
unset SOURCE_DATE_EPOCH

# check: the same report as on Linux, with Windows paths.
set +e
win check >"$work/check.out" 2>"$work/check.err"
rc=$?
lin check >"$work/check-linux.out" 2>"$work/check-linux.err"
set -e
[ "$rc" = 0 ] || fail "check gaf $rc: $(cat "$work/check.err")"
grep -q 'sources\\' "$work/check.err" "$work/check.out" \
  || fail "check toont geen Windows-paden: $(head -5 "$work/check.err")"
for s in out err; do
  tr '\\' '/' <"$work/check.$s" | cmp -s - "$work/check-linux.$s" \
    || fail "check ($s) verschilt van Linux: $(diff <(tr '\\' '/' <"$work/check.$s") "$work/check-linux.$s" | head)"
done
say "check: zelfde melding als op Linux, met Windows-paden"

# Dutch text in a real console (Wine gives one on a terminal, code page
# 437 like a default Windows console): € and the frame characters arrive
# (UTF-8 bytes written as such would show as "Γé¼").
if command -v script >/dev/null; then
  (cd "$work/win" && script -qc "'$wine' '$exe' check" /dev/null >"$work/console.raw" 2>&1) || true
  python3 - "$work/console.raw" <<'EOF' || fail "tekens in de console: zie hierboven"
import re, sys
raw = open(sys.argv[1], "rb").read()
text = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", raw).decode("utf-8", "replace")
ok = "€" in text and "┌─" in text and "Γé¼" not in text and "\ufffd" not in text
if not ok:
    print(text[:2000])
sys.exit(0 if ok else 1)
EOF
  say "console: € en kaderlijnen goed (codepagina 437)"
fi

# build: the same bytes as the Linux build.
win build >"$work/build.out" 2>"$work/build.err" || fail "build: $(cat "$work/build.err")"
lin build >/dev/null 2>&1
grep -q "^out\\\\$stem.pdf" "$work/build.out" || fail "build noemt out\\$stem.pdf niet: $(cat "$work/build.out")"
for ext in pdf docx; do
  cmp "$work/win/out/$stem.$ext" "$work/linux/out/$stem.$ext" || fail "$ext verschilt van de Linux-build"
done
say "build: PDF en DOCX byte voor byte gelijk aan Linux"

# A section for a district, edited as Word would and imported back.
section=west-utrecht
win build --format docx --section "$section" >/dev/null 2>&1 || fail "export van $section"
lin build --format docx --section "$section" >/dev/null 2>&1
cmp "$work/win/out/$stem-$section.docx" "$work/linux/out/$stem-$section.docx" \
  || fail "de export van $section verschilt van Linux"
python3 - "$work/win/out/$stem-$section.docx" "$work/herzien.docx" <<'EOF'
import sys
import docx

doc = docx.Document(sys.argv[1])
# The first text under a section heading (a field of the district).
under_heading = False
for p in doc.paragraphs:
    if p.style.name == "Heading 2":
        under_heading = True
    elif under_heading and len(p.text) > 40 and p.runs:
        p.runs[-1].text += " Herzien in Word op Windows: één € meer."
        break
else:
    sys.exit("geen alinea om te wijzigen")
doc.save(sys.argv[2])
EOF
cp "$work/herzien.docx" "$work/win/herzien.docx"
cp "$work/herzien.docx" "$work/linux/herzien.docx"
win import herzien.docx >"$work/import.out" 2>"$work/import.err" \
  || fail "import: $(cat "$work/import.err" "$work/import.out")"
lin import herzien.docx >/dev/null 2>&1 || fail "import op Linux"
file="sources/districten/$section.toml"
grep -q "Herzien in Word op Windows: één € meer." "$work/win/$file" || fail "de wijziging staat niet in $file"
cmp "$work/win/$file" "$work/linux/$file" || fail "$file na import verschilt van Linux"
grep -q "vorige versie" "$work/import.out" || fail "import noemt geen reservekopie: $(cat "$work/import.out")"
win check >/dev/null 2>&1 || fail "check na import"
say "sectie $section: export gelijk aan Linux, wijziging teruggelezen zoals op Linux"

# An output held open by another program: a clear message, the old file
# intact, the other output still written, exit 1.
win build >/dev/null 2>&1 || fail "build na import"
cp "$work/win/out/$stem.pdf" "$work/oud.pdf"
cp "$work/win/out/$stem.docx" "$work/oud.docx"
# Changed sources, so that new outputs differ from the old ones.
sed -i 's/^naam = "West-Utrecht"/naam = "West-Utrecht (Windows)"/' "$work/win/$file"
(cd "$work/win" && exec "$wine" "$tools/hold.exe" "out\\$stem.pdf" stop.txt >"$work/hold.out" 2>&1) &
holder=$!
for _ in $(seq 300); do
  grep -q open "$work/hold.out" 2>/dev/null && break
  sleep 0.1
done
grep -q open "$work/hold.out" || fail "hold.exe hield het bestand niet vast: $(cat "$work/hold.out")"
set +e
win build >"$work/locked.out" 2>"$work/locked.err"
rc=$?
set -e
touch "$work/win/stop.txt"
wait "$holder" || true
holder=""
[ "$rc" = 1 ] || fail "build met een vastgehouden PDF gaf $rc"
expected="error: kan out\\$stem.pdf niet schrijven: het bestand is geopend in een ander programma, dat het niet laat vervangen; het bestaande bestand blijft zoals het was
  = hint: sluit het bestand in Word of in de PDF-lezer (of het programma dat het open heeft) en bouw opnieuw"
# (Among the line about the sources' warnings.)
[ "$(grep -A1 '^error:' "$work/locked.err")" = "$expected" ] \
  || fail "melding bij een vastgehouden PDF: $(cat "$work/locked.err")"
cmp -s "$work/win/out/$stem.pdf" "$work/oud.pdf" || fail "de vastgehouden PDF is veranderd"
cmp -s "$work/win/out/$stem.docx" "$work/oud.docx" && fail "de DOCX is niet opnieuw geschreven"
grep -q "^out\\\\$stem.docx" "$work/locked.out" || fail "de DOCX-regel ontbreekt: $(cat "$work/locked.out")"
if ls -A "$work/win/out" | grep -q '^\.'; then fail "tijdelijk bestand achtergebleven: $(ls -A "$work/win/out")"; fi
win build >/dev/null 2>&1 || fail "build nadat het bestand is gesloten"
cmp -s "$work/win/out/$stem.pdf" "$work/oud.pdf" && fail "de PDF is na het sluiten niet vervangen"
say "vastgehouden PDF: melding, oude PDF heel, DOCX geschreven, exit 1; daarna gebouwd"

# watch: the first build, a rebuild after an edit, Ctrl-C stops it cleanly.
(cd "$work/win" && exec "$wine" "$exe" watch >"$work/watch.out" 2>"$work/watch.err") &
watcher=$!
wait_for() {
  for _ in $(seq 1200); do
    [ "$(grep -c "$1" "$work/watch.out" 2>/dev/null)" -ge "$2" ] && return 0
    sleep 0.1
  done
  fail "watch: geen '$1' (x$2) binnen 120 s: $(cat "$work/watch.out" "$work/watch.err")"
}
wait_for "PDF geschreven" 1
sleep 1
sed -i 's/^naam = "West-Utrecht (Windows)"/naam = "West-Utrecht (watch)"/' "$work/win/$file"
wait_for "districten.$section.toml: PDF geschreven" 1
kill -INT "$watcher"
set +e
wait "$watcher"
rc=$?
set -e
watcher=""
[ "$rc" = 0 ] || fail "watch na Ctrl-C gaf $rc: $(cat "$work/watch.err")"
tail -1 "$work/watch.out" | grep -q "watch: gestopt" || fail "watch stopte niet netjes: $(cat "$work/watch.out")"
if ls -A "$work/win/out" | grep -q '^\.'; then fail "tijdelijk bestand na watch: $(ls -A "$work/win/out")"; fi
say "watch: herbouwd na een wijziging, netjes gestopt met Ctrl-C"

say "alles zoals op Linux"
