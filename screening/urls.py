from django.urls import path

from screening import views

app_name = "screening"

urlpatterns = [
    path("partners/<int:partner_id>/", views.partner_hits, name="partner_hits"),
    path("hits/<int:hit_id>/decide/", views.decide_hit, name="decide_hit"),
]
