"""What the config tests share: writing a config file, and the one-line error a bad one gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.config import (
    ConfigError,
    load_config,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str, name: str = "repcheck.toml") -> str:
    write(tmp_path / name, text)
    with pytest.raises(ConfigError) as info:
        load_config(start=tmp_path)
    message = str(info.value)
    assert "\n" not in message
    return message
