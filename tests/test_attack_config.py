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
