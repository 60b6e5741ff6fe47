"""Inspections recorded by the committee: the phone form, evidence, who may, and the list."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import CampaignState
from campaigns.submissions import new_token
from models_registry.models import Attachment, Inspection
from tests.conftest import add_inspection, pdf_file, png_file

pytestmark = pytest.mark.django_db


def inspection_data(world, **overrides) -> dict:
    data = {
        "inspected_on": datetime.date.today().isoformat(),
        "inspectors": [world.member.pk],
        "completion": "60",
        "effectiveness": "fair",
        "findings": "Tổ họp đều hằng tháng.",
        "recommendations": "Mở rộng sang ấp bên cạnh.",
    }
    data.update(overrides)
    return data


def test_form_defaults_to_today_and_the_current_member_as_inspector(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.member)

    response = client.get(reverse("committee:inspection_create", args=[initiative.pk]))

    form = response.context["form"]
    assert form.initial["inspected_on"] == datetime.date.today()
    assert form.initial["inspectors"] == [world.member.pk]
    inspectors = set(form.fields["inspectors"].queryset.values_list("username", flat=True))
    assert inspectors == {"member", "member2", "chair", "secretary"}
    body = response.content.decode()
    assert 'type="radio"' in body
    assert "multiple" in body


def test_member_records_an_inspection_with_two_photos(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.member)

    response = client.post(
        reverse("committee:inspection_create", args=[initiative.pk]),
        {**inspection_data(world), "files": [png_file("a.png"), png_file("b.png")]},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("committee:inspection_list", args=[initiative.pk])
    inspection = Inspection.objects.get(initiative=initiative)
    assert inspection.completion == 60
    assert inspection.effectiveness == "fair"
    assert list(inspection.inspectors.all()) == [world.member]
    assert inspection.created_by == world.member
    assert Attachment.objects.filter(inspection=inspection, purpose="inspection").count() == 2
    initiative.refresh_from_db()
    assert initiative.last_inspected_on == datetime.date.today()


def test_an_empty_file_among_the_inspection_photos_is_named_and_the_others_are_kept(client, world):
    initiative = world.initiative("approved")
    empty = SimpleUploadedFile("trong.jpg", b"", content_type="image/jpeg")
    client.force_login(world.member)

    response = client.post(
        reverse("committee:inspection_create", args=[initiative.pk]),
        {**inspection_data(world), "files": [empty, png_file("a.png")]},
        follow=True,
    )

    inspection = Inspection.objects.get(initiative=initiative)
    assert "trong.jpg" in response.content.decode()
    assert list(Attachment.objects.filter(inspection=inspection).values_list("original_name", flat=True)) == ["a.png"]


def test_a_repeated_post_of_the_same_inspection_records_it_once(client, world):
    # A double tap, or a phone resending on a poor connection, posts the same form twice.
    initiative = world.initiative("approved")
    client.force_login(world.member)
    url = reverse("committee:inspection_create", args=[initiative.pk])
    token = new_token()

    first = client.post(
        url, {**inspection_data(world), "form_token": token, "files": [png_file("a.png"), png_file("b.png")]}
    )
    second = client.post(
        url, {**inspection_data(world), "form_token": token, "files": [png_file("a.png"), png_file("b.png")]}
    )

    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("committee:inspection_list", args=[initiative.pk])
    assert Inspection.objects.filter(initiative=initiative).count() == 1
    assert Attachment.objects.filter(initiative=initiative).count() == 2
    messages = [str(m) for m in second.wsgi_request._messages]
    assert any("(2 tệp minh chứng)" in m for m in messages)


def test_the_same_results_from_a_second_fresh_form_are_a_second_inspection(client, world):
    # Two visits may well find the same: only a replay of one page's token is a repeat.
    initiative = world.initiative("approved")
    client.force_login(world.member)
    url = reverse("committee:inspection_create", args=[initiative.pk])

    client.post(url, {**inspection_data(world), "form_token": new_token()})
    client.post(url, {**inspection_data(world), "form_token": new_token()})

    assert Inspection.objects.filter(initiative=initiative).count() == 2


def test_the_inspection_page_carries_a_creation_token(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.member)

    response = client.get(reverse("committee:inspection_create", args=[initiative.pk]))

    assert 'name="form_token"' in response.content.decode()


def test_a_second_inspection_with_other_results_is_recorded(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.member)
    url = reverse("committee:inspection_create", args=[initiative.pk])

    client.post(url, inspection_data(world))
    client.post(url, inspection_data(world, completion="80"))

    assert Inspection.objects.filter(initiative=initiative).count() == 2


def test_a_refused_file_is_reported_by_name_and_the_inspection_is_still_saved(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.member)
    fake = SimpleUploadedFile("virus.exe", b"MZ\x90\x00 not a document", content_type="image/png")

    response = client.post(
        reverse("committee:inspection_create", args=[initiative.pk]),
        {**inspection_data(world), "files": [pdf_file(), fake]},
        follow=True,
    )

    body = response.content.decode()
    assert "virus.exe" in body
    inspection = Inspection.objects.get(initiative=initiative)
    assert [a.original_name for a in inspection.attachments.all()] == ["bien-ban.pdf"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"completion": "120"}, "Mức độ hoàn thành không được vượt quá 100%."),
        ({"completion": "-5"}, "Mức độ hoàn thành không được nhỏ hơn 0%."),
        ({"completion": ""}, "Hãy nhập mức độ hoàn thành (0–100%)."),
        ({"effectiveness": ""}, "Hãy chọn mức hiệu quả."),
        ({"inspectors": []}, "Hãy chọn ít nhất một người kiểm tra."),
        ({"inspected_on": "2999-01-01"}, "Ngày kiểm tra không thể ở tương lai."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_the_rest_kept(client, world, overrides, message):
    initiative = world.initiative("approved")
    client.force_login(world.member)

    response = client.post(
        reverse("committee:inspection_create", args=[initiative.pk]), inspection_data(world, **overrides)
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Mở rộng sang ấp bên cạnh." in body
    assert not Inspection.objects.filter(initiative=initiative).exists()


def test_inspector_outside_the_covering_committees_is_refused(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.member)

    response = client.post(
        reverse("committee:inspection_create", args=[initiative.pk]),
        inspection_data(world, inspectors=[world.staff2.pk]),
    )

    assert response.status_code == 400
    assert not Inspection.objects.filter(initiative=initiative).exists()


@pytest.mark.parametrize("state", ["submitted", "rejected", "recognized"])
def test_inspection_outside_approved_or_recognition_requested_is_403(client, world, state):
    initiative = world.initiative(state)
    client.force_login(world.member)

    response = client.post(reverse("committee:inspection_create", args=[initiative.pk]), inspection_data(world))

    assert response.status_code == 403
    assert "Chỉ kiểm tra mô hình đã được duyệt" in response.content.decode()


def test_inspection_of_a_recognition_request_is_allowed(client, world):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.chair)

    response = client.post(
        reverse("committee:inspection_create", args=[initiative.pk]),
        inspection_data(world, inspectors=[world.chair.pk]),
    )

    assert response.status_code == 302
    assert initiative.inspections.count() == 2


def test_no_inspection_once_the_campaign_is_summarized(client, world):
    initiative = world.initiative("approved")
    world.campaign.state = CampaignState.SUMMARIZED
    world.campaign.save()
    client.force_login(world.member)

    response = client.post(reverse("committee:inspection_create", args=[initiative.pk]), inspection_data(world))

    assert response.status_code == 403
    assert not Inspection.objects.filter(initiative=initiative).exists()


def test_inspection_list_shows_each_inspection_with_its_evidence_links(client, world):
    initiative = world.initiative("approved")
    inspection = add_inspection(initiative, world.member, completion=75)
    from models_registry.evidence import save_attachments

    save_attachments(
        initiative, [png_file("hien-truong.png")], world.member, purpose="inspection", inspection=inspection
    )
    client.force_login(world.member)

    response = client.get(reverse("committee:inspection_list", args=[initiative.pk]))

    body = response.content.decode()
    assert "75%" in body
    assert "hien-truong.png" in body
    attachment = inspection.attachments.get()
    assert reverse("staff:attachment_download", args=[attachment.pk]) in body


def test_inspection_list_query_count_does_not_grow_with_inspections(client, world, django_assert_max_num_queries):
    initiative = world.initiative("approved")
    for _ in range(3):
        add_inspection(initiative, world.member)
    client.force_login(world.member)
    url = reverse("committee:inspection_list", args=[initiative.pk])
    client.get(url)

    with django_assert_max_num_queries(12):
        client.get(url)
    for _ in range(3):
        add_inspection(initiative, world.member2)
    with django_assert_max_num_queries(12):
        response = client.get(url)

    assert len(response.context["inspections"]) == 6


# ----- the entry point: Inspection.objects.record -------------------------------------------------
def _record(initiative, actor, **overrides):
    values = {
        "inspectors": [actor],
        "inspected_on": datetime.date.today(),
        "completion": 80,
        "effectiveness": "good",
        "findings": "Đúng kế hoạch.",
        "recommendations": "",
        **overrides,
    }
    return Inspection.objects.record(initiative, actor, **values)


def test_the_entry_point_records_an_inspection_for_a_member_of_the_acting_committee(world):
    initiative = world.initiative("approved")

    inspection = _record(initiative, world.member)

    assert (inspection.created_by, list(inspection.inspectors.all())) == (world.member, [world.member])
    initiative.refresh_from_db()
    assert initiative.last_inspected_on == inspection.inspected_on


def test_the_entry_point_refuses_unit_staff_and_an_initiative_not_inspected_now(world):
    from campaigns.lifecycle import TransitionError

    with pytest.raises(TransitionError) as refused:
        _record(world.initiative("approved"), world.staff)
    assert refused.value.code == "role"
    assert refused.value.message == "Chỉ thành viên Ban Chỉ đạo phụ trách đơn vị mới ghi kết quả kiểm tra."

    with pytest.raises(TransitionError) as refused:
        _record(world.initiative("submitted"), world.member)
    assert refused.value.code == "state"
    assert not Inspection.objects.exists()


def test_an_inspection_sent_as_the_initiative_is_withdrawn_keeps_the_findings_typed_and_says_why(
    client, world, monkeypatch
):
    from models_registry import lifecycle
    from models_registry.committee import forms as committee_forms
    from models_registry.models import Initiative

    initiative = world.initiative("approved")
    real_save_for = committee_forms.InspectionForm.save_for

    def withdrawn_first(form, read, user):
        # The page checked the initiative; the unit withdraws it before the inspection is recorded.
        lifecycle.apply(Initiative.objects.get(pk=read.pk), "withdraw", world.staff, comment="Đơn vị rút.")
        return real_save_for(form, read, user)

    monkeypatch.setattr(committee_forms.InspectionForm, "save_for", withdrawn_first)
    client.force_login(world.member)

    response = client.post(
        reverse("committee:inspection_create", args=[initiative.pk]),
        {**inspection_data(world, findings="Tổ họp đều, có sổ ghi chép."), "files": [png_file("a.png")]},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Chỉ kiểm tra mô hình đã được duyệt hoặc đang đề nghị công nhận" in html
    assert "Tổ họp đều, có sổ ghi chép." in html
    assert not Inspection.objects.filter(initiative=initiative).exists()
    assert not Attachment.objects.filter(initiative=initiative, purpose="inspection").exists()
