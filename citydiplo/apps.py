from django.apps import AppConfig


class CityDiploConfig(AppConfig):
    name = "citydiplo"
    verbose_name = "CityDiplo"
