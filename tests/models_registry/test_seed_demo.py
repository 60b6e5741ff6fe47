"""`manage.py seed_demo`: a realistic province whose every state was reached through the lifecycle."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test.utils import override_settings

from campaigns.models import Campaign, CampaignState, Unit, UnitKind
from models_registry.models import (
    Attachment,
    Commendation,
    Initiative,
    Inspection,
    Origin,
    RecognitionDecision,
    ScoreSheet,
    State,
    TransitionLog,
)

User = get_user_model()


def snapshot() -> dict[str, int]:
    models = (User, Unit, Campaign, Initiative, TransitionLog, Inspection, ScoreSheet, Attachment, Commendation)
    return {model.__name__: model.objects.count() for model in models} | {
        "decisions": RecognitionDecision.objects.count()
    }


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """One forced run with DEBUG off, shared by the module and rolled back after it (seeding takes seconds)."""
    with django_db_blocker.unblock(), override_settings(DEBUG=False, MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = StringIO()
            call_command("seed_demo", "--force", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def seeded(seeded_once, db):
    return seeded_once


def test_seed_demo_moves_every_initiative_through_the_lifecycle_into_every_state(seeded):
    states = Counter(Initiative.objects.values_list("state", flat=True))

    assert Initiative.objects.count() >= 150
    assert set(states) == set(State.values)
    for initiative in Initiative.objects.prefetch_related("logs"):
        logs = list(initiative.logs.all())
        assert (logs[-1].to_state if logs else State.DRAFT) == initiative.state, initiative.name
    assert set(Initiative.objects.values_list("origin", flat=True)) == set(Origin.values)
    assert set(Initiative.objects.values_list("kind", "subject").distinct()) >= {
        ("model", "collective"),
        ("exemplar", "individual"),
        ("exemplar", "collective"),
    }
    assert Initiative.objects.values("field").distinct().count() == 5
    maintained = Initiative.objects.filter(origin=Origin.MAINTAINED).select_related("continues__campaign")
    assert all(i.continues.unit_id == i.unit_id and i.continues.campaign.year == 2025 for i in maintained)
    replicated = Initiative.objects.filter(origin=Origin.REPLICATED).select_related("replicates")
    assert all(i.replicates.unit_id != i.unit_id and i.replicates.state == State.RECOGNIZED for i in replicated)


def test_seed_demo_builds_the_new_vinh_long_with_its_committees_and_two_years(seeded):
    province = Unit.objects.get(parent__isnull=True)
    provincial = Campaign.objects.filter(committee__unit=province)
    summarized, launched = provincial.get(year=2025), provincial.get(year=2026)

    assert province.name == "Tỉnh Vĩnh Long"
    assert Unit.objects.filter(parent=province, kind__in=[UnitKind.COMMUNE, UnitKind.WARD]).count() >= 10
    assert Unit.objects.filter(kind__in=[UnitKind.HAMLET, UnitKind.URBAN_HAMLET]).exists()
    for name in ("Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên", "Hội Cựu chiến binh"):
        assert Unit.objects.filter(kind=UnitKind.FRONT, name__contains=name).exists()
    assert summarized.state == CampaignState.SUMMARIZED
    assert summarized.initiatives.filter(state=State.RECOGNIZED).exists()
    assert launched.state == CampaignState.LAUNCHED and launched.registration_is_open()
    assert set(RecognitionDecision.objects.values_list("level", flat=True)) >= {"province", "commune"}
    assert Commendation.objects.exists()
    assert Initiative.objects.filter(pending_case=True, commendations__isnull=True).exists()


def test_seed_demo_gives_each_demo_user_their_role_and_prints_the_logins(seeded):
    staff, member = User.objects.get(username="staff"), User.objects.get(username="member")
    staff_states = set(Initiative.objects.visible_to(staff).values_list("state", flat=True))
    waiting = Initiative.objects.visible_to(member).filter(state=State.SUBMITTED)

    assert User.objects.get(username="admin").is_superuser
    assert member.is_staff and member.groups.filter(name="Ban Chỉ đạo").exists()
    assert {State.DRAFT, State.RETURNED, State.APPROVED, State.RECOGNITION_REQUESTED} <= staff_states
    assert waiting.count() >= 3
    assert not Initiative.objects.visible_to(member).filter(unit__name="Khóm 4").exists()  # staff2 is outside
    for username in ("admin", "chair", "secretary", "member", "staff", "staff2"):
        assert User.objects.get(username=username).check_password("dvk-demo-2026")
        assert username in seeded


def test_a_second_run_creates_nothing_new(seeded, settings):
    settings.DEBUG = True
    before = snapshot()

    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert snapshot() == before
    assert "không tạo thêm" in out.getvalue()


def test_seed_demo_refuses_when_debug_is_off(db, settings):
    settings.DEBUG = False
    before = snapshot()

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())

    assert snapshot() == before


def test_seed_demo_dates_every_step_on_a_day_of_its_campaigns_year(seeded):
    logs = TransitionLog.objects.select_related("initiative__campaign")

    assert logs.exists()
    for log in logs:
        assert log.created_at.year == log.initiative.campaign.year, (log.action, log.initiative.name)
    for initiative in Initiative.objects.select_related("campaign"):
        assert initiative.created_at.year == initiative.campaign.year
        assert initiative.submitted_at is None or initiative.submitted_at >= initiative.created_at
    assert Campaign.objects.get(year=2025).summarized_at.year == 2025


def test_the_demo_users_have_notifications_to_look_at(seeded):
    from notifications.models import Notification

    for username in ("chair", "member", "staff"):
        mine = Notification.objects.filter(recipient__username=username)
        assert mine.exists(), username
        assert mine.filter(read_at__isnull=True).exists(), username
    # Nothing of the past is mailed again.
    assert not Notification.objects.filter(mailed_at__isnull=True).exists()


def test_seed_demo_gives_every_committee_its_document_settings_so_the_papers_are_official(seeded):
    from campaigns.models import DocumentSettings, SteeringCommittee
    from models_registry.reports.papers.decision import decision_paper

    committees = list(SteeringCommittee.objects.all())
    settings = {s.committee_id: s for s in DocumentSettings.objects.all()}
    provincial = SteeringCommittee.objects.get(unit__parent__isnull=True)
    decision = RecognitionDecision.objects.filter(committee=provincial).order_by("decided_on", "pk").first()
    paper = decision_paper(decision)

    assert set(settings) == {c.pk for c in committees}
    assert all(c.legal_bases.count() >= 3 for c in committees)
    assert all(s.place and s.governing_body for s in settings.values())
    # The province's committee issues Party papers, numbered per term in its own format.
    assert paper.is_party and paper.governing_body == "TỈNH ỦY VĨNH LONG" and paper.motto == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert decision.number == "01-QĐ/BCĐ" and paper.number == "Số 01-QĐ/BCĐ"
    assert paper.signer == "Nguyễn Văn Hùng" and paper.signing == ["TRƯỞNG BAN"]
    assert any("02-HD/BDV" in basis for basis in paper.bases)
    assert paper.recipients[-1] == "- Lưu: VT, BDV."


def test_seed_demo_gives_the_provincial_committee_its_saved_reasons(seeded):
    from campaigns.models import SteeringCommittee
    from models_registry.models import ReasonTemplate

    province = SteeringCommittee.objects.get(unit__parent__isnull=True)
    reasons = list(ReasonTemplate.objects.filter(committee=province))

    assert 3 <= len(reasons) <= 4
    assert {r.action for r in reasons} >= {"return_for_revision", "reject", "decline_recognition"}
    assert all(len(r.text) > 40 for r in reasons)


def test_seed_demo_runs_the_movement_at_two_levels_and_nominates_upward(seeded):
    from models_registry.models import Nomination, NominationState

    commune_campaigns = Campaign.objects.filter(year=2026, committee__unit__kind=UnitKind.COMMUNE)
    accepted = Nomination.objects.get(state=NominationState.ACCEPTED)
    waiting = Nomination.objects.get(state=NominationState.PROPOSED)

    assert commune_campaigns.filter(state=CampaignState.LAUNCHED).count() == 1
    assert Campaign.objects.filter(year=2026, committee__unit__parent__isnull=True).count() == 1
    # The nominated model keeps its commune decision and gains the province's: one initiative, two decisions.
    assert accepted.initiative.decision.level == "commune"
    assert accepted.decision.level == "province"
    assert accepted.initiative in accepted.decision.recognized_initiatives()
    assert waiting.to_committee.unit.parent_id is None
    assert not Initiative.objects.filter(name=accepted.initiative.name).exclude(pk=accepted.initiative.pk).exists()


def test_seed_demo_gives_the_commune_campaign_its_own_registrations_recognitions_and_a_returned_nomination(seeded):
    from models_registry.models import Nomination, NominationState

    commune_campaign = Campaign.objects.get(year=2026, committee__unit__kind=UnitKind.COMMUNE)
    own = Initiative.objects.filter(campaign=commune_campaign)
    recognized = own.filter(state="recognized")
    returned = Nomination.objects.get(state=NominationState.RETURNED)

    assert own.count() >= 10
    assert set(own.values_list("level", flat=True)) == {"commune"}
    assert recognized.count() >= 3
    assert {i.decision.committee_id for i in recognized} == {commune_campaign.committee_id}
    # The three nominations come from the commune's own campaign: one accepted, one returned, one waiting.
    assert set(Nomination.objects.values_list("initiative__campaign", flat=True)) == {commune_campaign.pk}
    assert returned.return_reason
    assert returned.from_decision == returned.initiative.decision


def test_seed_demo_revokes_a_small_2025_decision_whose_initiatives_leave_the_showcase(seeded):
    from models_registry.models import Amendment

    revoking = RecognitionDecision.objects.select_related("amends").get(amendment=Amendment.REVOKE)
    revoked = revoking.amends
    initiatives = Initiative.objects.filter(decision=revoked)
    logs = TransitionLog.objects.filter(initiative__in=initiatives, action="decision_revoke")

    assert revoked.revoked and not revoking.revoked and revoking.reason
    assert revoking.committee_id == revoked.committee_id and revoking.decided_on > revoked.decided_on
    assert revoked.decided_on.year == revoking.decided_on.year == 2025
    assert revoking.created_at.date() == revoking.decided_on
    assert 1 <= initiatives.count() <= 2
    assert set(initiatives.values_list("state", flat=True)) == {State.RECOGNITION_REVOKED}
    assert set(Initiative.objects.filter(state=State.RECOGNITION_REVOKED)) == set(initiatives)
    assert not Initiative.objects.public().filter(pk__in=initiatives).exists()
    assert logs.count() == initiatives.count()
    assert {(log.from_state, log.to_state) for log in logs} == {(State.RECOGNIZED, State.RECOGNITION_REVOKED)}
    assert all(log.created_at.date() == revoking.decided_on and revoking.number in log.comment for log in logs)
    # Every other decision stands: the revocation took back only the supplementary one.
    assert RecognitionDecision.objects.filter(revoked=True).get() == revoked


def test_seed_demo_records_one_2025_award_recovered_by_its_authority_which_stops_counting(seeded):
    from models_registry.demo.province import RECOVERY_2025
    from models_registry.models import CommendationCount

    recovered = Commendation.objects.exclude(recovered_on=None).select_related("initiative__campaign").get()

    assert (recovered.recovery_number, recovered.recovered_on) == (RECOVERY_2025["number"], RECOVERY_2025["on"])
    assert recovered.recovery_recorded_by.username == "chair"
    assert recovered.recovery_recorded_at.date() == RECOVERY_2025["on"]
    # The initiative's history dates the note on the decision's day too, not on the day the demo was seeded.
    from django.contrib.admin.models import LogEntry

    note = LogEntry.objects.get(
        object_id=str(recovered.initiative_id), change_message__contains=RECOVERY_2025["number"]
    )
    assert note.action_time.date() == RECOVERY_2025["on"]
    assert recovered.initiative.campaign.year == 2025 and recovered.decided_on < recovered.recovered_on
    counted = CommendationCount.objects.filter(campaign=recovered.initiative.campaign, grain="unit")
    assert (
        sum(counted.values_list("count", flat=True))
        == Commendation.objects.standing().filter(initiative__campaign=recovered.initiative.campaign).count()
    )


def test_seed_demo_dates_each_awards_last_change_when_it_happened_not_when_it_was_seeded(seeded):
    # The API's `changed_since` reads `updated_at`: a replayed award must not read "changed today".
    from django.db.models.functions import Coalesce

    awards = Commendation.objects.annotate(happened=Coalesce("recovery_recorded_at", "created_at"))
    assert awards.exists()
    assert all(award.updated_at == award.happened for award in awards)


def test_a_demo_file_the_rules_refuse_stops_the_demo_aloud_instead_of_leaving_it_without(world):
    from models_registry.demo.history import attach
    from tests.conftest import png_file

    withdrawn = world.initiative("withdrawn")

    with pytest.raises(RuntimeError, match="Không thể bổ sung minh chứng"):
        attach(withdrawn, png_file(), world.staff)
    assert not withdrawn.attachments.filter(original_name="anh.png").exists()
