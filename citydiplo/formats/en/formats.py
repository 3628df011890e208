"""English pages use British formats ("30 November 2026", 30/11/2026, 24-hour times)."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
