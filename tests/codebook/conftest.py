import pytest


@pytest.fixture(scope="session")
def cb():
    from isd.codebook import load_codebook

    return load_codebook()
