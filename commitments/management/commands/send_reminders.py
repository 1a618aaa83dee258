import datetime

from django.core.management.base import BaseCommand

from commitments import services


class Command(BaseCommand):
    help = (
        "Send the commitment reminders due today (or on --date); reminders already sent are not sent again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="Act as if today were this date."
        )

    def handle(self, *args, **options) -> None:
        sent = services.send_reminders(options.get("date"))
        self.stdout.write(f"{sent} reminder e-mails sent.")
