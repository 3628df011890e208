"""How the access sweep places each URL: one factory per kind of object id.

A URL whose kwargs are not all known here fails the sweep, so a new object URL cannot slip
through untested: add the factory of its model here (it creates an object owned by `town`).
"""

from collections.abc import Callable

from municipalities.models import Membership, Municipality, Role
from tests.conftest import make_member

ObjectFactory = Callable[[Municipality], int]


def _membership(town: Municipality) -> int:
    user = make_member(town, Role.OFFICER)
    return Membership.objects.get(user=user, municipality=town).pk


OBJECT_FACTORIES: dict[str, ObjectFactory] = {
    "membership_id": _membership,
}

# Kwargs that are not object ids, with a harmless value (only public URLs may use them).
NON_OBJECT_KWARGS: dict[str, str] = {"uidb64": "MQ", "token": "set-password"}
