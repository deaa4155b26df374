"""heelraise: Achilles tendinopathy triage, symptom-guided loading and return to running."""

__version__ = "0.1.0"
