"""CityDiplo: the risk register of a municipality's foreign partners."""

from citydiplo.celery import app as celery_app

__all__ = ("celery_app",)
