"""lanzarote-qa: cited answers from the Lanzarote Committee's implementation factsheets."""

__version__ = "0.1.0"
