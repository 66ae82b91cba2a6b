"""How ts-fsrs came into the package, and how to fetch it again (pinned, checksum-checked).

    python tests/vendoring.py          # fetch the pinned version again and compare
    python tests/vendoring.py --write  # ... and write the files (after bumping SOURCE.json)

``npm pack`` downloads the tarball from the npm registry (the only origin it comes from); its
sha512 must equal the ``integrity`` pinned in SOURCE.json (npm's own figure for that version),
and each file copied must match its pinned sha256. The site serves the copies from its own
origin; the browser never loads ts-fsrs from anywhere else.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from sample import PACKAGE

VENDOR = PACKAGE / "assets" / "vendor"


def source() -> dict[str, object]:
    data: dict[str, object] = json.loads((VENDOR / "SOURCE.json").read_text("utf-8"))
    return data


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch() -> dict[str, bytes]:
    """The pinned files, fresh from the npm registry (raises if any checksum differs)."""
    pin = source()
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            ["npm", "pack", f"{pin['package']}@{pin['version']}", "--json", "--silent"],
            cwd=tmp,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        name = json.loads(done.stdout)[0]["filename"]
        tarball = (Path(tmp) / name).read_bytes()
        integrity = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
        if integrity != pin["integrity"]:
            raise ValueError(f"{name}: integrity {integrity} is not the pinned one")
        out: dict[str, bytes] = {}
        files = pin["files"]
        assert isinstance(files, dict)
        with tarfile.open(Path(tmp) / name) as tar:
            for target, spec in files.items():
                member = tar.extractfile(spec["from"])
                assert member is not None, spec["from"]
                data = member.read()
                if sha256(data) != spec["sha256"]:
                    raise ValueError(f"{spec['from']}: sha256 {sha256(data)} is not the pinned one")
                out[target] = data
    return out


def main() -> None:
    fresh = fetch()
    for target, data in fresh.items():
        shipped = VENDOR / target
        if "--write" in sys.argv:
            shipped.write_bytes(data)
            print(f"wrote {shipped} ({len(data)} bytes)")
        else:
            same = shipped.is_file() and shipped.read_bytes() == data
            print(f"{target}: {'same as' if same else 'DIFFERS from'} the registry's")


if __name__ == "__main__":
    main()
