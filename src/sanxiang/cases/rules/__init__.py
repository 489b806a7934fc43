"""The guard rails. Each module registers its rules on import (see `base.rule`)."""

from sanxiang.cases.rules import coercion, execution, hearing, procedure, recording  # noqa: F401
