"""A trigram index for the similar-name search (PostgreSQL only).

The live check of a partner's name looks for the register's names that share enough trigrams
with it; on PostgreSQL a GIN index of pg_trgm over the normalised names and aliases answers
that without reading the whole register (the planner still reads one municipality's rows when
that is cheaper). SQLite, the demo database, has neither: the search there reads
a bounded number of rows instead (`partners.actions.similar_partners`).
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS partners_partner_names_trgm ON partners_partner "
    "USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS partners_partner_names_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("partners", "0009_partnership_rating_cell")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
