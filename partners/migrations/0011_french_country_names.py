"""French country names as the French administration writes them.

"Groenland" (no diaeresis), "Macao", "Guinée équatoriale" (an adjective takes no capital),
"Wallis-et-Futuna", the full name of the TAAF, and "Île" / "Îles" with a capital at the start
of a name. partners/data/countries.json carries the same names for new installations.
"""

from django.db import migrations

FRENCH_NAMES = {
    "BV": "Île Bouvet",
    "CK": "Îles Cook",
    "FO": "Îles Féroé",
    "GL": "Groenland",
    "GQ": "Guinée équatoriale",
    "GS": "Géorgie du Sud-et-les Îles Sandwich du Sud",
    "HM": "Îles Heard-et-MacDonald",
    "KY": "Îles Caïmans",
    "MO": "Macao",
    "NF": "Île Norfolk",
    "SJ": "Svalbard et Île Jan Mayen",
    "TC": "Îles Turques-et-Caïques",
    "TF": "Terres australes et antarctiques françaises",
    "WF": "Wallis-et-Futuna",
}


def rename(apps, schema_editor):
    Country = apps.get_model("partners", "Country")
    for code, name in FRENCH_NAMES.items():
        Country.objects.filter(code=code).update(name_fr=name)


class Migration(migrations.Migration):
    dependencies = [("partners", "0010_partner_name_trigram_index")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
