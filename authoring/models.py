"""Report templates and the sections many people write for a report."""

from django.db import models  # noqa: F401
