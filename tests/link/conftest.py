from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def codebook():
    from isd.codebook import load_codebook

    return load_codebook()


@pytest.fixture(scope="session")
def names(codebook):
    from isd.link.names import NameIndex

    return NameIndex.from_codebook(codebook)


@pytest.fixture(scope="session")
def labelled_pairs():
    from isd.link.evaluate import load_labelled_pairs

    return load_labelled_pairs(FIXTURES / "pairs.jsonl")
