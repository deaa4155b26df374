"""The journal database: SQLAlchemy models, engine set-up and repositories, and the
journal and activity repositories again on the standard library's `sqlite3`
(`sqlite3_journal.py`, `sqlite3_activities.py`, sharing `sqlite3_access.py`).

This package is the only place that speaks SQL.
"""
