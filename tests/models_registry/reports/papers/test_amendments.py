"""An issued decision is corrected, replaced or revoked only by a new decision that names it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from campaigns.lifecycle import TransitionError
from models_registry.models import Amendment, Certificate, Initiative, TransitionLog
from models_registry.reports.papers.render import decision_pdf
from tests.models_registry.reports.papers.helpers import issue, pdf_pages, settings_for

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 4, 10)


def amend(decision, actor, kind, number, reason="Nhầm tên đơn vị"):
    return decision.amend(actor, kind=kind, number=number, decided_on=DAY, signer="Nguyễn Văn An", reason=reason)


def test_revoking_a_decision_names_it_and_keeps_it_readable(client, world):
    decision = issue(world)
    client.force_login(world.chair)

    revoking = amend(decision, world.chair, Amendment.REVOKE, "09/QĐ-BCĐ")

    decision.refresh_from_db()
    assert (revoking.amends, revoking.amendment, revoking.created_by) == (decision, "revoke", world.chair)
    assert decision.revoked and decision.later() == revoking
    page = client.get(decision.get_absolute_url())
    assert page.status_code == 200
    assert 'data-later="revoke"' in page.content.decode()
    assert decision.number in page.content.decode()


def test_the_revocation_chain_follows_a_replacement_to_the_original(client, world):
    original = issue(world)
    certificate = Certificate.objects.issue_for(original)[0]

    replacing = amend(original, world.chair, Amendment.REPLACE, "07/QĐ-BCĐ", "Sai ngày ký")
    revoking = amend(replacing, world.chair, Amendment.REVOKE, "08/QĐ-BCĐ", "Hồ sơ không trung thực")

    original.refresh_from_db()
    replacing.refresh_from_db()
    assert original.revoked and replacing.revoked and not revoking.revoked
    assert original.later() == revoking
    html = client.get(certificate.get_absolute_url()).content.decode()
    assert 'data-verdict="revoke"' in html
    assert "08/QĐ-BCĐ" in html and "Hồ sơ không trung thực" in html


def test_a_replaced_certificate_says_by_which_decision(client, world):
    original = issue(world)
    certificate = Certificate.objects.issue_for(original)[0]

    amend(original, world.chair, Amendment.REPLACE, "07/QĐ-BCĐ", "Sai ngày ký")

    html = client.get(certificate.get_absolute_url()).content.decode()
    assert 'data-verdict="replace"' in html
    assert "Đã được thay thế bởi Quyết định số 07/QĐ-BCĐ" in html


def test_the_showcase_drops_the_initiatives_of_a_revoked_decision(client, world):
    decision = issue(world, n=1)
    initiative = decision.initiatives.get()
    assert Initiative.objects.public().filter(pk=initiative.pk).exists()

    amend(decision, world.chair, Amendment.REVOKE, "09/QĐ-BCĐ")

    assert not Initiative.objects.public().filter(pk=initiative.pk).exists()
    assert client.get(reverse("showcase:detail", args=[initiative.pk])).status_code == 404


def test_a_replacement_still_shows_in_the_showcase_and_lists_the_same_initiatives(world):
    original = issue(world)

    replacing = amend(original, world.chair, Amendment.REPLACE, "07/QĐ-BCĐ")

    assert set(replacing.recognized_initiatives()) == set(original.initiatives.all())
    assert Initiative.objects.public().count() == 2


def test_the_log_says_who_changed_the_decision_and_why(world):
    decision = issue(world, n=1)

    amend(decision, world.chair, Amendment.CORRECT, "10/QĐ-BCĐ", "Sai chính tả tên mô hình")

    log = TransitionLog.objects.filter(action="decision_correct").get()
    assert log.actor == world.chair
    assert "Sai chính tả tên mô hình" in log.comment and "10/QĐ-BCĐ" in log.comment


def test_the_initiatives_history_names_an_amendment_in_the_readers_language_not_by_its_code(client, world, settings):
    # Arrange: a decision recognizing one initiative is revoked.
    decision = issue(world, n=1)
    initiative = decision.initiatives.get()
    amend(decision, world.chair, Amendment.REVOKE, "09/QĐ-BCĐ", "Hồ sơ không trung thực")
    client.force_login(world.chair)

    # Act
    vietnamese = client.get(initiative.get_absolute_url()).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(initiative.get_absolute_url()).content.decode()

    # Assert
    assert "Thu hồi quyết định công nhận" in vietnamese and "Hồ sơ không trung thực" in vietnamese
    assert "Revoke the recognition decision" in english
    assert "decision_revoke" not in vietnamese + english


def test_a_revoked_decision_cannot_be_amended_again(world):
    decision = issue(world)
    amend(decision, world.chair, Amendment.REVOKE, "09/QĐ-BCĐ")

    with pytest.raises(TransitionError):
        amend(decision, world.chair, Amendment.REPLACE, "11/QĐ-BCĐ")


def test_only_a_leader_of_the_committee_amends(world):
    decision = issue(world)

    with pytest.raises(TransitionError):
        amend(decision, world.member, Amendment.REVOKE, "09/QĐ-BCĐ")


def test_an_amendment_needs_a_reason(world):
    decision = issue(world)

    with pytest.raises(TransitionError):
        amend(decision, world.chair, Amendment.REVOKE, "09/QĐ-BCĐ", reason="  ")


def test_the_revoking_decision_prints_what_it_revokes_and_why(world):
    settings_for(world)
    decision = issue(world)

    revoking = amend(decision, world.chair, Amendment.REVOKE, "09/QĐ-BCĐ", "Hồ sơ không trung thực")

    flat = " ".join(" ".join(pdf_pages(decision_pdf(revoking))).split())
    assert "Về việc thu hồi Quyết định số 05/QĐ-BCĐ" in flat
    assert "Thu hồi Quyết định số 05/QĐ-BCĐ ngày 05 tháng 3 năm 2026" in flat
    assert "Lý do: Hồ sơ không trung thực" in flat
    assert "Mô hình số 1" not in flat


def test_the_amend_page_action_issues_the_new_decision(client, world):
    decision = issue(world)
    client.force_login(world.chair)

    response = client.post(
        reverse("committee:decision_amend", args=[decision.pk]),
        {"amendment": "revoke", "number": "09/QĐ-BCĐ", "decided_on": "2026-04-10", "signer": "A", "reason": "Sai"},
    )

    revoking = decision.amendments.get()
    assert response.status_code == 302 and response["Location"] == revoking.get_absolute_url()


AMEND = {"amendment": "replace", "number": "09/QĐ-BCĐ", "decided_on": "10/04/2026", "signer": "A", "reason": "Sai"}


def test_a_refused_amendment_comes_back_as_typed_with_why_beside_the_field(client, world):
    decision = issue(world)
    client.force_login(world.chair)
    url = reverse("committee:decision_amend", args=[decision.pk])

    taken = client.post(url, {**AMEND, "number": decision.number, "reason": "Sai ngày <i>ký</i>"})
    no_reason = client.post(url, {**AMEND, "reason": "  "})

    assert taken.status_code == no_reason.status_code == 400
    assert not decision.amendments.exists()
    html = taken.content.decode()
    assert 'id="error_1_id_number"' in html and "đã được dùng cho một quyết định khác" in html
    assert "Sai ngày &lt;i&gt;ký&lt;/i&gt;</textarea>" in html  # the reason kept, never echoed raw
    assert '<option value="replace" selected>' in html
    html = no_reason.content.decode()
    assert 'id="error_1_id_reason"' in html and "Hãy ghi lý do sửa đổi quyết định." in html
    assert 'value="09/QĐ-BCĐ"' in html


def test_an_amendment_refused_because_another_leader_revoked_the_decision_meanwhile_says_so(client, world):
    decision = issue(world)
    client.force_login(world.chair)
    page = client.get(decision.get_absolute_url())  # the form as the leader read it
    assert 'id="amend-title"' in page.content.decode()
    amend(decision, world.secretary, Amendment.REVOKE, "08/QĐ-BCĐ")

    response = client.post(reverse("committee:decision_amend", args=[decision.pk]), AMEND)

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="amend-title"' not in html  # no form to amend a revoked decision…
    assert "Quyết định này đã được thay thế hoặc thu hồi; hãy sửa đổi quyết định mới nhất." in html  # …but why
    assert 'data-later="revoke"' in html


def test_a_member_who_does_not_lead_cannot_post_an_amendment(client, world):
    decision = issue(world)
    client.force_login(world.secretary)
    client.force_login(world.member)

    response = client.post(
        reverse("committee:decision_amend", args=[decision.pk]),
        {"amendment": "revoke", "number": "09/QĐ-BCĐ", "decided_on": "2026-04-10", "signer": "A", "reason": "Sai"},
    )

    assert response.status_code in (403, 404)
    assert not decision.amendments.exists()


@pytest.mark.parametrize(
    ("kind", "said", "dossier"),
    [
        (Amendment.REVOKE, "Quyết định này đã bị thu hồi bởi Quyết định số 09/QĐ-BCĐ ngày 10/04/2026.", False),
        (Amendment.REPLACE, "Quyết định này đã được thay thế bởi Quyết định số 09/QĐ-BCĐ ngày 10/04/2026.", True),
    ],
)
def test_the_units_own_page_says_its_recognition_was_replaced_or_revoked_and_why(client, world, kind, said, dossier):
    import html

    decision = issue(world, n=1)
    initiative = decision.initiatives.get()
    amend(decision, world.chair, kind, "09/QĐ-BCĐ", "Hồ sơ không trung thực")
    client.force_login(world.staff)

    page = html.unescape(client.get(initiative.get_absolute_url()).content.decode())

    assert f'data-later="{kind}"' in page
    assert said in page and "Lý do: Hồ sơ không trung thực" in page
    # A revoked recognition has no dossier to hand out (the dossier follows the decision in force).
    assert ('data-paper="initiative-dossier"' in page) is dossier


def test_the_units_page_of_a_standing_decision_says_nothing_of_a_later_one(client, world):
    decision = issue(world, n=1)
    initiative = decision.initiatives.get()
    client.force_login(world.staff)

    page = client.get(initiative.get_absolute_url()).content.decode()

    assert "data-later" not in page
    assert 'data-paper="initiative-dossier"' in page
