"""Writes of the screening app: loading a list, recording a partner's hits, deciding on one.

Views, tasks and commands call these; each runs in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from django.db import transaction
from django.utils import timezone

from partners.models import Partner
from screening.index import MemoryIndex, write_keys
from screening.loaders import ListFileError, ParsedEntry, read_list
from screening.matching import Subject
from screening.models import Decision, Hit, ListEntry, ListLoad, NameKey, SanctionsList
from screening.names import Kind
from screening.screen import EntryCache, Found, screen, subject

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]


@dataclass
class LoadResult:
    sanctions_list: SanctionsList
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"{self.sanctions_list.name}: {self.added} added, {self.changed} changed, "
            f"{self.removed} removed, {self.unchanged} unchanged"
        )


def _fields(parsed: ParsedEntry) -> dict[str, object]:
    return {
        "name": parsed.name[:500],
        "kind": parsed.kind,
        "aliases": parsed.aliases,
        "native_names": parsed.native_names,
        "countries": parsed.countries,
        "identifiers": parsed.identifiers,
        "programme": parsed.programme,
        "digest": parsed.digest,
    }


def load_list(
    stream: BinaryIO, fmt: str, name: str, *, progress: Progress | None = None
) -> LoadResult:
    """Load a list file, or reload it by applying the differences, in one transaction.

    The whole file is parsed first: a malformed one raises ListFileError and nothing is
    written. Partners are re-screened once the load is committed (screening.tasks).
    """
    parsed = read_list(stream, fmt)
    report = progress or (lambda percent: None)
    report(10)
    with transaction.atomic():
        sanctions_list, _ = SanctionsList.objects.select_for_update().get_or_create(
            name=name, defaults={"format": fmt}
        )
        result = LoadResult(sanctions_list)
        existing = dict(
            ListEntry.objects.filter(sanctions_list=sanctions_list).values_list(
                "entry_id", "digest"
            )
        )
        incoming = {e.entry_id: e for e in parsed.entries}
        removed = set(existing) - set(incoming)
        ListEntry.objects.filter(sanctions_list=sanctions_list, entry_id__in=removed).delete()
        result.removed = len(removed)
        report(20)
        new = [e for key, e in incoming.items() if key not in existing]
        moved = [e for key, e in incoming.items() if key in existing and existing[key] != e.digest]
        result.unchanged = len(incoming) - len(new) - len(moved)
        if moved:
            rows = {
                r.entry_id: r
                for r in ListEntry.objects.filter(
                    sanctions_list=sanctions_list, entry_id__in=[e.entry_id for e in moved]
                )
            }
            for parsed_entry in moved:
                row = rows[parsed_entry.entry_id]
                for field, value in _fields(parsed_entry).items():
                    setattr(row, field, value)
            ListEntry.objects.bulk_update(
                list(rows.values()), [*_fields(moved[0]), "changed_at"], batch_size=2000
            )
            NameKey.objects.filter(entry__in=list(rows.values())).delete()
            write_keys(rows.values())
        result.changed = len(moved)
        report(50)
        created = ListEntry.objects.bulk_create(
            [
                ListEntry(sanctions_list=sanctions_list, entry_id=e.entry_id, **_fields(e))
                for e in new
            ],
            batch_size=2000,
        )
        write_keys(created)
        result.added = len(created)
        report(90)
        sanctions_list.format = fmt
        sanctions_list.published_on = parsed.published_on
        sanctions_list.source = parsed.source or sanctions_list.source
        sanctions_list.licence = parsed.licence or sanctions_list.licence
        sanctions_list.loaded_at = timezone.now()
        sanctions_list.entry_count = len(incoming)
        sanctions_list.save()
        # Entries gone from the list took their hits along: partners' flags follow.
        for partner_id in Partner.objects.filter(
            sanctions_confirmed=True, screening_hits__isnull=True
        ).values_list("pk", flat=True):
            refresh_partner_flags(partner_id)
        transaction.on_commit(enqueue_rescreen_all)
    report(100)
    return result


def partner_subjects(partner: Partner) -> list[Subject]:
    """What is screened for a partner: its names, its parent organisation, its leaders."""
    country = [partner.country_id] if partner.country_id else []
    kind = Kind.ORGANISATION
    subjects = [subject(partner.name, partner.alias_list, kind=kind, countries=country)]
    if partner.parent_organisation.strip():
        subjects.append(
            subject(partner.parent_organisation, kind=kind, countries=country, role="parent")
        )
    for leader in getattr(partner, "leader_names", []) or []:
        subjects.append(subject(leader, kind=Kind.PERSON, role="leader"))
    return subjects


def subject_digest(partner: Partner) -> str:
    data = [[s.names, s.kind, sorted(s.countries), s.role] for s in partner_subjects(partner)]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def refresh_partner_flags(partner_id: int) -> None:
    """Copy the hits' decisions onto the partner (list filter, scoring context, ministry)."""
    decisions = set(Hit.objects.filter(partner_id=partner_id).values_list("decision", flat=True))
    Partner.objects.filter(pk=partner_id).update(
        sanctions_confirmed=Decision.CONFIRMED in decisions,
        screening_to_review=Decision.UNREVIEWED in decisions,
    )


# Decisions a change of the partner or the entry sends back for review.
RESET_ON_CHANGE = (Decision.CONFIRMED, Decision.DISMISSED)
# Decisions kept when the names no longer match (the officer's word outlives a rename).
KEPT_WITHOUT_MATCH = (Decision.CONFIRMED, Decision.DISMISSED_FOR_GOOD)


def screen_partner(
    partner: Partner, *, index: MemoryIndex | None = None, cache: EntryCache | None = None
) -> list[Hit]:
    """Screen a partner against every list and record its hits, keeping valid decisions.

    A decision stays while neither the partner's screened names nor the entry change; then
    it goes back to "to review" (a dismissal for good stays). Hits that no longer match are
    dropped unless an officer confirmed or dismissed them for good.
    """
    found = screen(partner_subjects(partner), index=index, cache=cache)
    return record_hits(partner, found)


@transaction.atomic
def record_hits(partner: Partner, found: list[Found]) -> list[Hit]:
    """Write a partner's screening result: its hits, and its flags (one update)."""
    now = timezone.now()
    digest = subject_digest(partner)
    by_entry = {f.entry.pk: f for f in found}
    existing = {h.entry_id: h for h in Hit.objects.select_for_update().filter(partner=partner)}
    kept: list[Hit] = []
    for entry_id, old in existing.items():
        if entry_id not in by_entry:
            if old.decision in KEPT_WITHOUT_MATCH:
                kept.append(old)
            else:
                old.delete()
    for entry_id, one in by_entry.items():
        hit = existing.get(entry_id)
        if hit is None:
            hit = Hit.objects.create(
                partner=partner,
                entry=one.entry,
                score=one.score,
                features=one.features,
                subject_digest=digest,
                entry_digest=one.entry.digest,
                screened_at=now,
            )
        else:
            changed = hit.subject_digest != digest or hit.entry_digest != one.entry.digest
            if changed and hit.decision in RESET_ON_CHANGE:
                hit.decision = Decision.UNREVIEWED
            hit.score, hit.features, hit.screened_at = one.score, one.features, now
            hit.subject_digest, hit.entry_digest = digest, one.entry.digest
            hit.save()
        hit.entry = one.entry
        kept.append(hit)
    decisions = {h.decision for h in kept}
    Partner.objects.filter(pk=partner.pk).update(
        screened_at=now,
        sanctions_confirmed=Decision.CONFIRMED in decisions,
        screening_to_review=Decision.UNREVIEWED in decisions,
    )
    return sorted(kept, key=lambda h: (-h.score, h.pk))


@transaction.atomic
def decide(hit: Hit, user: User, decision: str, reason: str) -> Hit:
    """Record an officer's decision on a hit (who, when, why) and update the partner's flags."""
    hit.decision = decision
    hit.reason = reason
    hit.decided_by = user
    hit.decided_at = timezone.now()
    hit.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
    refresh_partner_flags(hit.partner_id)
    return hit


def enqueue_screen_partner(partner_id: int) -> None:
    """Hand the screening to a worker; with the broker down, screen here (it is quick)."""
    from screening.tasks import screen_partner_task

    try:
        screen_partner_task.delay(partner_id)
    except Exception:
        logger.warning("queue unavailable: screening partner %s in-process", partner_id)
        partner = Partner.objects.filter(pk=partner_id).first()
        if partner is not None:
            try:
                screen_partner(partner)
            except Exception:  # never fail the page that saved the partner
                logger.exception("screening partner %s failed", partner_id)


def enqueue_rescreen_all() -> None:
    from screening.tasks import rescreen_all_task

    try:
        rescreen_all_task.delay()
    except Exception:  # the nightly re-screen will catch up
        logger.exception("queue unavailable: partners will be re-screened tonight")


def rescreen_all(progress: Progress | None = None) -> int:
    """Re-screen every current partner (after a list load, and nightly); returns the count.

    The index is read into memory once and entries are fetched once; a partner that had no
    hit and still has none costs no write but its share of one `screened_at` update.
    """
    index, cache = MemoryIndex(), EntryCache()
    with_hits = set(Hit.objects.values_list("partner_id", flat=True))
    partners = Partner.objects.current().select_related("country").order_by("pk")
    total = partners.count()
    clear: list[int] = []
    for done, partner in enumerate(partners.iterator(chunk_size=1000), 1):
        found = screen(partner_subjects(partner), index=index, cache=cache)
        if found or partner.pk in with_hits:
            record_hits(partner, found)
        else:
            clear.append(partner.pk)
        if len(clear) >= 1000 or done == total:
            Partner.objects.filter(pk__in=clear).update(screened_at=timezone.now())
            clear = []
        if progress and done % 1000 == 0:
            progress(int(100 * done / total))
    if clear:
        Partner.objects.filter(pk__in=clear).update(screened_at=timezone.now())
    return total


def request_list_load(load: ListLoad) -> None:
    """Hand an uploaded list to the worker once its row is committed."""
    from screening.tasks import load_uploaded_list

    def enqueue() -> None:
        try:
            load_uploaded_list.delay(load.pk)
        except Exception:
            logger.exception("could not enqueue list upload %s", load.pk)
            ListLoad.objects.filter(pk=load.pk).update(
                state=ListLoad.State.FAILED, message="queue unavailable: upload it again later"
            )

    transaction.on_commit(enqueue)


def load_upload(load_id: int) -> str:
    """Load an uploaded list file, keeping progress and the outcome on the upload row."""
    load = ListLoad.objects.get(pk=load_id)
    ListLoad.objects.filter(pk=load_id).update(state=ListLoad.State.RUNNING, progress=0)

    def progress(percent: int) -> None:
        ListLoad.objects.filter(pk=load_id).update(progress=percent)

    try:
        with load.file.open("rb") as stream:
            result = load_list(stream, load.format, load.name, progress=progress)  # type: ignore[arg-type]
    except ListFileError as error:
        ListLoad.objects.filter(pk=load_id).update(state=ListLoad.State.FAILED, message=str(error))
        return ListLoad.State.FAILED
    ListLoad.objects.filter(pk=load_id).update(
        state=ListLoad.State.DONE, progress=100, message=result.summary()
    )
    return ListLoad.State.DONE
