"""The portal's full-text index over jieba tokens, one per database vendor (LIBRARIES.md §4).

SQLite: an FTS5 table with external content (disclosure_search, rowid = its integer id) kept in
step by triggers, so the one ORM write in disclosure.search serves both vendors.
PostgreSQL: a generated tsvector column ('simple' configuration: the tokens are already cut)
with a GIN index; the record's tokens weigh A, the text's D.

On SQLite a later migration that rebuilds disclosure_search (most AlterField operations do)
drops the triggers with the old table: such a migration must run CREATE_SQLITE again.
"""

from collections.abc import Callable
from typing import Any

import django.db.models.deletion
from django.db import migrations, models

_FTS_INSERT = (
    "INSERT INTO disclosure_search_fts(rowid, record_tokens, text_tokens) "
    "VALUES (new.id, new.record_tokens, new.text_tokens);"
)
_FTS_DELETE = (
    "INSERT INTO disclosure_search_fts(disclosure_search_fts, rowid, record_tokens, text_tokens) "
    "VALUES ('delete', old.id, old.record_tokens, old.text_tokens);"
)
CREATE_SQLITE = [
    # unicode61 splits on the spaces between tokens and keeps a run of CJK characters whole.
    "CREATE VIRTUAL TABLE disclosure_search_fts USING fts5("
    "record_tokens, text_tokens, content='disclosure_search', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER disclosure_search_ai AFTER INSERT ON disclosure_search "
    f"BEGIN {_FTS_INSERT} END",
    "CREATE TRIGGER disclosure_search_ad AFTER DELETE ON disclosure_search "
    f"BEGIN {_FTS_DELETE} END",
    "CREATE TRIGGER disclosure_search_au AFTER UPDATE ON disclosure_search "
    f"BEGIN {_FTS_DELETE} {_FTS_INSERT} END",
]
DROP_SQLITE = [
    "DROP TRIGGER IF EXISTS disclosure_search_ai",
    "DROP TRIGGER IF EXISTS disclosure_search_ad",
    "DROP TRIGGER IF EXISTS disclosure_search_au",
    "DROP TABLE IF EXISTS disclosure_search_fts",
]
CREATE_POSTGRESQL = [
    "ALTER TABLE disclosure_search ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, record_tokens), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, text_tokens), 'D')) STORED",
    "CREATE INDEX disclosure_search_document ON disclosure_search USING GIN (document)",
]
DROP_POSTGRESQL = [
    "DROP INDEX IF EXISTS disclosure_search_document",
    "ALTER TABLE disclosure_search DROP COLUMN IF EXISTS document",
]


def _run(statements: dict[str, list[str]]) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise RuntimeError(f"no full-text index for database vendor {vendor!r}")
        for statement in statements[vendor]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0001_lifecycle"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="DisclosureSearch",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("region_code", models.CharField(max_length=6)),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("penalty", "行政处罚"),
                            ("no_penalty", "不予行政处罚"),
                            ("licence", "行政许可"),
                            ("coercion", "行政强制"),
                        ],
                        max_length=20,
                    ),
                ),
                ("decided_on", models.DateField()),
                ("published_on", models.DateField()),
                ("record_tokens", models.TextField()),
                ("text_tokens", models.TextField()),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisations.agency",
                    ),
                ),
                (
                    "disclosure",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_row",
                        to="disclosure.disclosure",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="disclosure.disclosureversion",
                    ),
                ),
            ],
            options={
                "db_table": "disclosure_search",
                "ordering": ["-decided_on", "-id"],
                "indexes": [
                    models.Index(fields=["-decided_on", "-id"], name="disclosure_search_newest"),
                    models.Index(fields=["agency", "-decided_on"], name="disclosure_search_agency"),
                    models.Index(
                        fields=["category", "-decided_on"], name="disclosure_search_category"
                    ),
                    models.Index(
                        fields=["region_code", "-decided_on"], name="disclosure_search_region"
                    ),
                    models.Index(
                        fields=["-published_on", "-id"], name="disclosure_search_published"
                    ),
                ],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": CREATE_SQLITE, "postgresql": CREATE_POSTGRESQL}),
            _run({"sqlite": DROP_SQLITE, "postgresql": DROP_POSTGRESQL}),
        ),
    ]
