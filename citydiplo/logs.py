"""Logging filters named in settings.LOGGING."""

import logging


class ForbiddenInOneLine(logging.Filter):
    """Drop the traceback Django attaches to a 403 ("Forbidden (Permission denied): /path").

    A refusal is the access rules doing their job (citydiplo/access.py), not a fault: the line
    stays, with its path and status, but a log read for real errors is not filled with stacks.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
