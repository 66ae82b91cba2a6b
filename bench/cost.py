"""What the handbook costs over plain MkDocs, and how that grows with the notes.

    .venv/bin/python bench/cost.py            # N = 1, 10, 40, 200 notes files (12 to 30 min)
    .venv/bin/python bench/cost.py --quick    # N = 1, 10, fewer repetitions (about 5 min)
    .venv/bin/python bench/cost.py --instructions   # N = 1, 40 under valgrind (about 10 min)
    .venv/bin/python bench/cost.py --sizes 1,40     # only these N (full repetitions)

Generates N synthetic notes files shaped like the shipped ones (the shipped notes with the
company renamed and a quarter of their longer words swapped, from a fixed random seed), then
measures, repetitions interleaved so that a noisy neighbour hits both sides alike, the median of:

- **core**: read → outline → classify → render Markdown (one-pager fit cached), per 10,000
  lines of notes, in this process with its text caches cleared before every run;
- **build**: ``mkdocs build`` of the project with the hook, over ``mkdocs build`` of the same
  pages written out by ``prep-handbook export`` (same theme and extensions, no hook), as whole
  processes the way a user runs them (bytecode present): wall time, and CPU time (user +
  system, from the children's resource usage), which a busy neighbour moves less;
- **save → served**: under ``mkdocs serve``, from saving a notes file to the page serving the
  new text, over the same edit saved to the exported page in ``docs/`` of the plain project.
  Each save adds a word the notes never had (as every typed sentence does), an unknown one:
  the costliest kind for the typo check. Median of several saves, each side in turn;
- **PDF**: the one-pager's cold cost (fit and PDF with an empty cache, WeasyPrint import
  included, N = 1), and what the one-pager step adds to a rebuild after an edit the sheet does
  not show (a business note).

Machines here are shared and noisy: only ratios measured in one run mean much. The table is
printed and written to ``bench/results.md``; DEVELOPMENT.md shows the latest one.

``--instructions`` counts instead of timing: the instructions one whole ``mkdocs build`` of
each project executes, under valgrind's callgrind with ``PYTHONHASHSEED`` fixed. The count is
the same on a quiet machine and a busy one, so its ratio is the steady one (a 0.1 s difference
at N = 40 is lost in the wall-time noise of 5-second builds). It is not time: MkDocs' own code
runs fewer instructions per second than the core's, so the time ratio reads lower. Written to
``bench/instructions.md``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import json
import os
import platform
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from prep_handbook import pipeline, text  # noqa: E402
from prep_handbook.pipeline import Settings, build_site  # noqa: E402

SEED_NOTES = ROOT / "seeds" / "traba-preparation.md"
WORK = ROOT / ".cache" / "bench"
RESULTS = ROOT / "bench" / "results.md"
INSTRUCTIONS = ROOT / "bench" / "instructions.md"
RANDOM_SEED = 20261129
KEEP = {"interested", "joining", "questions", "operations", "connection", "business"}
SYLLABLES = ("ba", "ko", "ri", "ta", "ve", "lo", "mi", "zu", "ne", "pa", "so", "du")
# Bytecode as a user has it (this machine sets PYTHONDONTWRITEBYTECODE, users do not).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["NO_MKDOCS_2_WARNING"] = "1"


# ---------------------------------------------------------------------------------------------
# Synthetic notes and the two projects built from them.


def synthetic(count: int, seed: int = RANDOM_SEED) -> list[tuple[str, str]]:
    """``count`` notes files shaped like the shipped ones: (file name, text). File i is the
    same whatever ``count`` is, so smaller sets are prefixes of larger ones (and share fits)."""
    base = SEED_NOTES.read_text("utf-8").splitlines()
    found = {w for line in base for w in re.findall(r"[a-z]{5,}", line)}
    vocabulary: list[str] = sorted(found - KEEP)
    out = []
    for i in range(count):
        rnd = random.Random(seed * 1000 + i)
        name = "".join(rnd.choice(SYLLABLES) for _ in range(3)).capitalize() + f"{i:03d}"
        lines = []
        for number, line in enumerate(base, start=1):
            line = line.replace("Traba", name).replace("traba", name.lower())
            if number > 3 and len(line.split()) > 4:

                def swap(
                    m: re.Match[str], rnd: random.Random = rnd, own: str = name.lower()
                ) -> str:
                    word = m.group(0)
                    if word in KEEP or word == own or rnd.random() >= 0.25:
                        return word
                    return rnd.choice(vocabulary)

                line = re.sub(r"[a-z]{5,}", swap, line)
            lines.append(line)
        out.append((f"{name.lower()}-preparation.md", "\n".join(lines) + "\n"))
    return out


@dataclass(frozen=True)
class Projects:
    count: int
    hook: Path
    plain: Path
    lines: int
    """Lines of notes in all files."""
    edited: str
    """The notes file the edit tests write to."""


def make_projects(count: int) -> Projects:
    """A project with the hook (a copy of this one with N synthetic notes files) and the plain
    project ``prep-handbook export`` writes from it. Fits are shared by all sizes."""
    root = WORK / f"n{count}"
    shutil.rmtree(root, ignore_errors=True)
    hook = root / "hook"
    hook.mkdir(parents=True)
    for part in ("hooks", "docs"):
        shutil.copytree(
            ROOT / part, hook / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
        )
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = config.replace("    seeds: seeds\n", "    seeds: seeds\n    cache: ../../fits\n")
    (hook / "mkdocs.yml").write_text(config, "utf-8")
    (hook / "seeds").mkdir()
    notes = synthetic(count)
    for name, body in notes:
        (hook / "seeds" / name).write_text(body, "utf-8")
    run([sys.executable, "-m", "prep_handbook.export", "export", str(root / "plain")], hook)
    lines = sum(body.count("\n") for _name, body in notes)
    return Projects(count, hook, root / "plain", lines, notes[0][0])


def run(cmd: list[str], cwd: Path) -> float:
    """Run a command to completion; its wall time in seconds (it must succeed)."""
    env = {**ENV, "PYTHONPATH": str(cwd / "hooks") if (cwd / "hooks").is_dir() else ""}
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{done.stderr[-2000:]}")
    return elapsed


CPU_SECONDS: dict[Path, list[float]] = {}
"""CPU time (user + system) of each ``mkdocs build`` of a project, in order: less moved by a
noisy neighbour than wall time, so its ratio is the steadier of the two."""


def mkdocs_build(project: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as site:
        wall = run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", site], project)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    CPU_SECONDS.setdefault(project, []).append(cpu)
    return wall


def instructions(project: Path) -> int:
    """Instructions one ``mkdocs build`` of the project executes (valgrind's callgrind)."""
    env = {**ENV, "PYTHONHASHSEED": "0"}
    env["PYTHONPATH"] = str(project / "hooks") if (project / "hooks").is_dir() else ""
    valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    with tempfile.TemporaryDirectory() as site:
        done = subprocess.run(
            [*valgrind, sys.executable, "-m", "mkdocs", "build", "-q", "-d", site],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no count for {project}:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def instruction_table(counts: list[int], when: str) -> str:
    out = [
        f"Counted {when} with valgrind (callgrind), Python {platform.python_version()}.",
        "",
        "| N files | lines | instructions hook / plain (millions) | ratio |",
        "|---:|---:|---:|---:|",
    ]
    for count in counts:
        p = make_projects(count)
        mkdocs_build(p.hook)  # bytecode, fits and the spelling cache warm, as in the timed runs
        mkdocs_build(p.plain)
        with concurrent.futures.ThreadPoolExecutor(2) as pool:  # one valgrind per core
            hook, plain = pool.map(instructions, (p.hook, p.plain))
        print(f"N={count}: {hook} / {plain}", file=sys.stderr, flush=True)
        out.append(
            f"| {count} | {p.lines} | {hook / 1e6:,.0f} / {plain / 1e6:,.0f} | {hook / plain:.3f} |"
        )
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Measurements.


def interleaved(reps: int, **sides: Callable[[], float]) -> dict[str, float]:
    """Median of each side over ``reps`` rounds, the sides taking turns within each round, in
    the reverse order every other round (so that no side always runs right after another)."""
    times: dict[str, list[float]] = {name: [] for name in sides}
    for round_ in range(reps):
        order = list(sides.items())
        for name, measure in order if round_ % 2 == 0 else reversed(order):
            times[name].append(measure())
    return {name: statistics.median(values) for name, values in times.items()}


def core_seconds(p: Projects) -> float:
    settings = Settings(project_dir=p.hook, cache="../../fits")
    text.plain.cache_clear()
    start = time.perf_counter()
    site = build_site(settings)
    elapsed = time.perf_counter() - start
    assert not site.errors, site.errors[0]
    return elapsed


def one_pager_share(p: Projects) -> tuple[float, float]:
    """After an edit the sheet does not show: (rebuild seconds, of which the PDF and its fit:
    the one-pager step less choosing what goes on the sheet, which its HTML page needs too)."""
    notes = p.hook / "seeds" / p.edited
    original = notes.read_text("utf-8")
    spent = {"step": 0.0, "select": 0.0}
    step, select = pipeline._one_pager, vars(pipeline)["select_one_pager"]

    def timed(name: str, function: Callable[..., object]) -> Callable[..., object]:
        def run(*args: object, **kwargs: object) -> object:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - start

        return run

    try:
        notes.write_text(original.replace("managed staffing", "managed staffing, weekly"))
        pipeline._one_pager = timed("step", step)  # type: ignore[assignment]
        vars(pipeline)["select_one_pager"] = timed("select", select)
        total = core_seconds(p)
    finally:
        pipeline._one_pager = step
        vars(pipeline)["select_one_pager"] = select
        notes.write_text(original, "utf-8")
    return total, spent["step"] - spent["select"]


def pdf_cold_seconds(p: Projects) -> float:
    """A fresh process building the core with an empty fit cache, minus one with a warm one."""
    script = (
        "import sys, time; from pathlib import Path; "
        "from prep_handbook.pipeline import Settings, build_site; "
        "t = time.perf_counter(); s = build_site(Settings(project_dir=Path('.'), "
        "cache=sys.argv[1])); assert not s.errors; print(time.perf_counter() - t)"
    )

    def core_in_new_process(cache: str) -> float:
        env = {**ENV, "PYTHONPATH": str(p.hook / "hooks")}
        out = subprocess.run(
            [sys.executable, "-c", script, cache],
            cwd=p.hook,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return float(out.stdout.strip())

    def cold() -> float:
        with tempfile.TemporaryDirectory(dir=p.hook) as empty:
            return core_in_new_process(Path(empty).name)

    medians = interleaved(3, cold=cold, warm=lambda: core_in_new_process("../../fits"))
    return medians["cold"] - medians["warm"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(project: Path) -> Iterator[tuple[str, int]]:
    """``mkdocs serve`` in the project: its address, once it answers, and its process id."""
    port = free_port()
    env = {**ENV, "PYTHONPATH": str(project / "hooks")}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 600
        while not fetch(base):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"mkdocs serve did not start in {project}")
            time.sleep(0.2)
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(30)


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            body: bytes = response.read()
            return body.decode("utf-8")
    except OSError:
        return ""


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


SERVE_CPU: dict[str, list[float]] = {}
"""CPU time the server process spends from each save to serving it, per side, in order."""


def edit_latency(path: Path, old: str, url: str, token: str) -> float:
    """Write ``old`` → ``old token`` into ``path``; seconds until ``url`` serves the token."""
    content = path.read_text("utf-8")
    assert old in content, (path, old)
    start = time.perf_counter()
    path.write_text(content.replace(old, f"{old} {token}", 1), "utf-8")
    deadline = start + 600
    while token not in fetch(url):
        if time.perf_counter() > deadline:
            raise SystemExit(f"{token} never served at {url}")
        time.sleep(0.01)
    elapsed = time.perf_counter() - start
    path.write_text(content, "utf-8")
    return elapsed


def serve_latency(p: Projects, reps: int) -> dict[str, float]:
    slug = p.edited.removesuffix("-preparation.md")
    page = f"{slug}/ops-model/"  # where the business note "managed staffing" lands
    smap = json.loads((p.plain / "docs" / slug / "source-map.json").read_text("utf-8"))
    assert any(m["page"] == page and m["text"] == "managed staffing" for m in smap["lines"])
    notes = p.hook / "seeds" / p.edited
    exported = p.plain / "docs" / slug / "ops-model.md"
    counter = iter(range(10**6))
    SERVE_CPU.clear()
    with serving(p.hook) as (hook_base, hook_pid), serving(p.plain) as (plain_base, plain_pid):

        def side(name: str, path: Path, base: str, pid: int) -> Callable[[], float]:
            def measure() -> float:
                token = f"benchmark{next(counter)}token"
                cpu = cpu_seconds(pid)
                seconds = edit_latency(path, "managed staffing", base + page, token)
                SERVE_CPU.setdefault(name, []).append(cpu_seconds(pid) - cpu)
                # the restore is a save too: wait for it, so rounds do not overlap
                while token in fetch(base + page):
                    time.sleep(0.01)
                return seconds

            return measure

        return interleaved(
            reps,
            hook=side("hook", notes, hook_base, hook_pid),
            plain=side("plain", exported, plain_base, plain_pid),
        )


# ---------------------------------------------------------------------------------------------
# The run and its table.


@dataclass(frozen=True)
class Row:
    count: int
    lines: int
    core_ms_per_10k: float
    hook_build: float
    plain_build: float
    hook_cpu: float
    plain_cpu: float
    hook_edit: float | None
    plain_edit: float | None
    hook_edit_cpu: float | None
    plain_edit_cpu: float | None
    sheet_rebuild: float
    sheet_step: float


def measure(count: int, reps: int, serve_reps: int) -> Row:
    p = make_projects(count)
    print(f"N={count}: {p.lines} lines", file=sys.stderr, flush=True)
    if count <= 40:  # the export already made the fits; this writes bytecode, fills disk caches
        mkdocs_build(p.hook)
        mkdocs_build(p.plain)
    core_seconds(p)
    CPU_SECONDS.clear()
    builds = interleaved(
        reps,
        core=lambda: core_seconds(p),
        hook=lambda: mkdocs_build(p.hook),
        plain=lambda: mkdocs_build(p.plain),
    )
    shares = [one_pager_share(p) for _ in range(reps)]
    rebuild = statistics.median(t for t, _s in shares)
    step = statistics.median(s for _t, s in shares)
    edit = serve_latency(p, serve_reps) if serve_reps else None
    print(f"N={count}: done", file=sys.stderr, flush=True)
    return Row(
        count=count,
        lines=p.lines,
        core_ms_per_10k=builds["core"] * 1000 * 10_000 / p.lines,
        hook_build=builds["hook"],
        plain_build=builds["plain"],
        hook_cpu=statistics.median(CPU_SECONDS[p.hook]),
        plain_cpu=statistics.median(CPU_SECONDS[p.plain]),
        hook_edit=edit["hook"] if edit else None,
        plain_edit=edit["plain"] if edit else None,
        hook_edit_cpu=statistics.median(SERVE_CPU["hook"]) if edit else None,
        plain_edit_cpu=statistics.median(SERVE_CPU["plain"]) if edit else None,
        sheet_rebuild=rebuild,
        sheet_step=step,
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def table(rows: list[Row], pdf_cold: float, when: str) -> str:
    def ratio(a: float | None, b: float | None) -> str:
        return f"{a / b:.2f}" if a is not None and b else "—"

    def secs(x: float | None) -> str:
        return f"{x:.2f}" if x is not None else "—"

    out = [
        f"Measured {when} on {machine()}.",
        "",
        "| N files | lines | core ms / 10k lines | build hook / plain (s) | overhead "
        "| CPU overhead | save → served hook / plain (s) | save ratio | save CPU ratio "
        "| PDF and fit in a rebuild after an unrelated edit |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        share = r.sheet_step / r.sheet_rebuild if r.sheet_rebuild else 0.0
        out.append(
            f"| {r.count} | {r.lines} | {r.core_ms_per_10k:.0f} "
            f"| {r.hook_build:.2f} / {r.plain_build:.2f} | {ratio(r.hook_build, r.plain_build)} "
            f"| {ratio(r.hook_cpu, r.plain_cpu)} "
            f"| {secs(r.hook_edit)} / {secs(r.plain_edit)} | {ratio(r.hook_edit, r.plain_edit)} "
            f"| {ratio(r.hook_edit_cpu, r.plain_edit_cpu)} "
            f"| {r.sheet_step * 1000:.0f} ms of {r.sheet_rebuild * 1000:.0f} ms "
            f"({share:.0%}) |"
        )
    out += [
        "",
        f"One-pager PDF, cold (empty cache, WeasyPrint import included, N = 1): "
        f"{pdf_cold:.2f} s; cached afterwards.",
        "",
        "Overhead: wall time of `mkdocs build`, hook over plain; CPU overhead: the same for "
        "CPU time (user + system), which a busy neighbour moves less. Save ratio: median wall "
        "time from a save (adding a new word) to the page serving it under `mkdocs serve`, hook "
        "over plain; save CPU ratio: the same for the CPU time the server spends meanwhile.",
        "",
        "Targets: overhead ≤ 1.15 at N = 1 and ≤ 1.08 at N = 40 (aim 1.05); save ratio ≤ 1.3; "
        "core ≤ 50 ms per 10k lines; cost linear in N; the one-pager adds ~0 to unrelated "
        "rebuilds.",
    ]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 1 and 10, fewer repetitions")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions (valgrind), N = 1 and 40"
    )
    parser.add_argument(
        "--sizes", help="only these N, comma-separated (full repetitions; results.md untouched)"
    )
    args = parser.parse_args()
    when = time.strftime("%Y-%m-%d", time.gmtime())
    if args.instructions:
        WORK.mkdir(parents=True, exist_ok=True)
        counted = instruction_table([1, 40], when)
        print(counted)
        INSTRUCTIONS.write_text(counted, "utf-8")
        return 0
    # (N, build repetitions, serve repetitions): at N = 200 one build takes minutes (MkDocs
    # renders the whole navigation into each of 1,600 pages), so two, and no serve.
    plan = (
        [(1, 3, 3), (10, 3, 3)] if args.quick else [(1, 21, 9), (10, 7, 7), (40, 7, 5), (200, 2, 0)]
    )
    if args.sizes:
        wanted = {int(n) for n in args.sizes.split(",")}
        plan = [step for step in plan if step[0] in wanted]
    WORK.mkdir(parents=True, exist_ok=True)
    rows = [measure(count, reps, serve_reps) for count, reps, serve_reps in plan]
    pdf_cold = pdf_cold_seconds(make_projects(1))
    result = table(rows, pdf_cold, when)
    print(result)
    if not args.quick and not args.sizes:
        RESULTS.write_text(result, "utf-8")
        print(f"written to {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
