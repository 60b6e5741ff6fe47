"""Initiatives whose recognizing decision was revoked before "recognition revoked" existed leave "recognized".

Until now a revocation only flagged the decisions (`RecognitionDecision.revoked`) and wrote a
"decision_revoke" row on each initiative with its state unchanged, so the reports went on counting
them as recognized. Here, as `RecognitionDecision.amend` now does: that row becomes the move to
"recognition_revoked", the state follows, a nomination still waiting above goes back to its committee,
and the campaigns concerned are recounted. A database with no revoked decision (a new one) does nothing.
"""

from django.db import migrations
from django.db.models import F
from django.utils import timezone

RECOGNIZED, REVOKED = "recognized", "recognition_revoked"


def revoking_decision(RecognitionDecision, decision, using):
    """The decision that ended this one's chain by revoking it (None: none did)."""
    current = decision
    while True:
        step = (
            RecognitionDecision.objects.using(using)
            .filter(amends=current, amendment__in=["replace", "revoke"])
            .order_by("-id")
            .first()
        )
        if step is None:
            return current if current.amendment == "revoke" else None
        current = step


def forwards(apps, schema_editor):
    from models_registry import counts

    using = schema_editor.connection.alias
    Initiative = apps.get_model("models_registry", "Initiative")
    RecognitionDecision = apps.get_model("models_registry", "RecognitionDecision")
    TransitionLog = apps.get_model("models_registry", "TransitionLog")
    Nomination = apps.get_model("models_registry", "Nomination")
    revoked = RecognitionDecision.objects.using(using).filter(revoked=True)
    initiatives = Initiative.objects.using(using).filter(state=RECOGNIZED, decision__in=revoked)
    rows = list(initiatives.values_list("pk", "campaign_id", "decision_id"))
    if not rows:
        return
    ids = [pk for pk, _campaign, _decision in rows]
    logged = set(
        TransitionLog.objects.using(using)
        .filter(initiative_id__in=ids, action="decision_revoke", to_state=RECOGNIZED)
        .values_list("initiative_id", flat=True)
    )
    TransitionLog.objects.using(using).filter(
        initiative_id__in=logged, action="decision_revoke", to_state=RECOGNIZED
    ).update(to_state=REVOKED)
    for pk, _campaign, decision_id in rows:
        if pk in logged:
            continue
        # No row of the revocation on it (written by hand?): one, as the revoking decision says it.
        revoking = revoking_decision(RecognitionDecision, revoked.get(pk=decision_id), using)
        TransitionLog.objects.using(using).create(
            initiative_id=pk,
            action="decision_revoke",
            from_state=RECOGNIZED,
            to_state=REVOKED,
            actor_id=revoking.created_by_id if revoking else None,
            comment=f"Quyết định số {revoking.number}: {revoking.reason}" if revoking else "",
        )
    initiatives.update(state=REVOKED, version=F("version") + 1)
    Nomination.objects.using(using).filter(initiative_id__in=ids, state="proposed").update(
        state="returned", return_reason="Quyết định công nhận của cấp đề cử đã bị thu hồi.", decided_at=timezone.now()
    )
    counts.rebuild(sorted({campaign for _pk, campaign, _decision in rows}), apps=apps, using=using)


class Migration(migrations.Migration):
    dependencies = [
        ("models_registry", "0042_recognition_revoked_state"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
