"""Campaign pages: list, create / edit a draft with criteria and documents, launch, summarize."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.lifecycle import TransitionError
from campaigns.models import Campaign, CampaignDocument, CampaignLog, CampaignState, CriteriaSet
from campaigns.submissions import new_token
from models_registry import lifecycle
from tests.conftest import PDF_BYTES, pdf_file, png_file
from tests.factories import CampaignFactory, InitiativeFactory

YEAR = datetime.date.today().year


def campaign_data(world, **overrides):
    """A complete create form: a model criteria set of three criteria (60 points, threshold 45)."""
    data = {
        "committee": world.province_committee.pk,
        "name": "Phong trào Dân vận khéo năm mới",
        "year": YEAR,
        "theme": "Dân vận khéo trong xây dựng nông thôn mới",
        "starts_on": f"{YEAR}-01-01",
        "ends_on": f"{YEAR}-12-31",
        "registration_opens_on": f"{YEAR}-01-15",
        "registration_closes_on": f"{YEAR}-03-31",
        "requires_inspection": "on",
        "model-set-name": "Tiêu chí mô hình",
        "model-set-threshold": "45",
        "model-criteria-TOTAL_FORMS": "3",
        "model-criteria-INITIAL_FORMS": "0",
        "model-criteria-0-name": "Sáng tạo, tiết kiệm",
        "model-criteria-0-max_points": "20",
        "model-criteria-1-name": "Vận động tự giác",
        "model-criteria-1-max_points": "20",
        "model-criteria-2-name": "Bền vững",
        "model-criteria-2-max_points": "20",
        "exemplar-set-name": "",
        "exemplar-set-threshold": "",
        "exemplar-criteria-TOTAL_FORMS": "3",
        "exemplar-criteria-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "2",
        "documents-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def draft_campaign(world, committee=None, criteria=True):
    return CampaignFactory(
        committee=committee or world.province_committee, state=CampaignState.DRAFT, criteria=criteria
    )


# ----- list ---------------------------------------------------------------------------------
def test_the_list_sends_anonymous_users_to_login(client):
    response = client.get(reverse("campaigns:list"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unit_staff_see_the_launched_campaign_but_not_a_draft(client, world):
    draft = draft_campaign(world)
    client.force_login(world.staff)

    response = client.get(reverse("campaigns:list"))

    assert response.status_code == 200
    assert world.campaign in response.context["campaigns"]
    assert draft not in response.context["campaigns"]
    assert "đang mở đăng ký" in response.content.decode()
    assert response.context["can_create"] is False


def test_the_list_the_campaign_page_and_the_overview_say_the_registration_status_alike(client, world):
    # The list compared the dates in its template, the campaign page said only "đang mở", the overview
    # "đã đóng hoặc chưa mở": three spellings of Campaign.registration_is_open.
    c = world.campaign
    c.registration_opens_on = datetime.date.today() + datetime.timedelta(days=3)
    c.registration_closes_on = datetime.date.today() + datetime.timedelta(days=30)
    c.save()
    client.force_login(world.chair)

    pages = [
        client.get(reverse("campaigns:list")),
        client.get(c.get_absolute_url()),
        client.get(reverse("reports:campaign_overview", args=[c.pk])),
    ]

    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert 'data-registration="not_open">chưa mở đăng ký</span>' in html
        assert "đang mở đăng ký" not in html and "đã đóng hoặc chưa mở" not in html


def test_the_chair_sees_drafts_of_the_committee_and_may_create(client, world):
    draft = draft_campaign(world)
    client.force_login(world.chair)

    response = client.get(reverse("campaigns:list"))

    assert draft in response.context["campaigns"]
    assert response.context["can_create"] is True
    assert reverse("campaigns:create") in response.content.decode()


def test_the_list_stays_within_its_query_budget(client, world, django_assert_max_num_queries):
    for _ in range(3):
        CampaignFactory(committee=world.province_committee)
    client.force_login(world.chair)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("campaigns:list"))

    assert len(response.context["campaigns"]) == 4


# ----- create -------------------------------------------------------------------------------
@pytest.mark.parametrize("user", ["member", "staff", "outsider"])
def test_only_leaders_may_open_the_create_page(client, world, user):
    client.force_login(getattr(world, user))

    response = client.get(reverse("campaigns:create"))

    assert response.status_code == 403
    assert "Chỉ Trưởng ban" in response.content.decode()


def test_the_create_page_offers_a_criteria_set_for_models_and_one_for_exemplars(client, world, province_chair):
    client.force_login(world.province_chair)

    response = client.get(reverse("campaigns:create"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Bộ tiêu chí cho mô hình" in content
    assert "Bộ tiêu chí cho điển hình" in content
    assert list(response.context["form"].fields["committee"].queryset) == [world.province_committee]
    assert response.context["form"].initial["committee"] == world.province_committee.pk


def test_the_chair_creates_a_draft_with_its_criteria_and_a_launch_document(client, world):
    client.force_login(world.chair)
    data = campaign_data(
        world, **{"documents-0-title": "Kế hoạch phát động", "documents-0-file": pdf_file("ke-hoach.pdf")}
    )

    response = client.post(reverse("campaigns:create"), data)

    campaign = Campaign.objects.get(name="Phong trào Dân vận khéo năm mới")
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:detail", args=[campaign.pk])
    assert campaign.state == CampaignState.DRAFT
    criteria_set = campaign.criteria_sets.get()
    assert (criteria_set.kind, criteria_set.threshold, criteria_set.max_total) == ("model", 45, 60)
    assert [c.name for c in criteria_set.criteria.all()] == ["Sáng tạo, tiết kiệm", "Vận động tự giác", "Bền vững"]
    document = campaign.documents.get()
    assert (document.title, document.content_type) == ("Kế hoạch phát động", "application/pdf")


def test_the_create_page_posted_twice_with_its_token_makes_one_draft(client, world):
    # A double click on "create": the second post lands on the first one's draft.
    client.force_login(world.chair)
    data = campaign_data(world, form_token=new_token())

    first = client.post(reverse("campaigns:create"), data)
    second = client.post(reverse("campaigns:create"), data)

    campaign = Campaign.objects.get(name=data["name"])
    assert first["Location"] == second["Location"] == reverse("campaigns:detail", args=[campaign.pk])
    assert campaign.criteria_sets.get().criteria.count() == 3


def test_two_create_pages_posted_alike_make_two_drafts(client, world):
    client.force_login(world.chair)

    client.post(reverse("campaigns:create"), campaign_data(world, form_token=new_token()))
    client.post(reverse("campaigns:create"), campaign_data(world, form_token=new_token()))

    assert Campaign.objects.filter(name="Phong trào Dân vận khéo năm mới").count() == 2


def test_the_create_page_carries_a_creation_token(client, world):
    client.force_login(world.chair)

    response = client.get(reverse("campaigns:create"))

    assert 'name="form_token"' in response.content.decode()


def test_save_draft_inserts_a_new_campaign_with_its_parts(world):
    campaign = Campaign(
        committee=world.province_committee,
        name="Đợt mới",
        year=YEAR,
        starts_on=datetime.date(YEAR, 1, 1),
        ends_on=datetime.date(YEAR, 12, 31),
        registration_opens_on=datetime.date(YEAR, 1, 15),
        registration_closes_on=datetime.date(YEAR, 3, 31),
    )
    parts = []

    saved = campaign.save_draft(save_parts=parts.append)

    assert saved is True
    assert Campaign.objects.get(pk=campaign.pk).state == CampaignState.DRAFT
    assert parts == [campaign]


def test_save_draft_writes_the_named_fields_of_a_draft(world):
    campaign = draft_campaign(world)
    campaign.name = "Tên mới"

    saved = campaign.save_draft(["name"])

    assert saved is True
    assert Campaign.objects.get(pk=campaign.pk).name == "Tên mới"


def test_save_draft_writes_nothing_once_the_campaign_was_launched_meanwhile(world):
    campaign = draft_campaign(world)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.LAUNCHED)
    campaign.name = "Tên mới"
    parts = []

    saved = campaign.save_draft(["name"], save_parts=parts.append)

    assert saved is False
    assert parts == []
    assert Campaign.objects.get(pk=campaign.pk).name != "Tên mới"


def test_a_threshold_above_the_total_is_refused_and_the_input_kept(client, world):
    client.force_login(world.chair)

    response = client.post(reverse("campaigns:create"), campaign_data(world, **{"model-set-threshold": "75"}))

    assert response.status_code == 400
    assert not Campaign.objects.filter(name="Phong trào Dân vận khéo năm mới").exists()
    content = response.content.decode()
    assert "vượt tổng điểm tối đa" in content
    assert 'value="Phong trào Dân vận khéo năm mới"' in content
    assert 'value="Vận động tự giác"' in content


def test_a_criterion_without_points_is_flagged_on_its_row(client, world):
    client.force_login(world.chair)

    response = client.post(reverse("campaigns:create"), campaign_data(world, **{"model-criteria-1-max_points": ""}))

    assert response.status_code == 400
    content = response.content.decode()
    assert 'aria-describedby="id_model-criteria-1-max_points-errors"' in content
    assert 'id="id_model-criteria-1-max_points-errors"' in content
    assert 'value="Vận động tự giác"' in content


def test_a_criteria_set_without_criteria_is_refused(client, world):
    client.force_login(world.chair)
    data = campaign_data(world, **{f"model-criteria-{i}-name": "" for i in range(3)})
    data.update({f"model-criteria-{i}-max_points": "" for i in range(3)})

    response = client.post(reverse("campaigns:create"), data)

    assert response.status_code == 400
    assert "Bộ tiêu chí cần ít nhất một tiêu chí." in response.content.decode()


def test_a_registration_deadline_after_the_period_is_refused(client, world):
    client.force_login(world.chair)

    response = client.post(
        reverse("campaigns:create"), campaign_data(world, registration_closes_on=f"{YEAR + 1}-02-01")
    )

    assert response.status_code == 400
    assert "Hạn đăng ký phải nằm trong thời gian của đợt phát động." in response.content.decode()


def test_a_committee_the_user_does_not_lead_is_refused(client, world, province_chair):
    client.force_login(world.province_chair)

    response = client.post(reverse("campaigns:create"), campaign_data(world, committee=world.commune_committee.pk))

    assert response.status_code == 400
    assert "Ban Chỉ đạo mà mình phụ trách" in response.content.decode()


def test_a_launch_document_that_is_not_a_document_is_refused(client, world):
    client.force_login(world.chair)
    data = campaign_data(world, **{"documents-0-title": "Ảnh", "documents-0-file": png_file("ke-hoach.pdf")})

    response = client.post(reverse("campaigns:create"), data)

    assert response.status_code == 400
    assert "không phải văn bản PDF, Word" in response.content.decode()
    assert not CampaignDocument.objects.exists()


def test_a_docx_launch_document_is_recognized_by_its_bytes(client, world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    upload = SimpleUploadedFile("huong-dan.docx", buffer.getvalue())
    client.force_login(world.chair)

    client.post(reverse("campaigns:create"), campaign_data(world, **{"documents-0-file": upload}))

    document = CampaignDocument.objects.get()
    assert document.title == "huong-dan"
    assert document.content_type.endswith("wordprocessingml.document")


# ----- edit ---------------------------------------------------------------------------------
def edit_data(world, campaign, **overrides):
    criteria_set = campaign.criteria_set_for("model")
    data = campaign_data(world, name="Tên đã sửa")
    data.update(
        {
            "model-set-name": criteria_set.name,
            "model-set-threshold": "70",
            "model-criteria-TOTAL_FORMS": str(len(criteria_set.criteria.all())),
            "model-criteria-INITIAL_FORMS": str(len(criteria_set.criteria.all())),
            "exemplar-set-name": "Tiêu chí điển hình",
            "exemplar-set-threshold": "70",
            "exemplar-criteria-TOTAL_FORMS": "5",
            "exemplar-criteria-INITIAL_FORMS": "5",
        }
    )
    for kind in ("model", "exemplar"):
        for i, criterion in enumerate(campaign.criteria_set_for(kind).criteria.all()):
            data[f"{kind}-criteria-{i}-id"] = criterion.pk
            data[f"{kind}-criteria-{i}-criteria_set"] = criterion.criteria_set_id
            data[f"{kind}-criteria-{i}-name"] = criterion.name
            data[f"{kind}-criteria-{i}-max_points"] = criterion.max_points
    data.update(overrides)
    return data


def test_the_chair_edits_a_draft_and_deletes_a_criterion(client, world):
    campaign = draft_campaign(world)
    client.force_login(world.chair)

    response = client.post(
        reverse("campaigns:edit", args=[campaign.pk]),
        edit_data(world, campaign, **{"model-criteria-4-DELETE": "on", "model-set-threshold": "60"}),
    )

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "Tên đã sửa"
    assert campaign.state == CampaignState.DRAFT
    model_set = CriteriaSet.objects.get(campaign=campaign, kind="model")
    assert (model_set.threshold, model_set.max_total) == (60, 80)


@pytest.mark.parametrize(("user", "status"), [("member", 404), ("staff", 404), ("staff2", 404), ("secretary", 200)])
def test_the_edit_page_of_a_draft_answers_by_role(client, world, user, status):
    campaign = draft_campaign(world)
    client.force_login(getattr(world, user))

    response = client.get(reverse("campaigns:edit", args=[campaign.pk]))

    assert response.status_code == status


def test_a_committee_member_who_does_not_lead_gets_403_on_edit(client, world):
    campaign = draft_campaign(world, committee=world.commune_committee)
    client.force_login(world.member)

    response = client.get(reverse("campaigns:edit", args=[campaign.pk]))

    assert response.status_code == 403


def test_a_launched_campaign_is_not_edited(client, world):
    client.force_login(world.chair)

    response = client.post(reverse("campaigns:edit", args=[world.campaign.pk]), edit_data(world, world.campaign))

    assert response.status_code == 403
    assert "chỉ sửa được khi còn là dự thảo" in response.content.decode()
    world.campaign.refresh_from_db()
    assert world.campaign.name != "Tên đã sửa"


# ----- detail -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("user", "status"),
    [("staff", 200), ("staff2", 200), ("member", 200), ("chair", 200), ("admin", 200), ("outsider", 404)],
)
def test_the_detail_page_answers_by_scope(client, world, user, status):
    client.force_login(getattr(world, user))

    response = client.get(reverse("campaigns:detail", args=[world.campaign.pk]))

    assert response.status_code == status


def test_the_detail_page_of_another_provinces_campaign_gives_404(client, world):
    other = CampaignFactory()
    client.force_login(world.member)

    response = client.get(reverse("campaigns:detail", args=[other.pk]))

    assert response.status_code == 404


def test_anonymous_users_are_sent_to_login_from_every_campaign_page(client, world):
    for url in (
        reverse("campaigns:detail", args=[world.campaign.pk]),
        reverse("campaigns:edit", args=[world.campaign.pk]),
        reverse("campaigns:create"),
    ):
        response = client.get(url)

        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_detail_page_shows_the_leaders_their_buttons_and_links_the_overview(client, world):
    client.force_login(world.chair)

    response = client.get(reverse("campaigns:detail", args=[world.campaign.pk]))

    content = response.content.decode()
    assert 'data-transition="summarize"' in content
    assert reverse("reports:campaign_overview", args=[world.campaign.pk]) in content


def test_unit_staff_get_no_transition_buttons(client, world):
    client.force_login(world.staff)

    response = client.get(reverse("campaigns:detail", args=[world.campaign.pk]))

    assert "data-transition" not in response.content.decode()


# ----- launch and summarize -----------------------------------------------------------------
def test_the_chair_launches_a_draft_with_criteria(client, world):
    campaign = draft_campaign(world)
    client.force_login(world.chair)

    response = client.post(reverse("campaigns:transition", args=[campaign.pk, "launch"]), {"confirmed": "1"})

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.LAUNCHED
    assert CampaignLog.objects.filter(campaign=campaign, action="launch").count() == 1


def test_a_draft_without_criteria_is_not_launched(client, world):
    campaign = draft_campaign(world, criteria=False)
    client.force_login(world.chair)

    response = client.post(reverse("campaigns:transition", args=[campaign.pk, "launch"]), {"confirmed": "1"})

    assert response.status_code == 400
    assert "bộ tiêu chí công nhận" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DRAFT


def test_a_committee_member_who_does_not_lead_gets_403_on_launch(client, world):
    campaign = draft_campaign(world, committee=world.commune_committee)
    client.force_login(world.member)

    response = client.post(reverse("campaigns:transition", args=[campaign.pk, "launch"]), {"confirmed": "1"})

    assert response.status_code == 403
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DRAFT


def test_summarize_without_lessons_is_refused_and_keeps_the_campaign_running(client, world):
    client.force_login(world.chair)

    response = client.post(
        reverse("committee:summarize", args=[world.campaign.pk]),
        {"lessons_learned": " ", "early": "1", "confirmed": "1"},
    )

    assert response.status_code == 400
    assert "bài học kinh nghiệm" in response.content.decode()
    world.campaign.refresh_from_db()
    assert world.campaign.state == CampaignState.LAUNCHED


def test_an_unknown_action_gives_404(client, world):
    client.force_login(world.chair)

    response = client.post(reverse("campaigns:transition", args=[world.campaign.pk, "reopen"]))

    assert response.status_code == 404


def test_summarize_freezes_the_campaign_and_its_initiatives(client, world):
    draft = world.initiative("draft")
    returned = world.initiative("returned")
    client.force_login(world.chair)

    response = client.post(
        reverse("committee:summarize", args=[world.campaign.pk]),
        {
            "lessons_learned": "Phát huy vai trò của người có uy tín.",
            "choice_appraisal": "close",
            "reason": "Đơn vị chưa hoàn thiện hồ sơ.",
            "early": "1",
            "confirmed": "1",
        },
    )

    assert response.status_code == 302
    world.campaign.refresh_from_db()
    assert world.campaign.state == CampaignState.SUMMARIZED
    assert world.campaign.lessons_learned == "Phát huy vai trò của người có uy tín."
    draft.refresh_from_db()
    with pytest.raises(TransitionError):
        lifecycle.apply(draft, "submit", world.staff)
    client.force_login(world.staff)
    # The edit page of a frozen record lands on the record, saying why.
    frozen = client.get(reverse("staff:initiative_edit", args=[returned.pk]), follow=True)
    assert frozen.redirect_chain[-1][0] == returned.get_absolute_url()
    assert "Đợt phát động đã tổng kết" in frozen.content.decode()
    client.force_login(world.chair)
    edit = client.get(reverse("campaigns:edit", args=[world.campaign.pk]))
    assert edit.status_code == 403
    assert "Đợt phát động đã tổng kết" in edit.content.decode()
    again = client.post(reverse("committee:summarize", args=[world.campaign.pk]), {"lessons_learned": "x"})
    assert again.status_code == 302
    world.campaign.refresh_from_db()
    assert world.campaign.state == CampaignState.SUMMARIZED


# ----- documents ----------------------------------------------------------------------------
def test_a_launch_document_is_served_to_those_who_see_the_campaign(client, world):
    document = CampaignDocument(campaign=world.campaign, title="Kế hoạch", content_type="application/pdf")
    document.file.save("ke-hoach.pdf", SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES))
    client.force_login(world.staff2)

    response = client.get(reverse("campaigns:document", args=[document.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    client.force_login(world.outsider)
    assert client.get(reverse("campaigns:document", args=[document.pk])).status_code == 404


def test_an_initiative_of_a_summarized_campaign_is_not_registered(world):
    later = CampaignFactory(committee=world.province_committee, state=CampaignState.SUMMARIZED)
    initiative = InitiativeFactory(campaign=later, unit=world.hamlet)

    with pytest.raises(TransitionError):
        lifecycle.apply(initiative, "submit", world.staff)


# ----- access matrix on a commune's campaign ------------------------------------------------
@pytest.fixture
def commune_campaign(world):
    """A launched campaign of the commune committee, and a committee member of the other commune."""
    from tests.factories import CommitteeFactory, CommitteeMembershipFactory, UserFactory

    other_committee = CommitteeFactory(unit=world.other_commune)
    world.other_member = UserFactory(username="other_member")
    CommitteeMembershipFactory(committee=other_committee, user=world.other_member)
    return CampaignFactory(committee=world.commune_committee)


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("staff", 200),  # unit staff inside the commune
        ("member", 200),  # the commune's committee
        ("chair", 200),  # the province committee oversees the commune
        ("admin", 200),
        ("staff2", 404),  # unit staff of another commune
        ("other_member", 404),  # a committee outside the commune's subtree
        ("outsider", 404),
    ],
)
@pytest.mark.parametrize("name", ["campaigns:detail", "reports:campaign_overview"])
def test_a_communes_campaign_answers_by_scope(client, world, commune_campaign, name, user, status):
    client.force_login(getattr(world, user))

    response = client.get(reverse(name, args=[commune_campaign.pk]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("member", 403),  # sits on the committee but does not lead it
        ("staff", 403),
        ("province_chair", 403),  # leads the province committee, not the commune's
        ("staff2", 404),
        ("other_member", 404),
        ("admin", 400),
    ],
)
def test_summarizing_a_communes_campaign_answers_by_scope_and_role(
    client, world, province_chair, commune_campaign, user, status
):
    client.force_login(getattr(world, user))

    # No lessons learned: a leader gets the "missing" message (400); nobody changes anything.
    response = client.post(reverse("committee:summarize", args=[commune_campaign.pk]), {"confirmed": "1"})

    assert response.status_code == status
    commune_campaign.refresh_from_db()
    assert commune_campaign.state == CampaignState.LAUNCHED


@pytest.mark.parametrize(("user", "status"), [("province_chair", 404), ("member", 403), ("admin", 200)])
def test_a_communes_draft_is_edited_only_by_its_own_leaders_or_the_admin(client, world, province_chair, user, status):
    campaign = draft_campaign(world, committee=world.commune_committee)
    client.force_login(getattr(world, user))

    response = client.get(reverse("campaigns:edit", args=[campaign.pk]))

    assert response.status_code == status


def test_a_launch_document_is_removed_from_a_draft(client, world, django_capture_on_commit_callbacks):
    campaign = draft_campaign(world)
    document = CampaignDocument(campaign=campaign, title="Kế hoạch cũ", content_type="application/pdf")
    document.file.save("cu.pdf", SimpleUploadedFile("cu.pdf", PDF_BYTES))
    client.force_login(world.chair)
    data = edit_data(
        world,
        campaign,
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-INITIAL_FORMS": "1",
            "documents-0-id": document.pk,
            "documents-0-campaign": campaign.pk,
            "documents-0-title": "Kế hoạch cũ",
            "documents-0-DELETE": "on",
        },
    )

    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the save commits
        response = client.post(reverse("campaigns:edit", args=[campaign.pk]), data)

    assert response.status_code == 302
    assert not CampaignDocument.objects.filter(pk=document.pk).exists()
    assert not document.file.storage.exists(document.file.name)
