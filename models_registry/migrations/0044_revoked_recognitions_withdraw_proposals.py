"""Commendation proposals still waiting for initiatives whose recognition was revoked are withdrawn.

`RecognitionDecision.amend` now withdraws them when it revokes (the proposal could no longer be
granted, and once the year is summarized nobody could close it by hand); the initiatives that 0043
moved to "recognition_revoked" kept theirs open. Here they are withdrawn with the reason said, and
the campaigns concerned recounted (a withdrawn proposal is not counted as "proposed"). A database
with no such proposal (a new one) does nothing.
"""

from django.db import migrations
from django.utils import timezone

REASON = "Quyết định công nhận mô hình, điển hình đã bị thu hồi."


def forwards(apps, schema_editor):
    from models_registry import counts

    using = schema_editor.connection.alias
    CommendationProposal = apps.get_model("models_registry", "CommendationProposal")
    waiting = CommendationProposal.objects.using(using).filter(
        state="proposed", initiative__state="recognition_revoked"
    )
    campaigns = sorted(set(waiting.values_list("initiative__campaign_id", flat=True)))
    if not campaigns:
        return
    waiting.update(state="withdrawn", close_reason=REASON, closed_at=timezone.now())
    counts.rebuild(campaigns, apps=apps, using=using)


class Migration(migrations.Migration):
    dependencies = [
        ("models_registry", "0043_revoked_recognitions_leave_recognized"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
