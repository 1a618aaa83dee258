"""Personnel figures imported from the HR system: headcount and sick leave by gender and age group."""

from django.db import models  # noqa: F401
