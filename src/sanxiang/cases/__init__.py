"""Case handling (执法办案). For now only the pure transition table in `states.py`; the app follows."""
