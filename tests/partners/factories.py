"""Small builders for register tests."""

from __future__ import annotations

import itertools
from typing import Any

from municipalities.models import Municipality
from partners import actions
from partners.models import Partner, Partnership

_n = itertools.count(1)


def make_partner(town: Municipality, name: str | None = None, **extra: Any) -> Partner:
    fields: dict[str, Any] = {"kind": "local_authority", "country_id": "DE", **extra}
    partner = Partner(municipality=town, name=name or f"Partenaire {next(_n)}", **fields)
    return actions.save_partner(partner, by=None)


def make_partnership(partner: Partner, title: str | None = None, **extra: Any) -> Partnership:
    fields: dict[str, Any] = {"form": "twinning", "status": "active", **extra}
    partnership = Partnership(
        municipality_id=partner.municipality_id,
        partner=partner,
        title=title or f"Partenariat {next(_n)}",
        **fields,
    )
    return actions.save_partnership(partnership, by=None)
