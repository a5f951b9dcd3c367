"""isd: China's internal security diplomacy, from sources to citable releases."""

__version__ = "0.1.0"
