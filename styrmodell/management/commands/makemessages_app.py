"""`makemessages` for one app: collects the strings of `<app>/` and `templates/<app>/` into `<app>/locale`.

Each app keeps its own Swedish catalogue, so work on one app never rewrites another app's translations. The
core app (`styrmodell`) also owns the shared templates (`templates/*.html`, `templates/partials/`,
`templates/registration/`). Needs GNU gettext (xgettext, msgmerge), like Django's own command.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.commands import makemessages

APPS = ["styrmodell", "goals", "commitments", "reporting", "internal_control"]
SHARED_TEMPLATE_DIRS = ["partials", "registration"]


class Command(makemessages.Command):
    help = "Update the Swedish catalogue of one app (or of every app with --app all)."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--app", required=True, help="App name, or 'all'.")

    def handle(self, *args, **options) -> None:
        apps = APPS if options["app"] == "all" else [options.pop("app")]
        options.pop("app", None)
        options["locale"] = options.get("locale") or ["sv"]
        options["no_obsolete"] = True
        options["add_location"] = "file"
        for app in apps:
            self.app = app
            super().handle(*args, **options)

    def _roots(self) -> tuple[list[Path], list[Path]]:
        base = Path(settings.BASE_DIR)
        dirs = [base / self.app, base / "templates" / self.app]
        files: list[Path] = []
        if self.app == "styrmodell":
            dirs += [base / "templates" / d for d in SHARED_TEMPLATE_DIRS]
            files += sorted((base / "templates").glob("*.html"))
        return dirs, files

    def find_files(self, root):
        base = Path(settings.BASE_DIR)
        locale_dir = str(base / self.app / "locale")
        self.locale_paths = [locale_dir]
        self.default_locale_path = locale_dir
        dirs, paths = self._roots()
        for directory in dirs:
            if directory.is_dir():
                paths += [p for p in directory.rglob("*") if p.is_file() and "migrations" not in p.parts]
        found = []
        for path in sorted(set(paths)):
            if path.suffix not in self.extensions:
                continue
            rel = path.relative_to(base)
            found.append(self.translatable_file_class(str(Path(".") / rel.parent), rel.name, locale_dir))
        return found
