"""Who is on each side of a referral: the municipality's officers and managers, the liaisons
following it. (Which municipalities a liaison follows is `LiaisonAssignment`'s rule.)"""

from __future__ import annotations

from accounts.models import User
from municipalities.models import LiaisonAssignment, Municipality, Role


def liaisons_of(municipality: Municipality) -> list[User]:
    """The active liaisons following a municipality, by its region or by name."""
    return list(LiaisonAssignment.objects.liaisons_of(municipality))


def municipal_recipients(municipality_id: int) -> list[User]:
    """Officers and managers: the people who act on a referral for the municipality."""
    return list(
        User.objects.filter(
            memberships__municipality_id=municipality_id,
            memberships__role__in=(Role.OFFICER, Role.MANAGER),
            is_active=True,
        ).order_by("pk")
    )


def follows(liaison: User, municipality: Municipality) -> bool:
    """Whether `liaison` follows `municipality`."""
    return Municipality.objects.followed_by(liaison).filter(pk=municipality.pk).exists()
