"""Model fields said once for every app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def person_kept(**options) -> models.ForeignKey:
    """Return the field of a person a row names and outlives: null once their account goes, no reverse accessor."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", **options
    )


def recorded_by(**options) -> models.ForeignKey:
    """Return the field of the person who wrote a row: never typed in a form, the row kept when their account goes."""
    return person_kept(editable=False, **options)


def user_link(*, related_name: str, field=models.ForeignKey) -> models.ForeignKey:
    """Return the link to the user a row belongs to (a seat, a profile), named "người dùng": gone with the account."""
    return field(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name=related_name
    )


def committee_link(*, on_delete, related_name: str, field=models.ForeignKey) -> models.ForeignKey:
    """Return the link to the steering committee a row belongs to, named "Ban Chỉ đạo" on every form and page."""
    # By name: campaigns.models imports this module before it declares the committee.
    return field(
        "campaigns.SteeringCommittee", verbose_name=_("Ban Chỉ đạo"), on_delete=on_delete, related_name=related_name
    )


def written_link(to, verbose_name, *, on_delete, related_name: str, field=models.ForeignKey) -> models.ForeignKey:
    """Return a link the application sets when something happens (a decision, a commendation, a draft),
    never typed in a form: empty until then, not editable."""
    return field(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=on_delete,
        related_name=related_name,
        editable=False,
    )


def lifecycle_state(choices: type[models.TextChoices], default: str, *, max_length: int = 16) -> models.CharField:
    """Return the state of a row that only its lifecycle moves: shown, never typed in a form."""
    return models.CharField(
        _("trạng thái"), max_length=max_length, choices=choices.choices, default=default, editable=False
    )
