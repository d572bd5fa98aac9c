"""Hostile configurations found by the adversarial pass: each error names the right keys."""

from pathlib import Path

import pytest

from l10n.config import load_config
from l10n.errors import ConfigError


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # the configured folder lands on a default one: blame the configured key, name the other
        ('source_dir = "locales"\n', "source_dir: overlaps locales_dir"),
        ('locales_dir = "build/x"\n', "locales_dir: overlaps build_dir"),
        ('source_dir = "models"\n', "source_dir: overlaps models_dir"),
        # both configured: the later key is blamed, the earlier named
        ('source_dir = "a"\nlocales_dir = "a/b"\n', "locales_dir: overlaps source_dir"),
    ],
)
def test_overlapping_folders_name_both_keys(tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\n' + body, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path)
    assert message in str(exc.value)


@pytest.mark.parametrize(
    ("raw", "line", "message"),
    [
        # tomllib says "(at end of document)" without a line: the file's last line
        (b'languages = ["vi"\n\n', 2, "invalid TOML: Unclosed array"),
        (b'languages = ["vi"]\nbase_url = "https://x.org\n', 2, "invalid TOML: "),
        (b'languages = ["vi"]\n# caf\xe9\n', 2, "cannot read: not valid UTF-8"),
    ],
)
def test_unreadable_config_names_the_line(tmp_path: Path, raw: bytes, line: int, message: str) -> None:
    (tmp_path / "l10n.toml").write_bytes(raw)
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path)
    assert exc.value.line == line
    assert str(exc.value).startswith(f"l10n.toml:{line}: {message}")
