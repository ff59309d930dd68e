"""The benchmark scripts still import after the code they measure moves (CI runs audit.py and cpu.py on the
real-world corpus; bylines.py needs trafilatura and runs by hand, so an import that went stale would show only
there). Importing runs nothing: each script's work is under ``if __name__ == "__main__"``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
SCRIPTS = sorted(p for p in BENCHMARKS.glob("*.py"))
NEEDS = {"logo": "PIL"}  # scripts that need an optional extra: benchmarks/logo.py draws with Pillow ('.[logo]')


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_benchmark_module_imports(script: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if script.stem in NEEDS:
        pytest.importorskip(NEEDS[script.stem], reason=f"benchmarks/{script.name} needs its extra (Pillow: '.[logo]')")
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(f"benchmark_{script.stem}", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    if script.stem in {"audit", "bylines", "cpu"}:
        assert callable(module.main)
