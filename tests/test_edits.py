"""Post-edit distance (``l10n report edits``) and the machine-output memory (``mt-memory.tmx``).

A project is machine-translated by a planted engine (known outputs and confidences), reviewed
with polib the way any editor saves a catalog (msgstr changed, fuzzy flag cleared, comments
kept), and the report's numbers are compared with sacrebleu's own on the same pairs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import polib
import pytest
from lxml import etree
from sacrebleu.metrics import CHRF, TER
from typer.testing import CliRunner

from l10n.catalog import pofile
from l10n.catalog.tmx import MachineRecord, parse_tmx, render_tmx
from l10n.cli import app
from l10n.errors import CatalogError
from l10n.provenance import confidence_field, format_provenance
from l10n.review.edits import EditPair, edit_stats, ranks, reviewed_pairs, spearman
from l10n.translate.mtmemory import update_records

DTD = Path(__file__).parent / "data" / "tmx14.dtd"
SENTENCES = [
    "The council will meet after the summit in Warsaw.",
    "Both sides agreed to increase transparency.",
    "The minister said expectations are not high.",
    "Troops from four countries took part in the drill.",
    "The meeting was the first of its kind in two years.",
    "Russia annexed Crimea in March 2014.",
    "Civil cooperation was cancelled after that.",
    "The forum remains operational at ambassador level.",
    "Talks in April failed to narrow the differences.",
    "Relations have worsened since then.",
    "The presence in the Baltic states will grow.",
    "Officials expect a long and difficult dialogue.",
]
# vi: what the reviewer made of each machine output (None: left unreviewed, still fuzzy)
VI_EDITS = {
    0: "same",
    1: "same",
    2: "Bộ trưởng nói kỳ vọng không cao.",
    3: "same",
    4: "Đây là cuộc họp đầu tiên sau hai năm.",
    5: "Nga sáp nhập Crimea vào tháng 3 năm 2014.",
    6: "Hợp tác dân sự bị hủy sau đó",
    7: "same",
    8: "Các cuộc đàm phán tháng Tư thất bại.",
    9: "Quan hệ xấu đi.",
    10: None,
    11: "Các quan chức dự đoán một cuộc đối thoại dài.",
}
JA_MT = {
    0: "理事会は首脳会議の後に会合する。",
    1: "双方は透明性を高めることで合意した。",
    2: "大臣は期待は高くないと言った。",
}
JA_EDITS = {
    0: "理事会はワルシャワでの首脳会議の後に会合する。",
    1: "same",
    2: "大臣は期待は高くないと述べた。",
}


class PlantedEngine:
    """Outputs ``MT(<lang>) <source>`` (ja: ``JA_MT`` where given); confidence falls with the index."""

    name = "ctranslate2"
    revision = "abc123"

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.model_id = f"Helsinki-NLP/opus-mt-en-{lang}"

    def translate(self, texts: Sequence[str]) -> list[str]:
        planted = JA_MT if self.lang == "ja" else {}
        return [planted.get(SENTENCES.index(t), f"MT({self.lang}) {t}") for t in texts]

    def score(self, sources: Sequence[str], outputs: Sequence[str]) -> list[float]:
        return [0.9 - 0.05 * SENTENCES.index(s) for s in sources]


def run(*args: str):
    return CliRunner().invoke(app, list(args), prog_name="l10n")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.txt").write_text("\n\n".join(SENTENCES) + "\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi", "ja"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    import l10n.mt.factory

    monkeypatch.setattr(l10n.mt.factory, "make_engine", lambda cfg, lang, **kw: PlantedEngine(lang))
    for step in ("extract", "update", "translate"):
        result = run(step)
        assert result.exit_code == 0, result.output
    return tmp_path


def review(po_path: Path, edits: dict[int, str | None]) -> list[tuple[str, str, float]]:
    """Review entries as an editor does (polib); return (machine, reviewed, confidence) per review."""
    catalog = polib.pofile(str(po_path))
    done = []
    for index, edit in edits.items():
        entry = catalog.find(SENTENCES[index])
        assert entry is not None and "fuzzy" in entry.flags
        if edit is None:
            continue
        machine = entry.msgstr
        entry.msgstr = machine if edit == "same" else edit
        entry.flags.remove("fuzzy")
        done.append((machine, entry.msgstr, round(0.9 - 0.05 * index, 2)))
    catalog.save()
    return done


def test_tmx_holds_every_machine_output_validates_and_is_stable(project: Path) -> None:
    path = project / "locales" / "vi" / "mt-memory.tmx"
    data = path.read_bytes()
    doc = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()
    assert b"creationdate" not in data and b"changedate" not in data
    records = parse_tmx(data.decode("utf-8"))
    assert sorted(r.msgid for r in records) == sorted(SENTENCES)
    first = next(r for r in records if r.msgid == SENTENCES[1])
    assert first == MachineRecord(
        SENTENCES[1],
        None,
        f"MT(vi) {SENTENCES[1]}",
        "ctranslate2",
        "Helsinki-NLP/opus-mt-en-vi",
        "abc123",
        0.85,
    )
    assert [r.msgid for r in records] == sorted(SENTENCES)  # sorted by msgid
    ja = parse_tmx((project / "locales" / "ja" / "mt-memory.tmx").read_text(encoding="utf-8"))
    assert {r.text for r in ja} == {JA_MT.get(i, f"MT(ja) {s}") for i, s in enumerate(SENTENCES)}

    # re-running translate changes nothing; neither does it after reviewers edited entries
    assert run("translate").exit_code == 0
    assert path.read_bytes() == data
    review(project / "locales" / "vi" / "LC_MESSAGES" / "a.po", {2: "Sửa hoàn toàn.", 3: "same"})
    result = run("translate")
    assert result.exit_code == 0 and "wrote locales/vi/mt-memory.tmx" not in result.output
    assert path.read_bytes() == data  # the edited entry's machine output is still there


def test_report_edits_matches_sacrebleu_on_the_same_pairs(project: Path) -> None:
    vi = review(project / "locales" / "vi" / "LC_MESSAGES" / "a.po", VI_EDITS)
    ja = review(project / "locales" / "ja" / "LC_MESSAGES" / "a.po", JA_EDITS)
    result = run("report", "edits", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["version"] == 1
    rows = {row["lang"]: row for row in doc["edits"]}
    assert sorted(rows) == ["ja", "vi"]

    for lang, pairs in (("vi", vi), ("ja", ja)):
        hyps, refs = [m for m, _, _ in pairs], [[r for _, r, _ in pairs]]
        row = rows[lang]
        assert row["model"] == f"Helsinki-NLP/opus-mt-en-{lang}"
        assert row["engines"] == ["ctranslate2"]
        assert row["reviewed"] == len(pairs)
        assert row["unchanged"] == sum(1 for m, r, _ in pairs if m == r)
        assert row["chrf"] == round(CHRF().corpus_score(hyps, refs).score, 2)
        ter = TER(asian_support=lang == "ja", normalized=lang == "ja")
        assert row["ter"] == round(ter.corpus_score(hyps, refs).score, 2)
    assert rows["vi"]["reviewed"] == 11 and rows["vi"]["unchanged"] == 4
    assert rows["vi"]["unchanged_share"] == round(4 / 11, 4)
    assert 0 < rows["vi"]["ter"] < 100 and 0 < rows["vi"]["chrf"] < 100
    # ja: TER over characters (2 of 3 sentences edited would be 66.67 over whole "words")
    ja_hyps, ja_refs = [m for m, _, _ in ja], [[r for _, r, _ in ja]]
    assert round(TER().corpus_score(ja_hyps, ja_refs).score, 2) == 66.67
    assert 5 < rows["ja"]["ter"] < 20

    # Spearman from 10 entries up: vi has 11, recomputed with numpy ranks (no ties here)
    conf = [c for _, _, c in vi]
    sentence = [CHRF().sentence_score(m, [r]).score for m, r, _ in vi]
    assert len(set(conf)) == len(conf) and len(set(sentence)) < len(sentence)  # chrF 100 ties
    rank_c = np.argsort(np.argsort(conf)) + 1.0
    rank_s = np.array(ranks(sentence))  # mid-ranks for the tied 100s, checked below
    assert sorted(rank_s) == sorted(
        [float(i) for i in range(1, 8)] + [9.5] * 4
    )  # 4 accepted entries tie at the top
    expected = float(np.corrcoef(rank_c, rank_s)[0, 1])
    assert rows["vi"]["spearman"] == round(expected, 3)
    assert rows["vi"]["with_confidence"] == 11
    assert rows["ja"]["spearman"] is None and rows["ja"]["with_confidence"] == 3

    text = run("report", "edits", "--lang", "ja")
    assert text.exit_code == 0
    assert "n/a (3/10)" in text.stdout and "Helsinki-NLP/opus-mt-en-ja" in text.stdout
    assert "opus-mt-en-vi" not in text.stdout


def test_report_edits_without_a_memory_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.txt").write_text("Hello there.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("report", "edits")
    assert result.exit_code == 0 and "no reviewed machine translations yet" in result.stdout
    doc = json.loads(run("report", "edits", "--format", "json").stdout)
    assert doc == {"version": 1, "min_for_correlation": 10, "edits": [], "languages": []}


def test_a_damaged_memory_is_reported_and_left_alone(project: Path) -> None:
    path = project / "locales" / "vi" / "mt-memory.tmx"
    path.write_text("<tmx><header>", encoding="utf-8")
    result = run("translate")
    assert result.exit_code == 2  # unreadable input
    assert "locales/vi/mt-memory.tmx:1: not a well-formed TMX file" in result.output
    assert path.read_text(encoding="utf-8") == "<tmx><header>"
    assert (project / "locales" / "ja" / "mt-memory.tmx").is_file()  # the other language goes on
    assert run("report", "edits").exit_code == 2


# ---- units ---------------------------------------------------------------------------------


def test_spearman_and_ranks() -> None:
    assert ranks([3.0, 1.0, 3.0, 2.0]) == [3.5, 1.0, 3.5, 2.0]
    assert spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) == pytest.approx(0.8207826816681233)  # scipy's value
    assert spearman([1, 2, 3], [3, 2, 1]) == -1.0
    assert spearman([1, 1, 1], [1, 2, 3]) is None and spearman([1], [2]) is None
    with pytest.raises(ValueError):
        spearman([1, 2], [1])


def test_reviewed_pairs_count_only_reviewed_entries_with_a_record() -> None:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    body = (
        'msgid "A."\nmsgstr "Đã sửa."\n\n'  # reviewed
        '#, fuzzy\nmsgid "B."\nmsgstr "Máy B."\n\n'  # still machine
        'msgid "C."\nmsgstr "Viết tay."\n\n'  # reviewed, but never machine-translated
        'msgctxt "caption"\nmsgid "A."\nmsgstr "Chú thích."\n\n'  # another context
        '#~ msgid "D."\n#~ msgstr "Cũ."\n'
    )
    catalog = pofile.parse(header + body, "x.po")
    records = [
        MachineRecord("A.", None, "Máy A.", "marian", "m", "r", 0.5),
        MachineRecord("B.", None, "Máy B.", "marian", "m", "r", 0.4),
        MachineRecord("D.", None, "Máy D.", "marian", "m", "r", 0.4),
    ]
    pairs = reviewed_pairs("vi", records, catalog.entries(include_obsolete=True))
    assert pairs == [EditPair("vi", "m", "marian", "Máy A.", "Đã sửa.", 0.5, "r")]
    [stats] = edit_stats(pairs)
    assert (stats.reviewed, stats.unchanged, stats.spearman) == (1, 0, None)


def test_memory_records_untouched_engine_output_only_and_keeps_old_records() -> None:
    def machine(msgid: str, msgstr: str, engine: str = "marian", conf: float | None = 0.7) -> str:
        fields = [confidence_field(conf)] if conf is not None else []
        line = format_provenance(engine, "org/m", "r1", msgstr, fields=fields)
        return f'# {line}\n#, fuzzy\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n\n'

    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    body = (
        machine("New.", "Mới.")
        + machine("Old engine line.", "Cũ.", conf=None)  # written before conf existed
        + machine("13,000", "13.000", engine="copy")
        + machine("Reused.", "Dùng lại.", engine="tm-machine")
        + '# l10n-mt: marian org/m@r1 sha1:00000000\n#, fuzzy\nmsgid "Edited."\nmsgstr "Người sửa."\n\n'
    )
    entries = pofile.parse(header + body, "x.po").entries()
    kept = MachineRecord("Edited.", None, "Máy.", "marian", "org/m", "r0", 0.2)
    replaced = MachineRecord("New.", None, "Bản cũ.", "marian", "org/m", "r0", 0.1)
    records = {r.msgid: r for r in update_records([kept, replaced], entries)}
    assert sorted(records) == ["Edited.", "New.", "Old engine line."]
    assert records["Edited."] == kept  # edited by a person: the old machine output stays
    assert records["New."] == MachineRecord("New.", None, "Mới.", "marian", "org/m", "r1", 0.7)
    assert records["Old engine line."].confidence is None


def test_tmx_round_trip_is_exact_even_for_what_xml_cannot_hold() -> None:
    records = [
        MachineRecord('B <1>x</1> & "q"', "headline", "B' <1>y</1> &", "marian", "o/m", "", None),
        MachineRecord("A\nline two", None, "  spaced  ", "ctranslate2", "o/m", "r", 0.05),
        MachineRecord("bad \x0b char", None, "x", "marian", "o/m", "r", 0.5),
    ]
    text = render_tmx(records, srclang="en", tgtlang="zh-Hans", segtype="paragraph", tool_version="9")
    assert parse_tmx(text) == [records[1], records[2], records[0]]  # sorted: no msgctxt first
    assert '<seg>bad <ph type="x-char">U+000B</ph> char</seg>' in text  # XML 1.0 cannot hold it
    assert (
        render_tmx(reversed(records), srclang="en", tgtlang="zh-Hans", segtype="paragraph", tool_version="9")
        == text
    )
    assert 'xml:lang="zh-Hans"' in text and 'segtype="paragraph"' in text
    assert etree.DTD(str(DTD)).validate(etree.fromstring(text.encode("utf-8")))
    with pytest.raises(CatalogError):
        parse_tmx("<xliff/>")
    assert math.isclose(parse_tmx(text)[0].confidence or 0, 0.05)
