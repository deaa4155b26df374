"""The journal database: SQLAlchemy models, engine set-up and repositories.

This package is the only place that speaks SQL.
"""
