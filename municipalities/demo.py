"""Demo municipalities and people for `make run`. Every name here is fictitious."""

from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import User
from municipalities.models import LiaisonAssignment, Membership, Municipality, Region, Role

DEMO_PASSWORD = "demo-citydiplo-2026"


@dataclass
class DemoWorld:
    """What the demo loaders of each app share: they add to the same municipalities."""

    municipalities: dict[str, Municipality] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    sign_ins: list[tuple[str, str]] = field(default_factory=list)


MUNICIPALITIES = [
    # key, name, fictitious INSEE-shaped code, département, region, population band
    (
        "montclair",
        "Montclair-sur-Loire (démo)",
        "99901",
        "45",
        Region.CENTRE_VAL_DE_LOIRE,
        "20k-100k",
    ),
    (
        "saint-aubin",
        "Saint-Aubin-les-Vignes (démo)",
        "99902",
        "33",
        Region.NOUVELLE_AQUITAINE,
        "5k-20k",
    ),
]


def _user(world: DemoWorld, email: str, full_name: str, description: str, **extra: bool) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    world.users[email] = user
    world.sign_ins.append((email, description))
    return user


def load(world: DemoWorld) -> None:
    for key, name, code, dep, region, band in MUNICIPALITIES:
        municipality, _ = Municipality.objects.get_or_create(
            insee_code=code,
            defaults={
                "name": name,
                "departement": dep,
                "region": region,
                "population_band": band,
                "settings_confirmed_at": timezone.now(),
            },
        )
        world.municipalities[key] = municipality
        for role, label in (
            (Role.OFFICER, "officer"),
            (Role.MANAGER, "manager"),
            (Role.VIEWER, "viewer"),
        ):
            email = f"{label}@{key}.example"
            user = _user(
                world, email, f"{label.capitalize()} {name.split(' (')[0]}", f"{label}, {name}"
            )
            Membership.objects.get_or_create(
                user=user, municipality=municipality, defaults={"role": role}
            )
    liaison = _user(
        world,
        "liaison@meae.example",
        "Camille Liaison (MEAE)",
        "ministry liaison, Centre-Val de Loire region + Saint-Aubin-les-Vignes",
    )
    LiaisonAssignment.objects.get_or_create(liaison=liaison, region=Region.CENTRE_VAL_DE_LOIRE)
    LiaisonAssignment.objects.get_or_create(
        liaison=liaison, municipality=world.municipalities["saint-aubin"]
    )
    _user(
        world,
        "admin@citydiplo.example",
        "Admin CityDiplo",
        "platform staff (Django admin)",
        is_staff=True,
        is_superuser=True,
    )
