#!/usr/bin/env python
"""Django's command-line utility for DVK."""

import os
import sys

# Commands that only read the code need no production secrets: let them run on a bare checkout
# (without them, settings refuse to load when DEBUG is off and SECRET_KEY is unset).
CODE_ONLY_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dvk.settings")
    if len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY_COMMANDS:
        os.environ.setdefault("DVK_TESTING", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
