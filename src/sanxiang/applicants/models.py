"""Models: see the app docstring."""

from __future__ import annotations
