from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        # campaigns must not import this app (it sits above campaigns): its lifecycle sends a
        # signal, and the announcement is made here.
        from campaigns.signals import campaign_announced

        from .sending import on_campaign_announced

        campaign_announced.connect(on_campaign_announced, dispatch_uid="notifications.campaign_announced")
