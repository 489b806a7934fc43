"""The one write path of the inspections app: every change is one of these functions."""

from sanxiang.inspections.services.opening import inspection_open, inspection_open_many

__all__ = ["inspection_open", "inspection_open_many"]
