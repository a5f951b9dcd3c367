"""Import and export of the dataset, and versioned releases (see formats.py for the formats)."""
