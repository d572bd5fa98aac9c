"""``l10n models adapt`` on a task with a known answer (issue 23).

A tiny MarianMT model (random weights) and a project whose reviewed translations follow a fixed
rule: every English word becomes an invented word (``DICTIONARY``), word order kept, a URL kept
in some sentences. Sentencepiece is trained on both sides so the invented words are in the
vocabulary. Adaptation must raise held-out chrF2 by at least 20 points, carry the masks, install
the model the next ``l10n translate`` uses; a run that cannot reach the margin installs nothing.
"""

from __future__ import annotations

import dataclasses
import json
import random
import sys
from pathlib import Path

import pytest
from tinymodel import TINY, build_marian_model
from typer.testing import CliRunner

from l10n.adapt import data
from l10n.catalog import pofile
from l10n.cli import app
from l10n.config import load_config
from l10n.model import Entry
from l10n.stages.context import Run
from l10n.stages.extract import extract
from l10n.stages.update import update

ENGLISH = [
    "troops",
    "council",
    "summit",
    "leaders",
    "meet",
    "talks",
    "city",
    "week",
    "allies",
    "army",
    "border",
    "ships",
    "minister",
    "warns",
    "new",
    "plan",
    "old",
    "deal",
    "north",
    "south",
    "east",
    "west",
]
DICTIONARY = {
    w: inv
    for w, inv in zip(
        ENGLISH,
        [
            "zarku",
            "melo",
            "vinta",
            "kopa",
            "ruse",
            "tamo",
            "bixel",
            "quor",
            "danu",
            "fefo",
            "lirra",
            "pomu",
            "sadi",
            "wuna",
            "goral",
            "hest",
            "yubo",
            "nira",
            "kelt",
            "moza",
            "jibbe",
            "trano",
        ],
        strict=True,
    )
}
URL = "https://example.org/a"
SHAPE = dataclasses.replace(
    TINY, d_model=64, heads=4, ffn=128, eos_bias=0.0, shared_spm=True, spm_vocab_size=400
)


def rule(msgid: str) -> str:
    """The reviewers' translation: word for word through ``DICTIONARY``, the URL and the dot kept."""
    words = [DICTIONARY.get(w.lower(), w) for w in msgid.rstrip(".").split()]
    return (" ".join(words).capitalize() if words[0] != URL else " ".join(words)) + "."


def sentences(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < count:
        words = [rng.choice(ENGLISH) for _ in range(rng.randint(3, 6))]
        if rng.random() < 0.2:
            words.insert(rng.randint(1, len(words)), URL)
        text = " ".join(words).capitalize() + "."
        if text not in out:
            out.append(text)
    return out


@pytest.fixture(scope="module")
def adapt_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = sentences(600, 7)
    corpus += [rule(s) for s in corpus] + ["ZQ1QZ XQ2QX"]
    return build_marian_model(tmp_path_factory.mktemp("adapt") / "tiny-adapt", SHAPE, corpus=corpus)


def make_project(
    root: Path,
    model: Path,
    *,
    max_steps: int,
    lr: float = 3e-3,
    reviewed: int = 260,
    engine: str = "transformers",
) -> Path:
    """A project whose ``news`` catalog is reviewed by ``rule``; ``fresh`` is left untranslated."""
    (root / "source").mkdir(parents=True)
    (root / "source" / "news.txt").write_text("\n\n".join(sentences(reviewed, 1)) + "\n", encoding="utf-8")
    (root / "l10n.toml").write_text(
        "# the project of the adaptation test\n"
        'languages = ["vi"]\n'
        f'engine = "{engine}"\n\n'
        "[models]\n"
        f"vi = {json.dumps(str(model))}  # the base model\n\n"
        "[decoding]\nbeam_size = 1\nthreads = 1\n\n"
        f"[adapt]\nmin_pairs = 100\nmin_held_out = 30\nlearning_rate = {lr}\nmax_steps = {max_steps}\n"
        "eval_every = 25\nbatch_size = 16\n",
        encoding="utf-8",
    )
    run = Run(load_config(root))
    extract(run)
    update(run, ["vi"])
    path = root / "locales/vi/LC_MESSAGES/news.po"
    catalog = pofile.parse(path.read_text(encoding="utf-8"), "news.po")
    for entry in catalog.entries():
        catalog.set_translation(entry.msgid, entry.msgctxt, rule(entry.msgid), fuzzy=False, comment=None)
    path.write_text(pofile.render(catalog), encoding="utf-8")
    return root


def cli(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_pairs_are_masked_reviewed_and_deduplicated() -> None:
    entries = [
        Entry("Troops meet https://example.org/a.", "Zarku ruse https://example.org/a."),
        Entry("Troops meet https://example.org/a.", "Zarku ruse https://example.org/a.", msgctxt="again"),
        Entry("Leaders meet.", "Kopa ruse.", fuzzy=True),  # unreviewed
        Entry("Army warns.", ""),  # untranslated
        Entry("See https://example.org/b now.", "Xem bây giờ."),  # URL dropped: unrenderable
    ]
    got = data.collect(entries)
    assert [(p.source, p.target) for p in got.pairs] == [("Troops meet ZQ1QZ .", "Zarku ruse ZQ1QZ .")]
    assert (got.reviewed, got.duplicates, got.unrenderable) == (3, 1, 1)


def test_held_out_split_is_stable_as_catalogs_grow() -> None:
    pairs = data.collect([Entry(s, rule(s)) for s in sentences(300, 3)]).pairs
    first = data.split(pairs[:200], share=0.1, minimum=20, min_pairs=100, where="x")
    grown = data.split(pairs, share=0.1, minimum=20, min_pairs=100, where="x")
    assert len(first.held_out) == 20 and len(grown.held_out) == 30
    assert not {p.msgid for p in first.held_out} & {p.msgid for p in grown.train}
    with pytest.raises(Exception, match=r"x: 99 reviewed pairs, adaptation needs at least 100"):
        data.split(pairs[:99], share=0.1, minimum=20, min_pairs=100, where="x")


def test_bad_input_is_one_line_and_installs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from l10n.project import project_lock

    root = make_project(tmp_path / "p", tmp_path / "no-model", max_steps=1)
    text = (root / "l10n.toml").read_text(encoding="utf-8").replace("min_pairs = 100", "min_pairs = 1000")
    (root / "l10n.toml").write_text(text, encoding="utf-8")
    code, out = cli(root, monkeypatch, "models", "adapt", "--lang", "vi")
    assert code == 2 and out.strip().splitlines()[-1] == (
        "error: locales/vi: 260 reviewed pairs, adaptation needs at least 1000 ([adapt] min_pairs)"
    )
    monkeypatch.setattr("l10n.project.LOCK_WAIT", 0.1)  # "busy" after 0.1 s, not the 5 s a person gets
    with project_lock(root):  # another run writing the project meanwhile
        code, out = cli(root, monkeypatch, "models", "adapt", "--lang", "vi")
    assert code != 0 and "another l10n run is writing this project" in out
    assert not (root / "models").exists()


def test_adapt_learns_the_rule_and_translate_uses_it(
    adapt_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A run that cannot reach the margin (one step at a tiny learning rate) installs nothing.
    weak = make_project(tmp_path / "weak", adapt_model, max_steps=1, lr=1e-8)
    code, out = cli(weak, monkeypatch, "models", "adapt", "--lang", "vi")
    assert code == 1, out
    assert "not better: kept the base model, nothing installed" in out
    assert not (weak / "models").exists() or list((weak / "models").iterdir()) == []
    assert "# the base model" in (weak / "l10n.toml").read_text(encoding="utf-8")

    root = make_project(tmp_path / "good", adapt_model, max_steps=200, engine="auto")  # CT2 conversion too
    config_before = (root / "l10n.toml").read_text(encoding="utf-8")
    code, out = cli(root, monkeypatch, "models", "adapt", "--lang", "vi")
    assert code == 0, out
    line = next(x for x in out.splitlines() if x.startswith("held-out chrF2"))
    before, after = (float(v) for v in line.split()[2:5:2])
    assert before < 15 and after - before >= 20, line
    installed = [p for p in (root / "models").iterdir() if "-ct2-" not in p.name]
    assert len(installed) == 1 and "-adapted-vi-" in installed[0].name
    converted = [p for p in (root / "models").iterdir() if "-ct2-" in p.name]
    assert len(converted) == 1 and f"(ctranslate2: models/{converted[0].name})" in out
    ct2_meta = json.loads((converted[0] / "l10n-ct2.json").read_text(encoding="utf-8"))
    assert ct2_meta["source"] == str(installed[0])  # what engine = "auto" now takes
    assert not [p for p in (root / "models").iterdir() if p.name.startswith(".adapt-")]
    record = json.loads((installed[0] / "adapt.json").read_text(encoding="utf-8"))
    assert record["base_model"] == "tiny-adapt" and record["held_out_pairs"] == 30
    assert record["chrf_after"] - record["chrf_before"] >= 20
    assert (installed[0] / "README.md").is_file() and (installed[0] / "generation_config.json").is_file()
    # the config edit: one line changed, comments kept, printed with the old value
    config_after = (root / "l10n.toml").read_text(encoding="utf-8")
    changed = [
        (a, b) for a, b in zip(config_before.splitlines(), config_after.splitlines(), strict=True) if a != b
    ]
    assert changed == [
        (
            f"vi = {json.dumps(str(adapt_model))}  # the base model",
            f'vi = "models/{installed[0].name}"  # the base model',
        )
    ]
    assert f'l10n.toml: models.vi = "models/{installed[0].name}" (was {json.dumps(str(adapt_model))})' in out

    # the next translate uses the adapted model, and carries the masks
    fresh = [s for s in sentences(400, 9) if s not in sentences(260, 1)][:12]
    fresh.append(f"Leaders meet {URL} today.".replace(" today", ""))
    (root / "source" / "fresh.txt").write_text("\n\n".join(fresh) + "\n", encoding="utf-8")
    for command in (["extract"], ["update"], ["translate", "--engine", "transformers"]):
        code, out = cli(root, monkeypatch, *command)
        assert code == 0, out
    catalog = pofile.parse((root / "locales/vi/LC_MESSAGES/fresh.po").read_text(encoding="utf-8"), "fresh.po")
    got = {e.msgid: e for e in catalog.entries()}
    assert all(f"marian {installed[0].name}@" in (e.tcomment or "") for e in got.values())
    from sacrebleu.metrics import CHRF

    chrf = CHRF().corpus_score([e.msgstr for e in got.values()], [[rule(m) for m in got]]).score
    assert chrf >= 50, [(e.msgid, e.msgstr) for e in got.values()]
    with_url = [e for e in got.values() if URL in e.msgid]
    carried = [e for e in with_url if URL in e.msgstr]  # the mask learned, then restored
    assert len(with_url) >= 3 and 2 * len(carried) > len(with_url), [e.msgstr for e in with_url]
    code, out = cli(root, monkeypatch, "models", "list")
    assert code == 0 and "tiny-adapt@local" in out  # the base, beside the adapted model


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
