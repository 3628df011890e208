"""The Celery application: reads the CELERY_* settings, finds each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citydiplo.settings")

app = Celery("citydiplo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
