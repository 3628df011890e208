"""The dashboard: what awaits each person, and the portfolio at a glance.

Every figure is one SQL aggregate (never a Python loop over the register); the lists of what
awaits someone are a registry (`awaiting.py`) that other apps extend with one function each.
"""
