from celery import shared_task

from municipalities.models import Municipality


@shared_task(acks_late=True)
def count_municipalities(prefix: str = "") -> int:
    """A harmless task that reads the database: used to check that a worker is alive."""
    return Municipality.objects.filter(name__startswith=prefix).count()
