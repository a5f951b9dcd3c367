"""The codebook as reference data: countries, organizations, mechanisms, officials,
topics, document types, agency types and rank rules (CODEBOOK.md), as reviewed YAML files
under ``data/``, validated on load.

    from isd.codebook import load_codebook
    cb = load_codebook()                 # the packaged data; load_codebook(dir) for another
    cb.find_country("Lao PDR").iso3      # 'LAO'
    cb.rank_on("wang_xiaohong", "2021-06-01")   # 'executive_vice_minister'

Nothing is loaded at import time; :func:`default_codebook` caches one instance per process.
"""

from isd.codebook.codebook import CODE_KINDS, Codebook, ScanName, default_codebook, load_codebook
from isd.codebook.loader import CodebookError, default_data_dir
from isd.codebook.models import (
    AgencyType,
    ChineseTitle,
    Code,
    Country,
    DocType,
    Mechanism,
    MechanismSession,
    Official,
    Organization,
    Post,
    RankRule,
    Region,
    Topic,
)

__all__ = [
    "CODE_KINDS", "AgencyType", "ChineseTitle", "Code", "Codebook", "CodebookError", "Country", "DocType",
    "Mechanism", "MechanismSession", "Official", "Organization", "Post", "RankRule", "Region", "ScanName", "Topic",
    "default_codebook", "default_data_dir", "load_codebook",
]
