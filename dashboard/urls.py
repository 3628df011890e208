from django.urls import path

from dashboard import views

# No namespace: "home" is the name every app redirects to.
urlpatterns = [
    path("", views.home, name="home"),
]
