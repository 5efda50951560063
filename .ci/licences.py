"""Writes the licences of every Rust crate compiled into the program for one
target into a folder: `crates.txt` (name, version, licence, where from) and
each crate's own licence files under `crates/<name>-<version>/`. Used by
.ci/release.sh:

    python3 .ci/licences.py x86_64-pc-windows-gnu dist/.../licenties

Only the crates the binary contains count: normal dependencies of the
package with its default features, for that target (no dev- or
build-dependencies, no procedural macros: those are not shipped)."""

import json
import os
import shutil
import subprocess
import sys

target, out = sys.argv[1], sys.argv[2]
meta = json.loads(
    subprocess.check_output(
        ["cargo", "metadata", "--format-version", "1", "--locked", "--filter-platform", target]
    )
)
packages = {p["id"]: p for p in meta["packages"]}
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
root = meta["resolve"]["root"]

# The closure over normal dependencies.
shipped, todo = set(), [root]
while todo:
    pid = todo.pop()
    if pid in shipped:
        continue
    # A procedural macro runs in the compiler: neither it nor what it
    # uses ends up in the program.
    if pid != root and any("proc-macro" in t["kind"] for t in packages[pid]["targets"]):
        continue
    shipped.add(pid)
    for dep in nodes[pid]["deps"]:
        if any(k["kind"] is None for k in dep["dep_kinds"]):
            todo.append(dep["pkg"])
shipped.discard(root)

PREFIXES = ("license", "licence", "copying", "notice", "copyright", "unlicense", "authors")
lines = []
missing = []
for pid in sorted(shipped, key=lambda i: (packages[i]["name"], packages[i]["version"])):
    p = packages[pid]
    name = f"{p['name']}-{p['version']}"
    where = os.path.dirname(p["manifest_path"])
    texts = sorted(
        f
        for f in os.listdir(where)
        if f.lower().startswith(PREFIXES) and os.path.isfile(os.path.join(where, f))
    )
    if p.get("license_file"):
        texts.append(p["license_file"])
    if texts:
        dest = os.path.join(out, "crates", name)
        os.makedirs(dest, exist_ok=True)
        for f in sorted(set(texts)):
            shutil.copyfile(os.path.join(where, f), os.path.join(dest, os.path.basename(f)))
    else:
        missing.append(name)
    note = "" if texts else "\t(geen licentietekst in het pakket)"
    licence = p.get("license") or "(zie licentiebestand)"
    lines.append(f"{p['name']} {p['version']}\t{licence}\t{p.get('repository') or ''}{note}")

with open(os.path.join(out, "crates.txt"), "w", encoding="utf-8") as f:
    f.write(
        "Rust-pakketten in dit programma (naam versie, licentie, bron); de licentieteksten\n"
        "staan in crates/<naam>-<versie>/.\n\n"
    )
    f.write("\n".join(lines) + "\n")
print(f"licenties: {len(shipped)} pakketten, {len(missing)} zonder licentietekst in het pakket", file=sys.stderr)
