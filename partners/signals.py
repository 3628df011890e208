"""Signals of the register for the apps above it.

An import writes its partnerships in bulk, which sends no `post_save`: those that keep figures
of a municipality (the dashboard) listen to `partnerships_imported` instead.
"""

from django.dispatch import Signal

# Sent once the import's transaction has committed, with `municipality_ids` (a set).
partnerships_imported = Signal()
