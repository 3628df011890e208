from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("ministry/queue/", views.liaison_queue, name="queue"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral"),
    path("referrals/<int:referral_id>/question/", views.referral_question, name="question"),
    path("referrals/<int:referral_id>/answer/", views.referral_answer, name="answer"),
    path("referrals/<int:referral_id>/opinion/", views.referral_opinion, name="opinion"),
    path("referrals/<int:referral_id>/close/", views.referral_close, name="close"),
    path(
        "referrals/<int:referral_id>/files/<int:message_id>/",
        views.attachment,
        name="attachment",
    ),
    path(
        "diagnostics/<int:assessment_id>/request-opinion/",
        views.request_opinion,
        name="request_opinion",
    ),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read_all, name="read_all"),
    path("notifications/<int:notification_id>/", views.notification_open, name="notification"),
    path("notifications/preferences/", views.notification_preferences, name="preferences"),
]
