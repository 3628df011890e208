"""French elision in templates: `{{ name|de }}`, `{{ word|le }}`, `{{ word|la }}`, `{{ name|of }}`.

`de`, `le` and `la` are French grammar (used in French-only text such as a CSV example);
`of` follows the active language and is what bilingual messages use:
`{% blocktranslate with of_name=municipality.name|of %}Members {{ of_name }}{% endblocktranslate %}`
reads "Members of Orléans" in English and "Membres d'Orléans" in French.
"""

from django import template

from citydiplo import french

register = template.Library()

register.filter("de", french.de)
register.filter("le", french.le)
register.filter("la", french.la)
register.filter("of", french.of)
