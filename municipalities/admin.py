from django.contrib import admin

import accounts.admin
from accounts.models import User
from municipalities.models import LiaisonAssignment, Membership, Municipality


class MembershipInline(admin.TabularInline[Membership, Municipality]):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ("name", "insee_code", "departement", "region", "risk_tolerance")
    list_filter = ("region", "population_band")
    search_fields = ("name", "insee_code", "departement")
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "municipality", "role", "created_at")
    list_filter = ("role", "municipality__region")
    search_fields = ("user__email", "user__full_name", "municipality__name")
    autocomplete_fields = ("user", "municipality")
    list_select_related = ("user", "municipality")


@admin.register(LiaisonAssignment)
class LiaisonAssignmentAdmin(admin.ModelAdmin[LiaisonAssignment]):
    list_display = ("liaison", "national", "region", "municipality", "created_at")
    list_filter = ("national", "region")
    search_fields = ("liaison__email", "liaison__full_name", "municipality__name")
    autocomplete_fields = ("liaison", "municipality")
    list_select_related = ("liaison", "municipality")


class UserMembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    autocomplete_fields = ("municipality",)


class LiaisonAssignmentInline(admin.TabularInline[LiaisonAssignment, User]):
    model = LiaisonAssignment
    fk_name = "liaison"
    extra = 0
    autocomplete_fields = ("municipality",)


# Users sit below municipalities in the layers: their page gains the memberships and liaison
# assignments here rather than in accounts.
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(accounts.admin.UserAdmin):
    inlines = (UserMembershipInline, LiaisonAssignmentInline)
