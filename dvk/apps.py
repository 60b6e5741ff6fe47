"""The project's own app: Django's built-in form messages that its Vietnamese catalog lacks."""

from django.apps import AppConfig


class DvkConfig(AppConfig):
    name = "dvk"
    verbose_name = "DVK"

    def ready(self) -> None:
        # First in INSTALLED_APPS, so this runs before the admin's autodiscovery imports any form:
        # a form field copies its class's messages when it is created.
        from .django_messages import use_vietnamese_messages

        use_vietnamese_messages()
