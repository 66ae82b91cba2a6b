"""MkDocs adapter for prep-handbook: the only module that knows MkDocs.

- ``on_files``: build the handbooks from ``seeds/`` and add their pages as generated files;
- ``on_serve``: watch ``seeds/`` and keep ``mkdocs serve`` answering after a failed rebuild.

Notes errors become a one-line ``PluginError`` under ``mkdocs build``; under ``mkdocs serve``
they become a banner on the broken handbook's pages (the others stay intact) and a console line.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from prep_handbook import RulesConfigError, Settings, Site, build_site, settings_from_mapping

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files

log = logging.getLogger("mkdocs.plugins.prep_handbook")

# Which command this process runs is a fact of the process, set once by on_startup; hooks are
# not reloaded between `mkdocs serve` rebuilds. Per-build state lives in locals only.
_PROCESS = {"serving": False}


def on_startup(command: str, dirty: bool) -> None:
    _PROCESS["serving"] = command == "serve"


def _settings(config: MkDocsConfig) -> Settings:
    project = Path(config.config_file_path or ".").resolve().parent
    try:
        settings = settings_from_mapping(config.extra.get("handbook"), project)
    except RulesConfigError as exc:
        raise PluginError(f"mkdocs.yml: {exc}") from None
    return dataclasses.replace(settings, site_url=config.site_url or None)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    site: Site = build_site(_settings(config))
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
    return files


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
    return server
