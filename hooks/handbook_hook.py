"""MkDocs adapter for prep-handbook: the only module that knows MkDocs.

- ``on_files``: build the handbooks from ``seeds/`` and add their pages as generated files;
- ``on_serve``: watch ``seeds/`` and keep ``mkdocs serve`` answering after a failed rebuild;
- ``on_post_build``: with ``extra.handbook.private``, lock the built site with the passphrase
  from ``PREP_HANDBOOK_PASSPHRASE`` (or a prompt); ``mkdocs serve`` stays unlocked. A private
  build writes the plain site into a private temporary folder, locks it there and only then
  swaps it into ``site_dir``; whatever fails, ``site_dir`` never holds readable notes (an
  earlier plain build there is removed before anything else).

Notes errors become a one-line ``PluginError`` under ``mkdocs build``; under ``mkdocs serve``
they become a banner on the broken handbook's pages (the others stay intact) and a console line.
"""

from __future__ import annotations

import dataclasses
import gc
import getpass
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from prep_handbook import (
    RulesConfigError,
    Settings,
    Site,
    build_site,
    settings_from_mapping,
    warm_up,
)
from prep_handbook.pipeline import find_sources

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files

log = logging.getLogger("mkdocs.plugins.prep_handbook")

# Which command this process runs is a fact of the process, set once by on_startup; hooks are
# not reloaded between `mkdocs serve` rebuilds. Per-build state lives in locals only.
_PROCESS: dict[str, Any] = {
    "serving": False,
    "one_shot": False,
    "command": None,
    "passphrase": None,
    "site_dir": None,
    "building": None,
}
"""``site_dir``: where a private build goes once locked; ``building``: the temporary folder
MkDocs writes it into meanwhile."""


def on_startup(command: str, dirty: bool) -> None:
    _PROCESS["command"] = command
    _PROCESS["serving"] = command == "serve"
    _PROCESS["one_shot"] = command in ("build", "gh-deploy")


def on_shutdown() -> None:
    """A one-shot build leaves its heap frozen (see ``_add_handbooks``): the process exits next,
    and unfrozen, all of it would be scanned once more by the collection Python runs as it
    ends — about 40 ms of a one-handbook build, a third of the hook's cost (bench/cost.py)."""
    if not _PROCESS["one_shot"]:
        gc.unfreeze()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """A private build checks its passphrase before anything is built: no notes in plain."""
    settings = _settings(config)
    if not settings.private:
        if _PROCESS["command"] == "gh-deploy":
            log.warning(
                "gh-deploy publishes this handbook unlocked: anyone with the address can read "
                "the notes — set extra.handbook.private: true to publish it locked (README, "
                "the private build)"
            )
        return config
    if _PROCESS["serving"]:
        log.info(
            "private: mkdocs serve shows the handbook unlocked, for this machine only "
            f"({config.dev_addr}); mkdocs build and gh-deploy write the locked site"
        )
        return config
    from prep_handbook import private  # a private build's only: an open build never loads it

    site = Path(config.site_dir)
    try:
        removed = private.remove_unlocked_site(
            site, keep=(settings.project_dir, settings.seeds_dir)
        )
    except ValueError as exc:
        raise PluginError(f"private: {exc}") from None
    said = (
        f"{config.site_dir} held an unlocked build and was removed, so no notes stay readable there"
    )
    gone = f"; {said}" if removed else ""
    if _PROCESS["passphrase"] is None:
        passphrase = os.environ.get(private.PASSPHRASE_ENV)
        if not passphrase and _interactive():
            passphrase = getpass.getpass("Passphrase for the private handbook: ")
            if passphrase and getpass.getpass("Once more: ") != passphrase:
                raise PluginError(f"private: the two passphrases differ — nothing was built{gone}")
        names = [config.site_name, *(p.stem for p in find_sources(settings.seeds_dir)[0])]
        _PROCESS["passphrase"] = _checked(passphrase, names, gone)
    if removed:
        log.info(f"private: {said}")
    if _PROCESS["command"] == "gh-deploy" and "--no-history" not in sys.argv:
        log.info(
            "private: gh-deploy keeps every earlier build in the gh-pages history, each one "
            "open to passphrase guessing — add --no-history to keep only this one"
        )
    # MkDocs writes the plain site into a folder of this user's only; on_post_build locks it
    # there and swaps it into site_dir, on_build_error throws it away.
    _PROCESS["site_dir"] = config.site_dir
    _PROCESS["building"] = config.site_dir = tempfile.mkdtemp(prefix="prep-handbook-")
    return config


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _checked(passphrase: str | None, names: list[str], gone: str = "") -> str:
    """The passphrase, checked against ``names`` (site, notes files, companies), or the one
    line that says why not and offers a generated one (never into a log that is not a
    terminal's: CI logs can be public)."""
    from prep_handbook import private

    try:
        return private.check_passphrase(passphrase, names)
    except private.PassphraseError as exc:
        offer = (
            f"; one made just now, never stored: {private.generate_passphrase()}"
            if _interactive()
            else "; `python -m prep_handbook.private` makes one"
        )
        raise PluginError(f"private: {exc}{offer}{gone}") from None


def _settings(config: MkDocsConfig) -> Settings:
    project = Path(config.config_file_path or ".").resolve().parent
    try:
        settings = settings_from_mapping(config.extra.get("handbook"), project)
    except RulesConfigError as exc:
        raise PluginError(f"mkdocs.yml: {exc}") from None
    return dataclasses.replace(settings, site_url=config.site_url or None)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # The cycle collector waits while the handbooks are built and handed over: the build makes
    # tens of thousands of objects that all live until it ends, so the ~45 collections they
    # would set off (a full one among them, rescanning all MkDocs holds) would free nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _add_handbooks(files, config)
    finally:
        if collecting:
            gc.enable()


def _add_handbooks(files: Files, config: MkDocsConfig) -> Files:
    site: Site = build_site(_settings(config))
    if _PROCESS["site_dir"] is not None:  # a private build: the companies are known now
        companies = [hb.company for hb in site.handbooks]
        _checked(_PROCESS["passphrase"], [config.site_name, *companies])
    for notice in site.notices:
        log.info(notice)
    for warning in site.warnings:
        log.warning(str(warning))
    if site.errors:
        if not _PROCESS["serving"]:
            more = f" (and {len(site.errors) - 1} more)" if len(site.errors) > 1 else ""
            raise PluginError(f"{site.errors[0]}{more}")
        for error in site.errors:
            log.error(str(error))
    generated = set()
    for out in site.files:
        existing = files.get_file_from_path(out.path)
        if existing is not None:
            log.warning(f"docs/{out.path} is replaced by the generated handbook page")
            files.remove(existing)
        files.append(File.generated(config, out.path, content=out.content))
        generated.add(out.path)
    if config.nav is None:
        own = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in generated)
        config.nav = [*site.nav, *own]
    if _PROCESS["one_shot"]:
        # `mkdocs build` and `gh-deploy` are one process that exits when done: what is alive
        # now (modules, the config, these pages) stays alive to the end. Freezing it spares
        # every later garbage collection from rescanning it: the handbook's heap otherwise
        # costs the rest of a one-handbook build about 30 ms of collections (bench/cost.py).
        # Not under `mkdocs serve` (it rebuilds for hours: old sites must stay collectable),
        # nor when a program calls MkDocs' build() itself (no on_startup: tests, tools).
        gc.freeze()
    return files


def on_post_build(config: MkDocsConfig) -> None:
    target, building = _PROCESS["site_dir"], _PROCESS["building"]
    if target is None:
        return
    from prep_handbook import private

    started = time.perf_counter()
    settings = _settings(config)
    # The installed theme's own folders (wherever the venv is), not the project's overrides.
    theme_dirs = [Path(d) for d in config.theme.dirs if d != config.theme.custom_dir]
    known = [str(s) for s in (*config.extra_css, *config.extra_javascript)]
    locked = private.lock_site(
        Path(building),
        _PROCESS["passphrase"],
        theme_dirs=theme_dirs,
        known=known,
        remember_days=settings.remember_days,
    )
    private.swap_in(Path(building), Path(target))
    config.site_dir = target  # gh-deploy publishes from here next
    _PROCESS["site_dir"] = _PROCESS["building"] = None
    log.info(
        f"private: locked {locked.pages} pages and {locked.files} other files of the notes in "
        f"{target} with AES-256-GCM (key: PBKDF2-HMAC-SHA256, 600,000 iterations) in "
        f"{time.perf_counter() - started:.1f} s; {locked.plain} theme and unlock files stay plain"
    )
    if locked.kept_plain:
        log.info(
            f"private: also plain (named in mkdocs.yml, or for the host): "
            f"{', '.join(locked.kept_plain)}"
        )
    log.info(
        "private: SHA-256 of the lock's scripts, to compare with what the host serves: "
        + ", ".join(f"{name} {digest}" for name, digest in locked.fingerprints)
    )
    if locked.remote_images:
        log.warning(
            f"private: {len(locked.remote_images)} image(s) load from another site, such as "
            f"{locked.remote_images[0]} — the locked pages block them (each view would tell "
            "that site); save them beside your notes and link them instead"
        )


def on_build_error(error: Exception) -> None:
    """A private build that failed leaves its plain temporary folder nowhere."""
    if _PROCESS["building"] is not None:
        shutil.rmtree(_PROCESS["building"], ignore_errors=True)
    _PROCESS["site_dir"] = _PROCESS["building"] = None


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> Any:
    settings = _settings(config)
    server.watch(str(settings.seeds_dir))
    if settings.templates_dir.is_dir():
        server.watch(str(settings.templates_dir))

    # MkDocs leaves every request waiting after a rebuild that raised, until a good one. Catch
    # it here instead: the last good site stays served and the next save rebuilds as usual.
    rebuild = server.builder

    def keep_serving() -> None:
        try:
            rebuild()
        except Exception as exc:
            log.error(f"rebuild failed, still serving the last good build: {exc}")

    server.builder = keep_serving
    # What a rebuild needs stays loaded for the life of the process (word list, rules,
    # templates); the typo check's word list loads now, while the user reads the first page.
    threading.Thread(target=warm_up, name="prep-handbook-warm-up", daemon=True).start()
    return server
