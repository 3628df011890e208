from django.urls import path

from municipalities import views

app_name = "municipalities"

urlpatterns = [
    path("members/", views.member_list, name="members"),
    path("members/invite/", views.member_invite, name="member_invite"),
    path("members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path("members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path("settings/", views.municipality_settings, name="settings"),
]
