"""prep-handbook: raw interview-prep notes → a structured handbook (no MkDocs import here)."""

from __future__ import annotations

from .errors import NotesError, NotesWarning
from .pipeline import Settings, Site, build_site, settings_from_mapping
from .rules import RulesConfigError
from .spelling import warm_up

__all__ = [
    "NotesError",
    "NotesWarning",
    "RulesConfigError",
    "Settings",
    "Site",
    "build_site",
    "settings_from_mapping",
    "warm_up",
]
