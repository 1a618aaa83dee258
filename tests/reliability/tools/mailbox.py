"""An e-mail backend for load tests: every message is a file in MAILBOX_DIR named after its recipient, so the
test can read the link a person was sent (the servers run in other processes; locmem cannot be shared)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class MailboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = Path(os.environ["MAILBOX_DIR"])
        for message in email_messages:
            for recipient in message.recipients():
                name = f"{recipient}--{uuid.uuid4().hex}.eml"
                tmp = folder / f".{name}"
                tmp.write_text(message.body, encoding="utf-8")
                tmp.rename(folder / name)  # whole or not at all, for a reader polling the folder
        return len(email_messages)


def read(folder: Path, recipient: str) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob(f"{recipient}--*.eml"))]
