"""Tools that generated skeletons of the codebook data (not used at run time)."""
