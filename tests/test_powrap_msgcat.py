"""Every punctuation and symbol character, and the letters and marks of scripts that break
differently (Kannada, Tibetan, Khmer, Thai, Myanmar, Hangul jamo, emoji), wraps as GNU msgcat
wraps it (issue 19: 1,114 of 8,566 such characters used to differ).

One catalog holds, for each character ``c``, a msgstr that puts ``c`` in several contexts
(``a{c}a``, ``({c})``, ``1{c}1``, ``{c}{c}``, beside a Han ideograph, between spaces...) each
pushed to the end of a line; msgcat writes it at width 20 (its narrowest, so that every context
meets a line end) and 79, and ``render(parse(...))`` must give back the same bytes.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import require_gettext

from l10n.catalog import pofile

SCRIPTS = [(0x0C80, 0x0CFF), (0x0F00, 0x0FFF), (0x1780, 0x17FF), (0x0E00, 0x0E7F), (0x1000, 0x109F)]
SCRIPTS += [(0x1100, 0x11FF), (0xD7B0, 0xD7FF), (0x1F1E6, 0x1F1FF), (0x1F300, 0x1F3FF), (0x1F466, 0x1F469)]


def probe_characters() -> list[str]:
    """Every assigned punctuation, symbol and space character, and the ranges of ``SCRIPTS``."""
    out = []
    for code in range(0x21, sys.maxunicode + 1):
        ch = chr(code)
        cat = unicodedata.category(ch)
        if cat[0] in "PS" or cat == "Zs" or (any(a <= code <= b for a, b in SCRIPTS) and cat[0] != "C"):
            out.append(ch)
    return out


def catalog(chars: list[str]) -> str:
    lines = ['msgid ""', 'msgstr "Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for i, c in enumerate(chars):
        contexts = [f"a{c}a", f"({c})", f"1{c}1", f"{c}{c}", f"\u4e00{c}\u4e00", f"a {c} a", f"{c}\u0300a"]
        text = "".join("x " * pad + ctx + " " for ctx in contexts for pad in (6, 7))
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        lines += [f'msgid "{i}"', f'msgstr "{escaped}"', ""]
    return "\n".join(lines)


@pytest.mark.parametrize("width", [20, 79])
def test_every_probe_character_wraps_as_msgcat_wraps_it(tmp_path: Path, width: int) -> None:
    require_gettext()
    chars = probe_characters()
    assert len(chars) > 9000
    source = tmp_path / "probe.po"
    source.write_text(catalog(chars), encoding="utf-8")
    gnu = subprocess.run(["msgcat", f"--width={width}", str(source)], capture_output=True, check=True).stdout
    text = gnu.decode("utf-8")
    ours = pofile.render(pofile.parse(text, "probe.po"), width=width)
    if ours != text:
        bad = [chunk for chunk in ours.split("\n\n") if chunk not in text]
        differing = sorted({chars[int(c.split('"')[1])] for c in bad if c.startswith('msgid "')})
        names = [f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in differing]
        pytest.fail(f"{len(names)} characters wrap otherwise than msgcat: {names[:20]}")
