"""Alembic migrations for the journal schema, shipped in the package (no alembic.ini)."""
