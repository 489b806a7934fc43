"""Resolve a legal-basis text such as "《森林法》第七十六条；《城市绿化条例》第二十七条" to articles.

The law version used is the one in force on the catalog row's effective date; an unresolvable
reference is a validation problem, never silently dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sanxiang.catalog.models import Law, LawArticle

NO_REFERENCE = "应写明《法规名称》第X条，例如“《中华人民共和国森林法》第七十六条”"
NO_ARTICLE = "《{law}》未写明条款（第X条）"
LAW_UNKNOWN = "法律法规库中没有《{law}》"
LAW_NOT_IN_FORCE = "法律法规库中没有 {day} 施行有效的《{law}》版本"
ARTICLE_UNKNOWN = "《{law}》（{version}）中没有{article}"

_REFERENCE = re.compile(r"《([^》]+)》([^《]*)")
_ARTICLE = re.compile(r"第[〇零一二三四五六七八九十百千万两\d]+条(?:之[一二三四五六七八九十]+)?")
_PRC = "中华人民共和国"


def article_number(raw: str) -> str:
    """Canonical article number: whitespace removed, 款/项 stay with the caller."""
    return re.sub(r"\s", "", raw)


@dataclass
class LawVersion:
    name: str
    version_label: str
    effective_from: dt.date
    effective_to: dt.date | None
    articles: dict[str, Any] = field(default_factory=dict)  # number -> LawArticle pk (or key)

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


class LawIndex:
    """All law versions by name, from the database plus versions about to be created."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[LawVersion]] = {}

    @classmethod
    def from_database(cls) -> LawIndex:
        index = cls()
        versions: dict[Any, LawVersion] = {}
        for law in Law.objects.all():
            versions[law.pk] = index.add(
                LawVersion(law.name, law.version_label, law.effective_from, law.effective_to)
            )
        for pk, law_id, number in LawArticle.objects.values_list("pk", "law_id", "number"):
            versions[law_id].articles[article_number(number)] = pk
        return index

    def add(self, version: LawVersion) -> LawVersion:
        versions = self.by_name.setdefault(version.name, [])
        versions[:] = [v for v in versions if v.version_label != version.version_label]
        versions.append(version)
        return version

    def has_version(self, name: str, version_label: str) -> bool:
        return any(v.version_label == version_label for v in self.by_name.get(name, ()))

    def version_in_force(self, name: str, day: dt.date) -> LawVersion | str:
        """The version in force on `day` (latest effective_from wins), or a problem message."""
        versions = self.by_name.get(name)
        if versions is None and name.startswith(_PRC):
            versions = self.by_name.get(name.removeprefix(_PRC))
        if versions is None:
            versions = self.by_name.get(_PRC + name)
        if not versions:
            return LAW_UNKNOWN.format(law=name)
        in_force = [v for v in versions if v.in_force_on(day)]
        if not in_force:
            return LAW_NOT_IN_FORCE.format(law=name, day=day.isoformat())
        return max(in_force, key=lambda v: v.effective_from)

    def resolve(self, basis_text: str, day: dt.date) -> tuple[list[Any], list[str]]:
        """Article keys referenced by `basis_text` in the versions in force on `day`, and problems."""
        keys: list[Any] = []
        problems: list[str] = []
        references = _REFERENCE.findall(basis_text)
        if not references:
            return [], [NO_REFERENCE]
        for name, rest in references:
            name = name.strip()
            numbers = [article_number(a) for a in _ARTICLE.findall(rest)]
            if not numbers:
                problems.append(NO_ARTICLE.format(law=name))
                continue
            version = self.version_in_force(name, day)
            if isinstance(version, str):
                problems.append(version)
                continue
            for number in numbers:
                key = version.articles.get(number)
                if key is None:
                    problems.append(
                        ARTICLE_UNKNOWN.format(
                            law=version.name, version=version.version_label, article=number
                        )
                    )
                elif key not in keys:
                    keys.append(key)
        return keys, problems
