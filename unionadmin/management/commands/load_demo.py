"""manage.py load_demo: load the demo county once, then always print the demo logins."""
import unicodedata

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from unionadmin.demo import builder
from unionadmin.demo_steps import steps

HEADER = ("role", "username", "mobile", "password", "organisation")
STEP_HEADER = ("username", "mobile", "organisation", "what to try")


def _width(text: str) -> int:
    # Chinese characters take two terminal columns; ljust() would misalign the table.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(rows, header=HEADER) -> list[str]:
    rows = [header, *rows]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header) - 1)]
    return ["  ".join([*(_pad(cell, w) for cell, w in zip(row, widths)), row[-1]]) for row in rows]


class Command(BaseCommand):
    help = (
        "Load the demo county (青溪县总工会: unions, branches, members, one login per role) unless it is "
        "already there, then print the demo logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--members", type=int, default=builder.DEFAULT_MEMBERS,
            help="How many members to create (default %(default)s); employee counts scale with it.",
        )
        parser.add_argument(
            "--seed", type=int, default=builder.DEFAULT_SEED,
            help="Random seed for the members (default %(default)s, so the demo is the same every time).",
        )

    def handle(self, *args, members, seed, **options):
        if members < 0:
            raise CommandError("--members cannot be negative.")
        try:
            result = builder.load_demo(members=members, seed=seed)
        except builder.DemoError as error:
            raise CommandError(str(error)) from error

        summary = result.summary
        if result.created:
            self.stdout.write(self.style.SUCCESS(
                f"Loaded the demo county {result.federation.name} in {result.seconds:.1f} s."
            ))
        else:
            self.stdout.write(
                f"The demo county {result.federation.name} is already loaded; nothing changed "
                "(--members and --seed apply only to a first load)."
            )
        levels = ", ".join(f"{level} {n}" for level, n in summary["levels"].items())
        categories = ", ".join(f"{category} {n}" for category, n in summary["categories"].items())
        self.stdout.write(f"Organisations: {levels}")
        self.stdout.write(f"Grassroots unions by category: {categories}")
        self.stdout.write(
            f"Members: {summary['members']} ({summary['active']} active, {summary['retired']} retired); "
            f"employees {summary['employees']}; membership rate {summary['rate']:.1%}"
        )
        # What the apps add (work plans, welfare, the congress, …); each step runs once.
        users = {user.username: user for user in get_user_model().objects.all()}
        for step in steps:
            step.load(result.federation, users)
            self.stdout.write(f"Demo {step.name}: ready.")
        self.stdout.write("")
        self.stdout.write("Demo logins (log in with the username or the mobile number):")
        for line in format_table(builder.demo_logins()):
            self.stdout.write("  " + line)
        extra = builder.step_logins(steps)
        if extra:
            self.stdout.write("More demo logins (the same password), for one journey each:")
            for line in format_table(extra, STEP_HEADER):
                self.stdout.write("  " + line)
