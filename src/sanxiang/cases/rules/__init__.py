"""The guard rails. Each module registers its rules on import (see `base.rule`)."""

import sanxiang.cases.rules.discretion  # noqa: F401
from sanxiang.cases.rules import coercion, execution, hearing, procedure, recording  # noqa: F401
