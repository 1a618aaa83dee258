"""The financial statements computed from the ledger, balanskrav and god ekonomisk hushållning."""

from django.db import models  # noqa: F401
