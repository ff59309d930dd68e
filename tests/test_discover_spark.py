"""`repcheck discover --engine spark`: the same archives through a PySpark job (``local[2]``) and through the local
process pool give the same findings. Skipped without PySpark or Java, unless ``REPCHECK_REQUIRE_SPARK=1`` (as CI
sets it, so that this test cannot go missing unseen)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from discover_archives import build, originals, write_originals

from checker.cli import main

pytestmark = [pytest.mark.slow, pytest.mark.spark]

VARYING = ("checked_at", "elapsed_ms")  # the time of each check, the only thing two runs may differ in


def _spark_missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "PySpark is not installed (pip install '.[spark]')"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime for Spark"
    return None


@pytest.fixture
def spark_available() -> None:
    reason = _spark_missing()
    if reason is not None:
        if os.environ.get("REPCHECK_REQUIRE_SPARK") == "1":
            pytest.fail(f"REPCHECK_REQUIRE_SPARK=1 but {reason}")
        pytest.skip(reason)


def _findings(path: Path) -> list[str]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        for key in VARYING:
            data["report"].pop(key)
        found.append(json.dumps(data, sort_keys=True))
    return sorted(found)


def test_spark_and_local_engines_find_the_same_copies(spark_available, tmp_path):
    found = originals()
    planted = build(tmp_path, found, split=3, real_pages=30)
    write_originals(tmp_path / "originals.jsonl", found)
    archives = sorted(map(str, tmp_path.glob("*.warc.gz")))
    outputs = {}
    for engine, extra in (
        ("local", ["--jobs", "2"]),
        ("spark", ["--master", "local[2]", "--parts", str(tmp_path / "shared")]),
    ):
        outputs[engine] = tmp_path / f"{engine}.jsonl"
        result = CliRunner().invoke(
            main,
            ["discover", *archives, "--originals", str(tmp_path / "originals.jsonl"), "-o", str(outputs[engine])]
            + ["--engine", engine, *extra],
        )
        assert result.exit_code == 1, result.output  # the uncredited copies fail the pack
        assert f"{len(planted)} copies found" in result.output
    assert _findings(outputs["spark"]) == _findings(outputs["local"])
    assert len(_findings(outputs["local"])) == len(planted)
    assert not (tmp_path / "shared").exists()  # the executors' parts, merged and removed
