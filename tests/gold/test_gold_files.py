"""The gold set's own checks run in CI (each half ships its validator)."""

import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.mark.parametrize("script", sorted(p.name for p in HERE.glob("*_check_gold.py")))
def test_gold_half_is_valid(script):
    spec = importlib.util.spec_from_file_location(script[:-3], HERE / script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main() == 0
