"""The progress bar moves as the engine's own batches finish within a slice (issue 21), while the
slices, the engine calls, the checkpoints and the output stay as they were."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from l10n.catalog import pofile
from l10n.catalog.catalog import Catalog
from l10n.cli.base import AppState, _Bar
from l10n.mt import DecodingOptions, Engine, Output, RetryOptions
from l10n.mt.common import PieceEngine
from l10n.options import TranslateStats
from l10n.translate.fill import translate_catalog

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n'
    '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
)


def po(*msgids: str) -> Catalog:
    body = "".join(f'msgid "{m}"\nmsgstr ""\n\n' for m in msgids)
    return pofile.parse(HEADER + body, "locales/vi/LC_MESSAGES/x.po")


class Events(list[tuple[str, object]]):
    """What ``translate_catalog`` tells its sinks, in order."""

    def progress(self, n: int) -> None:
        self.append(("progress", n))

    def step(self, label: str) -> None:
        self.append(("step", label))

    def checkpoint(self, n: int) -> None:
        self.append(("checkpoint", n))

    def translate(self, catalog: Catalog, engine: Engine) -> TranslateStats:
        """``translate_catalog`` with ``engine``, its sinks recorded here."""
        return translate_catalog(
            catalog,
            lambda: engine,
            lang="vi",
            progress=self.progress,
            step=self.step,
            checkpoint=self.checkpoint,
        )


class Chunky(PieceEngine[list[str]]):
    """A ``PieceEngine`` double: words are tokens, 4 at most per input, decoded 2 inputs at a time.

    The output is the input in capitals; ``bound`` texts stop at their bound on the first pass
    (the retry pass, with other options, ends them), so ``fill`` retries them.
    """

    name, model_id, revision = "chunky", "chunky/model", "r1"

    def __init__(self, bound: Sequence[str] = ()) -> None:
        self.options = DecodingOptions(batch_size=2, max_input_tokens=8)
        self._input_limit, self._joiner, self._bound = 4, " ", set(bound)
        self.batches: list[int] = []  # inputs per internal batch, every _decode call

    def _encode(self, text: str) -> list[str]:
        return text.split()

    def _decode(self, inputs: list[list[str]], options: DecodingOptions) -> list[Output]:
        for start in range(0, len(inputs), 2):
            self.batches.append(len(inputs[start : start + 2]))
            self._decoded(len(inputs[start : start + 2]))
        first = options == self.options
        return [Output(" ".join(i).upper(), first and " ".join(i) in self._bound) for i in inputs]

    def _encode_target(self, text: str) -> list[str]:
        return text.split()

    def _mean_log_probs(self, pairs: list[tuple[list[str], list[str]]]) -> list[float]:
        return [-0.25] * len(pairs)


def test_a_piece_engine_tells_each_batch_of_a_translate_call_and_nothing_while_scoring() -> None:
    engine = Chunky()
    told: list[tuple[int, int]] = []
    engine.on_decoded = lambda done, total: told.append((done, total))
    texts = ["one two", "three four five six seven", "", "eight"]  # the long one: 2 pieces
    outputs = engine.translate_outputs(texts)
    assert [o.text for o in outputs] == ["ONE TWO", "THREE FOUR FIVE SIX SEVEN", "", "EIGHT"]
    assert engine.batches == [2, 2] and told == [(2, 4), (4, 4)]  # the end told once
    told.clear()
    engine.score(texts[:2], [o.text for o in outputs[:2]])  # decodes the split unit's pieces again
    assert told == [] and engine.batches == [2, 2, 2]
    engine.translate_outputs(["", " "])  # no piece: nothing to tell
    assert told == []


def test_the_bar_moves_within_a_slice_then_says_scoring_and_retrying() -> None:
    msgids = ["One two.", "Three four five six seven.", "Eight nine.", "Ten.", "Eleven twelve."]
    catalog = po(*msgids)
    engine, events = Chunky(bound=["Ten."]), Events()
    events.translate(catalog, engine)
    # one slice of 5 units, 6 pieces, decoded 2 at a time: 5*2//6, 5*4//6, then short of the
    # last entry; the retry pass (1 text) moves nothing; storing the slice gives the rest
    assert events == [
        ("progress", 1),
        ("progress", 2),
        ("progress", 1),
        ("step", "vi: scoring"),
        ("step", "vi: retrying 1 unit"),
        ("step", "vi: retrying 1 unit, scoring 1"),
        ("progress", 1),
        ("checkpoint", 5),
    ]
    assert engine.batches == [2, 2, 2, 2, 1]  # first pass, scoring's decode of the split unit, retry
    assert {e.msgid: e.msgstr for e in catalog.entries()}["Ten."] == "TEN."


def test_batch_progress_never_passes_a_batch_and_labels_the_retry_pass() -> None:
    from l10n.translate.progress import BatchProgress

    counts: list[int] = []
    steps: list[str] = []
    bar = BatchProgress("vi", counts.append, steps.append)
    bar.begin(5)
    bar.watch("decode", 3, 6)
    bar.watch("decode", 2, 6)  # an earlier share: nothing goes back
    bar.watch("decode", 9, 6)  # past the total: short of the last entry
    bar.watch("score", 0, 5)
    bar.retrying(4)
    bar.watch("decode", 2, 4)
    bar.watch("decode", 4, 4)
    bar.watch("score", 0, 4)
    bar.end(5)
    bar.begin(1)
    bar.watch("decode", 1, 1)  # one entry: it counts once stored
    bar.end(1)
    assert counts == [2, 2, 1, 1]
    assert steps == [
        "vi: scoring",
        "vi: retrying 4 units",
        "vi: retrying 4 units, 2 decoded",
        "vi: retrying 4 units, scoring 4",
    ]


def test_the_tiny_marian_model_moves_the_bar_per_generate_batch(tiny_model_dir: Path) -> None:
    from l10n.mt.marian import MarianEngine
    from l10n.mt.registry import resolve_model

    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    msgids = [f"The {w} report." for w in words]  # 8 units, one slice, batches of 3, 3, 2
    ref = resolve_model("vi", str(tiny_model_dir), tiny_model_dir.parent)
    options = DecodingOptions(beam_size=1, threads=1, batch_size=3, retry=RetryOptions(enabled=False))
    engine, events, catalog = MarianEngine(ref, "vi", options), Events(), po(*msgids)
    stats = events.translate(catalog, engine)
    assert (
        events
        == [  # 3/8, 6/8, then short of the last (no score pass: one decode, one score); the slice stored
            ("progress", 3),
            ("progress", 3),
            ("progress", 1),
            ("progress", 1),
            ("checkpoint", 8),
        ]
    )
    assert stats.translated + stats.failed == 8

    alone = po(*msgids)  # the same bytes without anyone watching
    translate_catalog(alone, lambda: engine, lang="vi")
    assert pofile.render(alone) == pofile.render(catalog)


def test_the_bar_shows_one_step_line_that_follows_the_steps() -> None:
    out = io.StringIO()
    bar = _Bar(AppState(err=Console(file=out, force_terminal=True, width=100)))
    bar.start("vi", 19)
    bar.advance(3)
    bar.loading("vi: scoring")
    bar.loading("vi: retrying 2 units")
    progress = bar._progress
    assert progress is not None
    assert [t.description for t in progress.tasks] == ["vi", "vi: retrying 2 units"]
    bar.advance(16)
    assert [t.description for t in progress.tasks] == ["vi"] and progress.tasks[0].completed == 19
    bar.finish()


class Bar:
    """A ``l10n.report.Progress`` double: the total, then every count and step."""

    def __init__(self) -> None:
        self.total, self.counts, self.steps = 0, list[int](), list[str]()

    def start(self, label: str, total: int) -> None:
        self.total = total

    def advance(self, n: int) -> None:
        self.counts.append(n)

    def loading(self, label: str) -> None:
        self.steps.append(label)

    def finish(self) -> None:
        pass


def test_the_stage_bar_ends_at_its_total_after_a_source_edit(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from conftest import FakeEngine

    from l10n.config import load_config
    from l10n.report import TranslateOptions
    from l10n.stages.context import Run
    from l10n.stages.extract import extract
    from l10n.stages.translate import translate
    from l10n.stages.update import update

    (tmp_path / "source").mkdir()
    article = tmp_path / "source" / "harbor.txt"
    article.write_text("Harbor fire.\n\nThe fire started at night.\n\nNobody was hurt.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        "l10n.mt.factory.make_engine", lambda cfg, lang, **kw: FakeEngine(lambda t: f"VI {t}")
    )

    def translate_once() -> Bar:
        bar = Bar()
        run = Run(load_config(tmp_path), progress=bar)
        extract(run)
        update(run, ["vi"])
        translate(run, ["vi"], TranslateOptions())
        return bar

    first = translate_once()
    assert first.total == 3 and sum(first.counts) == 3
    article.write_text(
        "Harbor fire.\n\nThe fire started before dawn.\n\nNobody was hurt.\n", encoding="utf-8"
    )
    again = translate_once()  # the edited sentence's machine output is stale: translated again
    assert again.total == 1 and sum(again.counts) == 1 and all(n > 0 for n in again.counts)
