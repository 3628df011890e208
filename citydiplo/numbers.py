"""Numbers written for people, in the active language's way (Django's number formats)."""

from django.utils.formats import number_format


def kilobytes(size_in_bytes: int) -> str:
    """Whole kilobytes, grouped as the language groups digits: "1 024" in French, "1,024"."""
    return number_format(size_in_bytes // 1024, force_grouping=True)
