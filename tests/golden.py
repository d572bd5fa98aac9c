"""Generate the golden outputs of ``l10n`` (shared by ``test_golden.py`` and ``golden_update.py``).

Everything runs through the public command line only (``l10n.cli.app`` with typer's
``CliRunner``, in-process), never through internal modules, so the outputs pin what a user
sees while the modules behind the CLI are rearranged. Each case is a small project in a
temporary folder; what it writes is copied to ``<out_dir>/<case>/`` with its relative path:

- every ``.pot``, ``.po``, ``.mo`` and ``.tmx`` (machine-output memory) under ``locales/`` and every
  file under ``build/``;
- ``status.json`` and ``check.json``: the stdout of ``l10n status --format json`` and
  ``l10n check --format json``;
- ``commands.txt``: each command run and its exit code.

Cases:

- ``demo``: the demo article, the test articles (``tests/data/articles``, except
  ``wrapped.txt``) and the Markdown articles ``x.md`` and ``y.md``, with the repository's
  glossary, for vi and zh-Hans; ``l10n build`` machine-translates with the tiny multilingual
  test model (``>>vie<<``, ``>>cmn_Hans<<``).
- ``handwritten``: ``x.md`` with the hand-written catalog ``tests/data/markdown/x.vi.po``;
  ``l10n extract``, ``update`` and ``compile`` (no model: the catalog is merged and built as
  the translator left it).
- ``wrapped``: ``tests/data/articles/wrapped.txt`` with ``wrap = true``, for vi; ``l10n build``.

The clock is fixed (``SOURCE_DATE_EPOCH``), the Hugging Face libraries are offline, decoding
uses one thread (torch's thread count is restored afterwards), and the model is copied to a
folder of a fixed name (a local model's folder name is its id in the ``# l10n-mt:`` comments).
Absolute paths in stdout are replaced by ``<project>`` and ``<model>``; ``generate`` fails if
one is left in any recorded file.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
GOLDEN_DIR = DATA / "golden"
"""Where the recorded outputs live (one folder per case)."""

CASES = ("demo", "handwritten", "wrapped")

SOURCE_DATE_EPOCH = "1700000000"  # 2023-11-14 22:13+0000 in every header date
ENV = {
    "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "NO_COLOR": "1",
    "COLUMNS": "200",
}
MODEL_NAME = "tiny-multi"
"""Folder name of the model copy: a local model's id, written into every ``# l10n-mt:`` comment."""

RECORDED_SUFFIXES = (".pot", ".po", ".mo", ".tmx")

_CONFIG = """\
[tool.l10n]
source_language = "en"
languages = {languages}
unit = "sentence"
wrap = {wrap}
glossary = "{glossary}"
engine = "transformers"
project_id = "golden-{case}"
base_url = "https://news.example/"
{models}
[tool.l10n.publish]
untranslated_pages = true  # the tiny model's output is withheld: keep its all-English pages in the goldens

[tool.l10n.decoding]
beam_size = 4
batch_size = 16
max_output_ratio = 0.5  # the random model writes to the bound: shorter outputs keep the test fast
threads = 1
"""


def _write_config(
    root: Path, case: str, languages: Sequence[str], *, wrap: bool, glossary: str, model: Path | None
) -> None:
    models = ""
    if model is not None:
        lines = "".join(f'{lang} = "{model.as_posix()}"\n' for lang in languages)
        models = f"\n[tool.l10n.models]\n{lines}"
    langs = "[" + ", ".join(f'"{lang}"' for lang in languages) + "]"
    text = _CONFIG.format(
        case=case, languages=langs, wrap="true" if wrap else "false", glossary=glossary, models=models
    )
    (root / "pyproject.toml").write_text(text, encoding="utf-8")


class _Project:
    """One case's project folder, its commands and what they printed."""

    def __init__(self, root: Path, model: Path | None) -> None:
        self.root = root
        self.model = model
        self.commands: list[str] = []
        self.stdout: dict[str, str] = {}

    def run(self, *args: str, expect: Sequence[int] = (0,), record_as: str | None = None) -> int:
        """Run ``l10n <args>`` in the project folder; fail unless the exit code is in ``expect``."""
        from l10n.cli import app

        with contextlib.chdir(self.root):
            result = CliRunner().invoke(app, list(args), env=ENV, catch_exceptions=False)
        line = f"l10n {' '.join(args)}"
        if result.exit_code not in expect:
            raise AssertionError(
                f"golden: `{line}` in {self.root} exited {result.exit_code} (expected {list(expect)}):\n"
                f"{result.output}"
            )
        self.commands.append(f"$ {line}\nexit {result.exit_code}\n")
        if record_as is not None:
            self.stdout[record_as] = self._scrub(result.stdout)
        return result.exit_code

    def _scrub(self, text: str) -> str:
        """Replace the absolute paths of this run by fixed tokens."""
        pairs = [(self.root, "<project>")]
        if self.model is not None:
            pairs.append((self.model, "<model>"))
        for path, token in pairs:
            for form in {str(path), path.as_posix(), str(path.resolve())}:
                text = text.replace(form, token)
        return text

    def record(self, dest: Path) -> None:
        """Copy the catalogs, ``.mo`` files, builds and recorded stdout to ``dest``."""
        files = [
            p
            for p in sorted((self.root / "locales").rglob("*"))
            if p.is_file() and p.suffix in RECORDED_SUFFIXES
        ]
        files += [p for p in sorted((self.root / "build").rglob("*")) if p.is_file()]
        if not files:
            raise AssertionError(f"golden: {self.root} produced no files")
        for src in files:
            rel = src.relative_to(self.root)
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest / rel)
        dest.mkdir(parents=True, exist_ok=True)
        for name, text in self.stdout.items():
            (dest / name).write_bytes(text.encode("utf-8"))
        (dest / "commands.txt").write_bytes("".join(self.commands).encode("utf-8"))
        needles = {str(self.root), str(self.root.resolve()), str(self.root.parent)}
        if self.model is not None:
            needles |= {str(self.model), str(self.model.resolve())}
        for file in sorted(dest.rglob("*")):
            data = file.read_bytes() if file.is_file() else b""
            for needle in needles:
                if needle.encode("utf-8") in data:
                    raise AssertionError(f"golden: {file} contains the absolute path {needle}")


def _copy_sources(root: Path, files: Sequence[Path]) -> None:
    (root / "source").mkdir(parents=True)
    for file in files:
        shutil.copyfile(file, root / "source" / file.name)


def _demo(root: Path, model: Path) -> _Project:
    articles = [p for p in sorted((DATA / "articles").glob("*.txt")) if p.name != "wrapped.txt"]
    markdown = [DATA / "markdown" / "x.md", DATA / "markdown" / "y.md"]
    _copy_sources(root, [REPO / "source" / "russia-nato-tensions.txt", *articles, *markdown])
    shutil.copyfile(REPO / "glossary.csv", root / "glossary.csv")
    _write_config(root, "demo", ["vi", "zh-Hans"], wrap=False, glossary="glossary.csv", model=model)
    project = _Project(root, model)
    project.run("build")
    project.run("status", "--format", "json", record_as="status.json")
    project.run("check", "--format", "json", expect=(0, 1), record_as="check.json")
    return project


def _handwritten(root: Path) -> _Project:
    _copy_sources(root, [DATA / "markdown" / "x.md"])
    po = root / "locales" / "vi" / "LC_MESSAGES" / "x.po"
    po.parent.mkdir(parents=True)
    shutil.copyfile(DATA / "markdown" / "x.vi.po", po)
    _write_config(root, "handwritten", ["vi"], wrap=False, glossary="", model=None)
    project = _Project(root, None)
    project.run("extract")
    project.run("update")
    project.run("compile")
    project.run("status", "--format", "json", record_as="status.json")
    project.run("check", "--format", "json", expect=(0, 1), record_as="check.json")
    return project


def _wrapped(root: Path, model: Path) -> _Project:
    _copy_sources(root, [DATA / "articles" / "wrapped.txt"])
    _write_config(root, "wrapped", ["vi"], wrap=True, glossary="", model=model)
    project = _Project(root, model)
    project.run("build")
    project.run("status", "--format", "json", record_as="status.json")
    project.run("check", "--format", "json", expect=(0, 1), record_as="check.json")
    return project


@contextlib.contextmanager
def _torch_threads():
    """Restore torch's thread count afterwards (``threads = 1`` sets it for the whole process)."""
    import torch

    before = torch.get_num_threads()
    try:
        yield
    finally:
        torch.set_num_threads(before)


def generate(out_dir: Path, tiny_model_dir: Path) -> None:
    """Run every case and write its recorded outputs to ``out_dir/<case>/``.

    Args:
        out_dir: destination; must not exist yet or be empty.
        tiny_model_dir: the multilingual tiny test model (``build_tiny_model(dir, (">>vie<<",
            ">>cmn_Hans<<"))``, seed 0), as the ``tiny_multi_model_dir`` fixture builds it.
    """
    if out_dir.exists() and any(out_dir.iterdir()):
        raise ValueError(f"{out_dir} is not empty")
    with tempfile.TemporaryDirectory(prefix="l10n-golden-") as tmp, _torch_threads():
        work = Path(tmp)
        model = work / "model" / MODEL_NAME
        shutil.copytree(tiny_model_dir, model)
        projects = {
            "demo": lambda root: _demo(root, model),
            "handwritten": _handwritten,
            "wrapped": lambda root: _wrapped(root, model),
        }
        for case in CASES:
            project = projects[case](work / case)
            project.record(out_dir / case)


def files_of(root: Path) -> dict[str, Path]:
    """Every file under ``root`` by its relative POSIX path."""
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


__all__ = ["CASES", "ENV", "GOLDEN_DIR", "files_of", "generate"]
