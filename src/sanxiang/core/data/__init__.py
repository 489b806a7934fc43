"""Reference data shipped with the code: the official holiday schedule (holidays.json)."""
