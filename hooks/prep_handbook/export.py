"""The second adapter: the rendered handbook as a plain docs folder and an mkdocs.yml without the
hook, so that any builder that reads mkdocs.yml (plain MkDocs, properdocs, Zensical — which runs
no MkDocs hooks) builds the same pages.

    prep-handbook export OUT_DIR [-f mkdocs.yml]
    prep-handbook explain seeds/NOTES.md [-f mkdocs.yml]
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from .errors import NotesError
from .model import Reason, Section
from .pipeline import Settings, Site, build_site, load_handbook, settings_from_mapping
from .rules import RulesConfigError


class ExportError(Exception):
    """Something the user can fix; printed as one line."""


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold MkDocs' own tags (!ENV, !relative, !!python/name:…): keep them as
    written, so that the exported config says the same thing."""


def _keep_tag(loader: _Loader, suffix: str, node: yaml.Node) -> Any:
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        return _Tagged(tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(tag, loader.construct_sequence(node, deep=True))
    return _Tagged(tag, loader.construct_mapping(node, deep=True))  # type: ignore[arg-type]


@dataclasses.dataclass(frozen=True)
class _Tagged:
    tag: str
    value: Any


_Loader.add_multi_constructor("!", _keep_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag)


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Tagged,
    lambda dumper, data: (
        dumper.represent_scalar(data.tag, data.value)
        if not isinstance(data.value, (list, dict))
        else dumper.represent_sequence(data.tag, data.value)
        if isinstance(data.value, list)
        else dumper.represent_mapping(data.tag, data.value)
    ),
)


def export(config_file: Path, out: Path) -> Site:
    """Write ``out/docs/`` (hand-written docs plus every generated page) and
    ``out/mkdocs.yml`` (the same config without the hook and the handbook settings)."""
    try:
        config = yaml.load(config_file.read_text("utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ExportError(f"{config_file}: cannot read it ({exc})") from None
    project = config_file.resolve().parent
    extra = dict(config.get("extra") or {})
    try:
        settings = settings_from_mapping(extra.pop("handbook", None), project)
    except RulesConfigError as exc:
        raise ExportError(f"{config_file.name}: {exc}") from None
    site_url = config.get("site_url")
    site = build_site(dataclasses.replace(settings, site_url=site_url or None))
    if site.errors:
        raise ExportError(str(site.errors[0]))

    docs = project / str(config.get("docs_dir") or "docs")
    target = out / "docs"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(docs, target)
    for f in site.files:
        path = target / f.path
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(f.content, bytes):
            path.write_bytes(f.content)
        else:
            path.write_text(f.content, encoding="utf-8")

    generated = {f.path for f in site.files}
    own = sorted(
        p.relative_to(docs).as_posix()
        for p in docs.rglob("*.md")
        if not p.relative_to(docs).as_posix().startswith("overrides/")
    )
    exported = {k: v for k, v in config.items() if k not in ("hooks", "docs_dir", "site_dir")}
    exported["docs_dir"] = "docs"
    if extra:
        exported["extra"] = extra
    else:
        exported.pop("extra", None)
    theme = exported.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        custom = (project / str(theme["custom_dir"])).resolve()
        if custom.is_relative_to(docs.resolve()):
            theme["custom_dir"] = (Path("docs") / custom.relative_to(docs.resolve())).as_posix()
    if "nav" not in config:
        exported["nav"] = [*site.nav, *(p for p in own if p not in generated)]
    out.mkdir(parents=True, exist_ok=True)
    header = (
        "# Exported by `prep-handbook export`: the handbook's pages are plain files in docs/,\n"
        "# so this config needs no hook (MkDocs, properdocs and Zensical build it alike).\n"
    )
    body = yaml.dump(exported, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
    (out / "mkdocs.yml").write_text(header + body, encoding="utf-8")
    return site


def _settings(config_file: Path) -> Settings:
    """The handbook settings of an mkdocs.yml (the defaults when there is none)."""
    if not config_file.exists():
        return settings_from_mapping(None, config_file.resolve().parent)
    try:
        config = yaml.load(config_file.read_text("utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ExportError(f"{config_file}: cannot read it ({exc})") from None
    try:
        return settings_from_mapping(
            (config.get("extra") or {}).get("handbook"), config_file.resolve().parent
        )
    except RulesConfigError as exc:
        raise ExportError(f"{config_file.name}: {exc}") from None


def explain(notes: Path, config_file: Path) -> str:
    """Every line of a notes file: where it landed, the rule that put it there, and the tag
    that keeps it there; a tag of another section moves it."""
    settings = _settings(config_file)
    try:
        data = notes.read_bytes()
    except OSError as exc:
        raise ExportError(f"{notes}: cannot read it ({exc.strerror})") from None
    display = notes.as_posix()
    hb = load_handbook(display, notes.stem, data, settings.rules)
    marks: dict[Section, str] = {}
    for name, section in settings.rules.marks.items():
        marks.setdefault(section, f"#{name}")
    rows = [
        f"{display}: handbook “{hb.company}” at /{hb.slug}/",
        "line  page                          rule                   tag        text",
    ]
    for m in hb.source_map:
        if m.page is None:
            if m.reason not in (Reason.BLANK, Reason.FENCE):
                reason = f"({m.reason})"
                rows.append(f"{m.line:>4}  {'—':<29} {reason:<33} {m.text.strip()[:60]}")
            continue
        where = m.page.value or "overview"
        where += f"#{m.anchor}" if m.anchor else ""
        rule = f"{m.rule}{' ?' if m.rule and m.rule.weak else ''}"
        tag = marks.get(m.section, "") if m.section else ""
        text = m.text.strip()[:60]
        rows.append(f"{m.line:>4}  {where[:29]:<29} {rule:<22} {tag:<10} {text}")
    rows.append(
        "? = a weak guess. To move a line, end it with another section's tag: "
        + " ".join(sorted(set(marks.values())))
    )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="prep-handbook", description="Interview-prep notes → a structured handbook."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    cmd = commands.add_parser(
        "export", help="write the handbook as plain pages and an mkdocs.yml without the hook"
    )
    cmd.add_argument("out", type=Path, help="folder to write docs/ and mkdocs.yml into")
    cmd.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    why = commands.add_parser(
        "explain", help="print each line of a notes file with its page, rule and tag"
    )
    why.add_argument("notes", type=Path, help="the notes file, e.g. seeds/acme-interview.md")
    why.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    args = parser.parse_args(argv)
    if args.command == "explain":
        try:
            print(explain(args.notes, args.config_file))
        except (ExportError, NotesError) as exc:
            print(f"prep-handbook: {exc}", file=sys.stderr)
            return 1
        return 0
    try:
        site = export(args.config_file, args.out)
    except (ExportError, NotesError) as exc:
        print(f"prep-handbook: {exc}", file=sys.stderr)
        return 1
    for line in (*site.notices, *map(str, site.warnings)):
        print(line, file=sys.stderr)
    pages = sum(1 for f in site.files if f.path.endswith(".md"))
    print(f"exported {pages} pages of {len(site.handbooks)} handbook(s) to {args.out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
