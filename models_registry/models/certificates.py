"""Certificates of recognition: one per recognized initiative of a decision, each with a public code."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .decisions import RecognitionDecision
from .fields import initiative_link

# Crockford's base 32 without I, L, O, U: a code read aloud or typed from paper is not misread.
CERTIFICATE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CERTIFICATE_CODE_LENGTH = 10


def new_certificate_code() -> str:
    """Return a fresh random code (50 bits: not guessable, short enough to type)."""
    import secrets

    return "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(CERTIFICATE_CODE_LENGTH))


def normalize_certificate_code(text: str) -> str:
    """Return the code as stored, from what a person typed ("abcd-efgh-jk", O for 0, I/L for 1)."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


class CertificateQuerySet(models.QuerySet):
    def issue_for(self, decision: RecognitionDecision) -> list[Certificate]:
        """Return one certificate per initiative the decision recognizes, creating the missing ones."""
        # A replacing decision recognizes the initiatives of the one it replaces (it has none of its own).
        initiatives = list(
            decision.recognized_initiatives().select_related("unit").order_by("unit__path", "name", "id")
        )
        existing = {c.initiative_id: c for c in self.filter(decision=decision)}
        missing = [
            Certificate(decision=decision, initiative=i, code=new_certificate_code())
            for i in initiatives
            if i.pk not in existing
        ]
        self.bulk_create(missing)
        by_initiative = {**existing, **{c.initiative_id: c for c in missing}}
        certificates = []
        for initiative in initiatives:
            certificate = by_initiative[initiative.pk]
            certificate.decision, certificate.initiative = decision, initiative
            certificates.append(certificate)
        return certificates


class Certificate(models.Model):
    """The certificate (giấy công nhận) of one initiative under one decision, checked by its code."""

    decision = models.ForeignKey(
        RecognitionDecision, verbose_name=_("quyết định"), on_delete=models.PROTECT, related_name="certificates"
    )
    initiative = initiative_link(on_delete=models.PROTECT, related_name="certificates")
    code = models.CharField(_("mã xác thực"), max_length=16, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("giấy công nhận")
        constraints = [
            models.UniqueConstraint(fields=["decision", "initiative"], name="one_certificate_per_decision"),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        """Return the public page that says whether this certificate is genuine."""
        return reverse("showcase:verify", args=[self.code])

    @property
    def display_code(self) -> str:
        """Return the code in groups of four or fewer, as printed."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))
