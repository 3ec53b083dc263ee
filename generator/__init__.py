"""Builds the Social Media Maturity Atlas from the maintainers' YAML files.

The core (loading, validation, alignment, rendering) is pure Python with no MkDocs import;
`generator.plugin` adapts it to MkDocs.
"""
