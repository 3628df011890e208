"""Demo: three towns dealing with one foreign body under three spellings, a national liaison,
a town that shares its register, and one advisory. Every name here is fictitious."""

from __future__ import annotations

from accounts.models import User
from ministry import actions, resolution
from ministry.models import Advisory, AdvisoryLevel, EntityLink, Sharing
from municipalities.demo import DEMO_PASSWORD, DemoWorld
from municipalities.models import LiaisonAssignment, Membership, Municipality, Region, Role
from partners.models import Partner, PartnerKind, Partnership

SPELLINGS = {
    "montclair": "Heilongjiang Trade Promotion Agency (démo)",
    "saint-aubin": "Heilongjiang Trade Promotion Agency Co., Ltd. (démo)",
    "val-dorge": "Heilongkiang Trade Promotion Agency (démo)",
}
ADVISORY_TITLE = "Agence de promotion commerciale du Heilongjiang : vigilance"


def _third_town(world: DemoWorld) -> Municipality:
    town, _ = Municipality.objects.get_or_create(
        insee_code="99903",
        defaults={
            "name": "Val-d'Orge-les-Forges (démo)",
            "departement": "59",
            "region": Region.HAUTS_DE_FRANCE,
            "population_band": "5k-20k",
        },
    )
    world.municipalities["val-dorge"] = town
    user, created = User.objects.get_or_create(
        email="officer@val-dorge.example", defaults={"full_name": "Officer Val-d'Orge"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, municipality=town, defaults={"role": Role.OFFICER})
    world.sign_ins.append((user.email, "officer, Val-d'Orge-les-Forges (démo)"))
    return town


def _national_liaison(world: DemoWorld) -> User:
    user, created = User.objects.get_or_create(
        email="national@meae.example", defaults={"full_name": "Dominique National (MEAE)"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    LiaisonAssignment.objects.get_or_create(liaison=user, national=True)
    world.sign_ins.append((user.email, "national ministry liaison (aggregates, shared partners)"))
    return user


def load(world: DemoWorld) -> None:
    _third_town(world)
    liaison = _national_liaison(world)
    for key, name in SPELLINGS.items():
        town = world.municipalities[key]
        partner, _ = Partner.objects.get_or_create(
            municipality=town,
            name=name,
            country_id="CN",
            defaults={"kind": PartnerKind.STATE_BODY, "city": "Harbin"},
        )
        Partnership.objects.get_or_create(
            municipality=town,
            partner=partner,
            title="Mission économique à Harbin (démo)",
            defaults={"form": "project"},
        )
    manager = Membership.objects.filter(
        municipality=world.municipalities["saint-aubin"], role=Role.MANAGER
    ).first()
    if manager is not None:
        actions.set_sharing(world.municipalities["saint-aubin"], Sharing.REGISTER, manager.user)
    resolution.full_run()
    link = EntityLink.objects.filter(partner__name=SPELLINGS["montclair"]).first()
    if link is not None and not Advisory.objects.filter(title=ADVISORY_TITLE).exists():
        actions.publish_advisory(
            liaison,
            level=AdvisoryLevel.VIGILANCE,
            title=ADVISORY_TITLE,
            text=(
                "Cette agence démarche plusieurs communes pour des missions économiques "
                "financées. Vérifiez qui finance les déplacements et quelles données sont "
                "demandées. (Avis fictif de démonstration.)"
            ),
            sources="https://example.org/demo-source",
            entity=link.entity,
        )
