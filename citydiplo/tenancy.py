"""The tenancy rule, written once: a row is visible to the members of the municipality owning it.

Every model owned by a municipality gets its queryset from `TenantQuerySet`, naming the path
from a row to its municipality in `tenant_path`; `citydiplo.access.get_owned` reads the same
path to find which of the user's memberships applies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from accounts.models import User


class TenantQuerySet[M: models.Model](models.QuerySet[M]):
    """A queryset of rows owned by a municipality, reached from a row by `tenant_path`."""

    # Lookup path from a row to its Municipality ("" on Municipality itself).
    tenant_path: ClassVar[str] = "municipality"

    @classmethod
    def tenant_lookup(cls, lookup: str) -> str:
        """`lookup` applied to the owning municipality ("pk" → "partnership__municipality__pk")."""
        return f"{cls.tenant_path}__{lookup}" if cls.tenant_path else lookup

    @classmethod
    def tenant_id_of(cls, obj: Any) -> int:
        """The id of the municipality owning `obj`."""
        parts = cls.tenant_path.split("__") if cls.tenant_path else []
        for name in parts[:-1]:
            obj = getattr(obj, name)
        return getattr(obj, f"{parts[-1]}_id") if parts else obj.pk

    def visible_to(self, user: User | Any) -> Self:
        """Rows of the municipalities the user is a member of (and whatever `visibility` adds)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(self.visibility(user))

    def visibility(self, user: User) -> Q:
        """Membership of the owning municipality. Subclasses may widen it, never narrow it."""
        return Q(**{self.tenant_lookup("pk__in"): user.memberships.values("municipality_id")})
