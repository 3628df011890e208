"""Demo referrals: the flagged partnerships of the demo get their referral (opened by the
approval signal); one gets a question and its answer, another the ministry's opinion.
Running it twice changes nothing.
"""

from __future__ import annotations

from municipalities.demo import DemoWorld
from reviews import actions
from reviews.models import Message, MessageKind, Referral, ReferralState
from risks.models import Assessment

LIAISON = "liaison@meae.example"


def load(world: DemoWorld) -> None:
    liaison = world.users.get(LIAISON)
    town = world.municipalities.get("montclair")
    if liaison is None or town is None:
        return
    officer = world.users.get("officer@montclair.example")
    if not Referral.objects.filter(municipality=town).exists():
        # No flagged diagnostic in the demo: refer the riskiest approved one on request.
        latest = (
            Assessment.objects.approved().filter(municipality=town).order_by("-score", "pk").first()
        )
        if latest is None or officer is None:
            return
        actions.request_opinion(
            latest.pk, officer, "Nous souhaitons l'avis du ministère avant le renouvellement."
        )
    referrals = list(Referral.objects.filter(municipality=town).order_by("pk"))
    if Message.objects.filter(referral__in=referrals, kind=MessageKind.QUESTION).exists():
        return  # already played
    first = referrals[0]
    if first.state == ReferralState.OPEN and officer is not None:
        actions.request_information(
            first.pk,
            liaison,
            "Le partenaire a-t-il des liens avec une université sous sanctions ? "
            "Merci de joindre la convention signée.",
        )
        actions.answer(
            first.pk,
            officer,
            "Aucun lien connu ; la convention est en cours de relecture par la préfecture.",
        )
    others = Referral.objects.filter(state=ReferralState.OPEN).exclude(municipality=town)
    second = referrals[1] if len(referrals) > 1 else others.order_by("pk").first()
    if second is not None and second.state == ReferralState.OPEN:
        actions.give_opinion(
            second.pk,
            liaison,
            "vigilance",
            "Partenariat possible, sous réserve d'exclure tout transfert de données de recherche "
            "et d'associer le conseiller diplomatique de la préfecture.",
        )
