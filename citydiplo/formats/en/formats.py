"""English pages use British formats: "30 November 2026", 30/11/2026, 24-hour times."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

# Months written in full, as in the French pages ("30 November 2026", not "30 Nov 2026").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
