"""Hostile and messy notes: each case gets a correct handbook or a one-line error, never a
traceback, a recursion error or a hang; nothing pasted into notes runs in the browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdf
import pytest
from browser import chromium, static_server
from prep_handbook import build_site as core_build
from prep_handbook import settings_from_mapping
from prep_handbook.outline import MAX_DEPTH
from sample import SHIPPED
from sitekit import article, build_site, copy_project, page_html, run_mkdocs, visible_text

pytestmark = pytest.mark.site


def _cli_build(project: Path, out: Path):  # type: ignore[no-untyped-def]
    result = run_mkdocs(project, "build", "--strict", "-d", str(out))
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_missing_seeds_folder_builds_a_site_that_says_so(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", seeds={})
    (project / "seeds").rmdir()
    result = _cli_build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "INFO    -  seeds/: no notes yet — add a Markdown file" in result.stderr
    assert "No notes yet" in (tmp_path / "out" / "index.html").read_text("utf-8")


def test_empty_seeds_folder_and_a_non_markdown_file(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", seeds={"photo.png": b"\x89PNG\r\n", "todo.txt": "x"})
    result = _cli_build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    info = [ln for ln in result.stderr.splitlines() if "left alone" in ln]
    assert info == [
        "INFO    -  seeds/photo.png: not a Markdown notes file (.md) and embedded nowhere, "
        "left alone",
        "INFO    -  seeds/todo.txt: not a Markdown notes file (.md) and embedded nowhere, "
        "left alone",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"caf\xe9\n", "seeds/bad.md:1: byte 0xe9 at column 4 is not valid UTF-8"),
        (b"\x00\x01binary", "seeds/bad.md:1: this looks like a binary file"),
        (b"---\ntitle: [x\n---\n", "seeds/bad.md:2: the frontmatter is not valid YAML"),
        (b"---\n42\n---\n", "seeds/bad.md:2: the frontmatter must be 'key: value' lines"),
    ],
)
def test_bad_notes_fail_the_build_with_one_line(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    project = copy_project(tmp_path / "p", seeds={"bad.md": content})
    result = _cli_build(project, tmp_path / "out")
    assert result.returncode == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("ERROR")]
    assert len(errors) == 1 and errors[0].startswith(f"ERROR   -  {expected}"), result.stderr
    assert " — " in errors[0]


def test_two_files_for_one_company_fail_the_build_naming_both(tmp_path: Path) -> None:
    project = copy_project(
        tmp_path / "p",
        seeds={
            "a.md": "---\ncompany: Acme\n---\n- questions:\n\t- why?\n",
            "b.md": "---\ncompany: ACME\n---\n- questions:\n\t- how?\n",
        },
    )
    result = _cli_build(project, tmp_path / "out")
    assert result.returncode == 1
    assert "seeds/b.md:1: its handbook would be /acme/, which seeds/a.md already has" in (
        result.stderr
    )


def test_nesting_400_levels_deep_builds(tmp_path: Path) -> None:
    deep = "- questions:\n" + "".join("\t" * i + f"- level {i}\n" for i in range(1, 401))
    project = copy_project(tmp_path / "p", seeds={"deep.md": deep})
    site = build_site(project)
    text = visible_text(article(page_html(site, "deep/questions")))
    for i in (1, MAX_DEPTH, 200, 400):
        assert f"level {i}" in text
    depth = max(
        len(m.group(0)) for m in re.finditer(r"(?:<ol>|<ul>)+", page_html(site, "deep/questions"))
    )
    assert depth < 40


def test_unclosed_code_fence_shows_the_rest_as_code(tmp_path: Path) -> None:
    notes = "- questions:\n\t- real question?\n\n```\n- not a bullet\n> not a quote\n"
    site = build_site(copy_project(tmp_path / "p", seeds={"fence.md": notes}))
    html = article(page_html(site, "fence/notes"))
    assert "<code>" in html and "- not a bullet" in visible_text(html)
    assert "real question?" in visible_text(article(page_html(site, "fence/questions")))


def test_five_megabyte_notes_file(tmp_path: Path) -> None:
    text = SHIPPED.read_text("utf-8")
    head_end = text.index("---", 3) + 4
    body = text[head_end:]
    copies = [body.replace("?", f" ({n})?") for n in range(5_000_000 // len(body.encode()) + 1)]
    notes = text[:head_end] + "\n".join(copies)
    assert len(notes.encode()) >= 5_000_000
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "traba-preparation.md").write_text(notes, "utf-8")
    site = core_build(settings_from_mapping({"cache": None}, tmp_path))
    assert not site.errors
    smap = json.loads(next(f.content for f in site.files if f.path.endswith("source-map.json")))
    assert len(smap["lines"]) == notes.count("\n") + 1
    assert all(m["page"] or m["reason"] for m in smap["lines"])
    pdf = next(f.content for f in site.files if f.path.endswith(".pdf"))
    assert isinstance(pdf, bytes)
    import io

    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1


def _variants() -> dict[str, bytes]:
    lf = SHIPPED.read_bytes()
    return {
        "lf": lf,
        "crlf": lf.replace(b"\n", b"\r\n"),
        "cr": lf.replace(b"\n", b"\r"),
        "bom": b"\xef\xbb\xbf" + lf,
    }


def test_crlf_lone_cr_and_bom_give_the_same_pages(tmp_path: Path) -> None:
    outputs = {}
    for name, data in _variants().items():
        root = tmp_path / name
        (root / "seeds").mkdir(parents=True)
        (root / "seeds" / "traba-preparation.md").write_bytes(data)
        site = core_build(settings_from_mapping({"cache": None}, root))
        outputs[name] = {f.path: f.content for f in site.files}
    for name in ("crlf", "cr", "bom"):
        assert outputs[name] == outputs["lf"], name


HOSTILE = """---
title: "evil <script>alert('title')</script> prep"
---
> <script>window.__pwned = 'pitch'; alert('pitch')</script> my pitch
- questions they ask me
\t- why evil? <img src=x onerror="window.__pwned='img'; alert('img')">
\t\t- <iframe src="javascript:alert('iframe')"></iframe> because
- questions:
\t- [click](javascript:alert('link')) and [fine](https://example.com)
\t- *x*{ onclick="alert('attr')" } trick
\t- <a href="javascript:alert('a')">raw link</a>
\t- ![img](x" onerror="alert('img2'))
\t- <svg onload="alert('svg')"></svg> <details open ontoggle="alert('toggle')">
\t- `<script>code is fine</script>`
- connection:
\t- [[x]] <style>body{display:none}</style> <!-- comment -->
"""


@pytest.mark.browser
def test_hostile_notes_run_nothing_in_the_browser(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", seeds={"evil.md": HOSTILE})
    site = build_site(project, strict=False)  # [[x]] resolves nowhere: a warning
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.glob("*/**/index.html"))
    assert len(pages) >= 6  # the company is named "Evil <script>…</script>", as in the title
    dialogs: list[str] = []
    with static_server(site) as url, chromium() as browser:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ["", *pages]:
            page.goto(url + path + "/")
            page.wait_for_load_state("load")
            for summary in page.locator("details summary").all():
                summary.click()  # open every collapsed answer: ontoggle would fire now
            assert page.evaluate("() => window.__pwned") is None, path
            found = page.evaluate(
                """() => [...document.querySelectorAll('*')].filter(e =>
                    (e.closest('article') && ['SCRIPT', 'IFRAME', 'IMG', 'SVG', 'STYLE']
                        .includes(e.tagName.toUpperCase()) && !e.closest('.md-content__button'))
                    || /alert\\(|__pwned/.test(e.tagName === 'SCRIPT' ? e.textContent : '')
                    || [...e.attributes].some(a => a.name.startsWith('on'))
                    || /^\\s*javascript:/i.test(e.getAttribute('href') || '')
                ).map(e => e.outerHTML.slice(0, 80))"""
            )
            assert found == [], (path, found)
            assert page.locator("body").is_visible()
        page.close()
    assert dialogs == []
    (slug,) = {p.split("/")[0] for p in pages}
    questions = visible_text(article(page_html(site, f"{slug}/questions")))
    assert "<script>code is fine</script>" in questions  # shown as text, as written
    assert "<a href=\"javascript:alert('a')\">raw link</a>" in questions


def test_allow_html_lets_raw_html_through_when_the_user_asks(tmp_path: Path) -> None:
    notes = "- questions:\n\t- is this <b>bold</b>?\n"
    project = copy_project(tmp_path / "p", seeds={"acme.md": notes})
    plain_site = build_site(project, tmp_path / "plain")
    assert "&lt;b&gt;bold&lt;/b&gt;" in article(page_html(plain_site, "acme/questions"))
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "    paper: letter", "    paper: letter\n    allow_html: true"
        ),
        "utf-8",
    )
    html_site = build_site(project, tmp_path / "html")
    assert "<b>bold</b>" in article(page_html(html_site, "acme/questions"))


def test_source_date_epoch_builds_are_identical_and_carry_no_build_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build_site(copy_project(tmp_path / "a"))
    second = build_site(copy_project(tmp_path / "b"))
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()] == []
    assert not (first / "sitemap.xml").exists()  # private notes: no sitemap, no dates
