"""A backup is a folder: the database dump, the media and private media folders as tar.gz
archives, and manifest.json (written last, so a folder without one is incomplete) with each
file's size and SHA-256. A restore checks everything before it changes anything.
"""

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path

import django
from django.conf import settings
from django.db import connections
from django.utils import timezone

from . import databases
from .databases import BackupError

MANIFEST = "manifest.json"
FORMAT = 1
ARCHIVES = {"media": "MEDIA_ROOT", "private_media": "PRIVATE_MEDIA_ROOT"}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _app_version() -> str:
    try:
        return metadata.version("ip-resilience-hub")
    except metadata.PackageNotFoundError:
        return "unknown"


def _archive(source: Path, path: Path) -> None:
    with tarfile.open(path, "w:gz") as tar:
        if source.is_dir():
            for child in sorted(source.iterdir()):
                tar.add(child, arcname=child.name)


def _describe(path: Path) -> dict:
    return {"name": path.name, "size": path.stat().st_size, "sha256": sha256(path)}


def create_backup(output: Path, using: str = "default") -> dict:
    """Write a backup of the database and media into output (new or empty); its manifest."""
    connection = connections[using]
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} is not empty: give a new folder for each backup.")
    output.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Personal data inside: readable by the owner only.
    old_umask = os.umask(0o077)
    try:
        # Database first: a file uploaded meanwhile is then merely unreferenced, not missing.
        names = {"database": databases.dump_name(connection.vendor)}
        databases.dump(connection, output / names["database"])
        for key, setting in ARCHIVES.items():
            names[key] = f"{key}.tar.gz"
            _archive(Path(getattr(settings, setting)), output / names[key])
    finally:
        os.umask(old_umask)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "app_version": _app_version(),
        "django_version": django.get_version(),
        "database_vendor": connection.vendor,
        "files": {key: _describe(output / name) for key, name in names.items()},
    }
    (output / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def verify_backup(directory: Path, using: str = "default") -> dict:
    """The manifest, once every file is present and intact and the vendor matches."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
        files = manifest["files"]
        vendor = manifest["database_vendor"]
    except FileNotFoundError:
        raise BackupError(
            f"No {MANIFEST} in {directory}: not a backup, or an incomplete one."
        ) from None
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(
            f"{directory / MANIFEST} is not a readable manifest ({error})."
        ) from error
    target = connections[using].vendor
    if vendor != target:
        raise BackupError(f"This backup is of a {vendor} database; the one configured is {target}.")
    for key in ["database", *ARCHIVES]:
        if key not in files:
            raise BackupError(f"The manifest lists no {key} file.")
        entry = files[key]
        path = directory / Path(entry["name"]).name  # never outside the backup folder
        if not path.is_file():
            raise BackupError(f"{path} is missing.")
        if path.stat().st_size != entry["size"] or sha256(path) != entry["sha256"]:
            raise BackupError(f"{path} does not match its checksum: damaged or altered.")
    return manifest


def restore_backup(directory: Path, manifest: dict, using: str = "default") -> None:
    """Replace the database and both media folders with a verified backup's."""
    directory = Path(directory)
    files = manifest["files"]
    staged = {}
    try:
        # Unpack first, beside each target: a bad archive stops us before the database.
        for key, setting in ARCHIVES.items():
            target = Path(getattr(settings, setting))
            target.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-restore-", dir=target.parent))
            staged[target] = staging
            with tarfile.open(directory / files[key]["name"], "r:gz") as tar:
                tar.extractall(staging, filter="data")  # no absolute paths, no escaping links
        databases.load(connections[using], directory / files["database"]["name"])
        for target, staging in staged.items():
            _replace_contents(target, staging)
    finally:
        for staging in staged.values():
            shutil.rmtree(staging, ignore_errors=True)


def _replace_contents(target: Path, staging: Path) -> None:
    # Contents rather than the folder itself: the target may be a mount point.
    target.mkdir(parents=True, exist_ok=True)
    for child in target.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in staging.iterdir():
        shutil.move(child, target / child.name)
