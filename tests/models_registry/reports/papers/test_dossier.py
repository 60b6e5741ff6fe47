"""The dossier of a decision (ZIP, a job) with the proposal letter in the committee's format."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from models_registry import bulk
from models_registry.models import Attachment, Initiative
from models_registry.reports.papers import render_document
from models_registry.reports.papers.dossier import UniqueNames
from models_registry.reports.papers.proposal import proposal_paper
from tests.conftest import PNG_BYTES
from tests.jobs.helpers import body, export, job_of
from tests.models_registry.reports.papers.helpers import docx_paragraphs, pdf_pages, recognizable, settings_for

pytestmark = pytest.mark.django_db


def _decision(world):
    """A province decision over one initiative of staff's hamlet and one of staff2's urban hamlet."""
    own = recognizable(world, 1)
    other = recognizable(world, 1, unit=world.other_hamlet)
    Initiative.objects.filter(pk=other[0].pk).update(name="Mô hình của khóm 3")
    return bulk.recognize_many(
        own + other,
        world.chair,
        number="05/QĐ-BCĐ",
        decided_on=datetime.date(2026, 3, 5),
        signer="Nguyễn Văn An",
        committee=world.province_committee,
        notify=False,
    )


def _zip(client, decision) -> zipfile.ZipFile:
    response = export(client, reverse("committee:decision_dossier", args=[decision.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    assert 'filename="ho-so-quyet-dinh-05-qd-bcd-nam-2026.zip"' in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(body(response)))


# ----- who may ask ----------------------------------------------------------------------------
def test_anonymous_asking_for_a_dossier_is_sent_to_log_in(client, world):
    decision = _decision(world)

    response = client.get(reverse("committee:decision_dossier", args=[decision.pk]))

    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("who", ["outsider", "member2_of_no_unit"])
def test_who_sees_none_of_the_decisions_initiatives_gets_404(client, world, who):
    from tests.factories import UserFactory

    decision = _decision(world)
    user = world.outsider if who == "outsider" else UserFactory(username="nobody")
    client.force_login(user)

    response = client.get(reverse("committee:decision_dossier", args=[decision.pk]))

    assert response.status_code == 404
    assert job_of(response) is None


def test_staff_of_another_unit_than_the_decisions_gets_404(client, world):
    own = recognizable(world, 1)
    decision = bulk.recognize_many(
        own, world.chair, number="07/QĐ-BCĐ", decided_on=datetime.date(2026, 3, 5), signer="A", notify=False
    )
    client.force_login(world.staff2)

    assert client.get(reverse("committee:decision_dossier", args=[decision.pk])).status_code == 404


@pytest.mark.parametrize(
    ("who", "names"),
    [
        ("staff", {"Mô hình số 1"}),
        ("staff2", {"Mô hình của khóm 3"}),
        ("member", {"Mô hình số 1"}),
        ("chair", {"Mô hình số 1", "Mô hình của khóm 3"}),
        ("admin", {"Mô hình số 1", "Mô hình của khóm 3"}),
    ],
)
def test_the_dossier_holds_only_the_initiatives_its_owner_may_open(client, world, who, names):
    settings_for(world)
    decision = _decision(world)
    client.force_login(getattr(world, who))

    archive = _zip(client, decision)

    folders = {name.split("/")[1] for name in archive.namelist() if name.startswith("04 ")}
    assert {folder.split(" ", 1)[1] for folder in folders} == names


# ----- what it holds --------------------------------------------------------------------------
def test_the_dossier_holds_the_letter_the_decision_the_list_and_each_initiatives_sheet_and_evidence(client, world):
    settings_for(world)
    decision = _decision(world)
    first = decision.initiatives.get(name="Mô hình số 1")
    # Two evidence files of one name: both go in, under two names.
    Attachment.objects.create(
        initiative=first, file=ContentFile(PNG_BYTES, name="anh.png"), original_name="anh.png", content_type="image/png"
    )
    client.force_login(world.chair)

    archive = _zip(client, decision)
    names = archive.namelist()

    assert archive.testzip() is None
    assert "01 Tờ trình đề nghị khen thưởng.pdf" in names and "01 Tờ trình đề nghị khen thưởng.docx" in names
    assert "02 Quyết định 05-QĐ-BCĐ.pdf" in names and "02 Quyết định 05-QĐ-BCĐ.docx" in names
    assert "03 Danh sách mô hình, điển hình.xlsx" in names
    folder = "04 Hồ sơ từng mô hình, điển hình/001 Mô hình số 1/"
    assert f"{folder}Minh chứng/anh.png" in names and f"{folder}Minh chứng/anh (2).png" in names
    assert archive.read(f"{folder}Minh chứng/anh (2).png") == PNG_BYTES
    sheet = " ".join(" ".join(pdf_pages(archive.read(f"{folder}Hồ sơ Mô hình số 1.pdf"))).split())
    for part in ("1. Phiếu đăng ký", "3. Kiểm tra", "4. Phiếu chấm điểm", "6. Quyết định công nhận", "anh (2).png"):
        assert part in sheet
    assert "05/QĐ-BCĐ" in sheet
    decision_text = " ".join(pdf_pages(archive.read("02 Quyết định 05-QĐ-BCĐ.pdf")))
    assert "QUYẾT ĐỊNH" in decision_text
    contents = archive.read("00 Mục lục.txt").decode("utf-8-sig")
    assert "03 Danh sách mô hình, điển hình.xlsx" in contents
    assert len(names) == len({n.casefold() for n in names})


def test_an_evidence_file_gone_from_storage_is_listed_and_the_dossier_still_completes(client, world):
    decision = _decision(world)
    attachment = Attachment.objects.filter(initiative__decision=decision).first()
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(world.chair)

    archive = _zip(client, decision)

    contents = archive.read("00 Mục lục.txt").decode("utf-8-sig")
    assert "không còn trên máy chủ" in contents and attachment.original_name in contents


def test_entry_names_are_safe_and_unique_whatever_the_uploaded_names():
    names = UniqueNames()

    first = names("a/", "../../etc/passwd", "png")
    second = names("a/", "..-..-etc-passwd", "PNG")
    third = names("a/", "Tên\x00có:ký*tự?lạ", "pdf")

    # No separator inside a name and no leading dot: nothing climbs out of its folder when unzipped.
    assert first == "a/-..-etc-passwd.png"
    assert second == "a/-..-etc-passwd (2).PNG"
    assert third == "a/Tên có ký tự lạ.pdf"


# ----- the proposal letter ------------------------------------------------------------------
def test_the_proposal_letter_is_in_the_committees_format(world):
    settings_for(world)
    decision = _decision(world)

    rendered = render_document("proposal", decision, "docx")
    lines = docx_paragraphs(rendered.data)

    assert rendered.filename == "Tờ trình đề nghị khen thưởng theo Quyết định 05-QĐ-BCĐ.docx"
    assert "TỈNH ỦY VĨNH LONG" in lines and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert any(line.startswith("Số:") and line.endswith("/TTr-BCĐ") for line in lines)
    assert "TỜ TRÌNH" in lines
    assert "Về việc đề nghị khen thưởng mô hình, điển hình “Dân vận khéo”" in lines
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh." in lines
    assert "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;" in lines
    assert any(
        "Căn cứ Quyết định số 05/QĐ-BCĐ ngày 05 tháng 3 năm 2026" in line and line.endswith(".") for line in lines
    )
    assert any("Mô hình số 1" in line for line in lines) and any("Mô hình của khóm 3" in line for line in lines)
    assert "TRƯỞNG BAN" in lines and "Nguyễn Văn An" in lines
    assert lines[lines.index("Nơi nhận:") + 1] == "- Như trên;"
    assert lines[-1] == "Nguyễn Văn An" or "- Lưu: VT, BDV." in lines


def test_the_letter_proposes_the_outstanding_ones_and_never_one_with_a_pending_case(world):
    decision = _decision(world)
    Initiative.objects.filter(decision=decision, name="Mô hình số 1").update(outstanding=True, pending_case=True)
    Initiative.objects.filter(decision=decision, name="Mô hình của khóm 3").update(outstanding=True)

    paper = proposal_paper(decision)

    [table] = [block for block in paper.blocks if block.kind == "table"]
    assert [row[1].split(" (")[0] for row in table.rows] == ["Mô hình của khóm 3"]


def test_a_communes_letter_goes_to_the_committee_above(world):
    from campaigns.models import DocumentSettings, Role
    from tests.factories import CommitteeMembershipFactory, UserFactory

    commune_chair = UserFactory(username="commune-chair")
    CommitteeMembershipFactory(committee=world.commune_committee, user=commune_chair, role=Role.CHAIR)
    DocumentSettings.objects.create(
        committee=world.province_committee, place="Vĩnh Long", issuer_name="Ban Chỉ đạo tỉnh Vĩnh Long"
    )
    commune_initiatives = recognizable(world, 1, level="commune")
    decision = bulk.recognize_many(
        commune_initiatives,
        commune_chair,
        number="02/QĐ-BCĐ",
        decided_on=datetime.date(2026, 3, 5),
        signer="Lê Thị Bình",
        committee=world.commune_committee,
        notify=False,
    )

    pages = " ".join(" ".join(pdf_pages(render_document("proposal", decision, "pdf").data)).split())

    assert "Kính gửi: Ban Chỉ đạo tỉnh Vĩnh Long." in pages


def test_the_decision_page_links_the_dossier_and_says_files_are_prepared_in_the_background(client, world):
    decision = _decision(world)
    client.force_login(world.chair)

    page = client.get(decision.get_absolute_url()).content.decode()

    assert reverse("committee:decision_dossier", args=[decision.pk]) in page
    assert "chế độ nền" in page


def test_asking_twice_while_it_runs_is_one_job(client, world, settings):
    from jobs.models import Job

    decision = _decision(world)
    client.force_login(world.chair)
    url = reverse("committee:decision_dossier", args=[decision.pk])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("jobs.runner.enqueue", lambda job: None)
        first, second = client.get(url), client.get(url)

    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind="papers.dossier").count() == 1


# ----- one initiative's dossier ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("staff2", 404),
        ("outsider", 404),
        ("staff", 200),
        ("member", 200),
        ("chair", 200),
        ("admin", 200),
    ],
)
def test_one_initiatives_dossier_is_for_whoever_may_open_the_initiative(client, world, who, status):
    decision = _decision(world)
    own = decision.initiatives.get(name="Mô hình số 1")
    if who != "anonymous":
        client.force_login(getattr(world, who))

    response = export(client, reverse("reports:initiative_dossier", args=[own.pk]))

    assert response.status_code == status
    if status == 302:
        assert "login" in response["Location"]
    if status == 200:
        archive = zipfile.ZipFile(io.BytesIO(body(response)))
        folders = {name.split("/")[1] for name in archive.namelist() if name.startswith("04 ")}
        assert folders == {"001 Mô hình số 1"}
        assert (
            "filename*=UTF-8''H%E1%BB%93%20s%C6%A1%20M%C3%B4%20h%C3%ACnh%20s%E1%BB%91%201.zip"
            in response["Content-Disposition"]
        )


def test_an_initiative_without_a_decision_has_no_dossier(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.chair)

    assert client.get(reverse("reports:initiative_dossier", args=[initiative.pk])).status_code == 404


def test_the_initiative_page_links_its_dossier_once_recognized(client, world):
    decision = _decision(world)
    own = decision.initiatives.get(name="Mô hình số 1")
    client.force_login(world.staff)

    page = client.get(own.get_absolute_url()).content.decode()

    assert reverse("reports:initiative_dossier", args=[own.pk]) in page


def test_a_revoked_decision_gives_no_dossier_and_a_replaced_ones_initiative_takes_the_replacement(client, world):
    from models_registry.models import Amendment

    settings_for(world)
    decision = _decision(world)
    own = decision.initiatives.get(name="Mô hình số 1")
    replacing = decision.amend(
        world.chair,
        kind=Amendment.REPLACE,
        number="09/QĐ-BCĐ",
        decided_on=datetime.date(2026, 4, 1),
        signer="Nguyễn Văn An",
        reason="Sai tên đơn vị",
    )
    client.force_login(world.chair)

    replaced = client.get(reverse("committee:decision_dossier", args=[decision.pk]))
    archive = _zip_of(export(client, reverse("reports:initiative_dossier", args=[own.pk])))
    replacing.amend(
        world.chair,
        kind=Amendment.REVOKE,
        number="10/QĐ-BCĐ",
        decided_on=datetime.date(2026, 5, 1),
        signer="Nguyễn Văn An",
        reason="Hồ sơ gian dối",
    )
    revoked = client.get(reverse("reports:initiative_dossier", args=[own.pk]))

    assert replaced.status_code == 403
    assert "02 Quyết định 09-QĐ-BCĐ.pdf" in archive.namelist()
    assert revoked.status_code == 403 and "đã bị thu hồi" in revoked.content.decode()


def _zip_of(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(body(response)))
