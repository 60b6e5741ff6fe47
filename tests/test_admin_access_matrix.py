"""Every admin add form, change form and action against every role, and that a refused POST changes nothing.

The screens come from `admin.site._registry`: a new ModelAdmin, or a new action on one, without a row
in the tables below fails `test_every_admin_screen_and_action_has_a_row_in_the_matrix`.

Roles: anonymous, another unit's staff, the unit's staff (none of them enters the admin: they are not
`is_staff`), a plain member of the commune's committee, the chair of the province's committee (both
with the admin rights that seed_demo gives committee members), and an administrator.
The objects all belong to the hamlet, under both committees.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import ERROR, get_messages
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, CampaignDocument, CampaignLog, CampaignState, CommitteeMembership, Field
from campaigns.models import UnitMembership as UnitMembershipModel
from models_registry.management.commands.seed_demo import Command as SeedDemo
from models_registry.models import (
    Commendation,
    CommendationKind,
    CommendationLevel,
    CommendationProposal,
    ReasonTemplate,
    RecognitionDecision,
    ScoreItem,
    ScoreSheet,
    TransitionLog,
)

from .conftest import PDF_BYTES, score
from .factories import CampaignFactory, CommitteeFactory, InitiativeFactory, UnitFactory

ROLES = ("anonymous", "other_unit_staff", "unit_staff", "member", "chair", "admin")
# Who of the world plays each role (anonymous: nobody logs in).
ROLE_USER = {
    "other_unit_staff": "staff2",
    "unit_staff": "staff",
    "member": "member",
    "chair": "chair",
    "admin": "admin",
}

# What the add page and the change page give (member, chair, admin); the three roles outside the
# admin always get the login page.
#   200: the form, editable;  "view": the page, read only;  403: refused;  302: "no such object" (outside
#   what the user may see).
EDIT, VIEW, REFUSED, HIDDEN = 200, "view", 403, 302
SCREENS = {
    "auth.group": {"add": (403, 403, 200), "change": (403, 403, EDIT)},
    "auth.user": {"add": (403, 403, 200), "change": (403, 403, EDIT)},
    # django-axes' own screens: a change form whose every field is read only.
    "axes.accessattempt": {"add": (403, 403, 403), "change": (403, 403, EDIT)},
    "axes.accesslog": {"add": (403, 403, 403), "change": (403, 403, EDIT)},
    "axes.accessfailurelog": {"add": (403, 403, 403), "change": (403, 403, EDIT)},
    "otp_totp.totpdevice": {"add": (403, 403, 200), "change": (403, 403, EDIT)},
    "django_tasks_database.dbtaskresult": {"add": (403, 403, 403), "change": (403, 403, VIEW)},
    # Fields, units, committees and their people: administrators only write them.
    "campaigns.field": {"add": (403, 403, 200), "change": (VIEW, VIEW, EDIT)},
    "campaigns.unit": {"add": (403, 403, 200), "change": (VIEW, VIEW, EDIT)},
    "campaigns.unitmembership": {"add": (403, 403, 200), "change": (VIEW, VIEW, EDIT)},
    "campaigns.steeringcommittee": {"add": (403, 403, 200), "change": (VIEW, VIEW, EDIT)},
    "campaigns.committeemembership": {"add": (403, 403, 200), "change": (VIEW, VIEW, EDIT)},
    # The campaign: its committee's leaders; its criteria are locked (a score sheet exists).
    "campaigns.campaign": {"add": (403, 403, 200), "change": (VIEW, EDIT, EDIT)},
    "campaigns.criteriaset": {"add": (403, 200, 200), "change": (VIEW, VIEW, VIEW)},
    "campaigns.criterion": {"add": (403, 200, 200), "change": (VIEW, VIEW, VIEW)},
    "campaigns.campaigndocument": {"add": (403, 200, 200), "change": (VIEW, EDIT, EDIT)},
    "campaigns.campaignlog": {"add": (403, 403, 403), "change": (VIEW, VIEW, VIEW)},
    "models_registry.columnmapping": {"add": (403, 403, 403), "change": (403, 403, EDIT)},
    "models_registry.initiative": {"add": (403, 403, 200), "change": (EDIT, EDIT, EDIT)},
    "models_registry.transitionlog": {"add": (403, 403, 403), "change": (VIEW, VIEW, VIEW)},
    "models_registry.inspection": {"add": (200, 200, 200), "change": (EDIT, EDIT, EDIT)},
    # The member's own open sheet: the chair does not see another's unsubmitted sheet (blind scoring).
    "models_registry.scoresheet": {"add": (200, 200, 200), "change": (EDIT, HIDDEN, EDIT)},
    "models_registry.scoreitem": {"add": (403, 403, 403), "change": (EDIT, HIDDEN, EDIT)},
    "models_registry.recognitiondecision": {"add": (403, 403, 403), "change": (VIEW, EDIT, EDIT)},
    "models_registry.commendation": {"add": (200, 200, 200), "change": (VIEW, EDIT, EDIT)},
    # A proposal for a commendation: the leaders of the acting committee, as on the page.
    "models_registry.commendationproposal": {"add": (200, 200, 200), "change": (VIEW, EDIT, EDIT)},
    "models_registry.attachment": {"add": (200, 200, 200), "change": (VIEW, VIEW, VIEW)},
    # Saved reasons are kept in the site (committee:reason_list); the admin is the administrators'.
    "models_registry.reasontemplate": {"add": (403, 403, 200), "change": (403, 403, EDIT)},
    "api.apiclient": {"add": (403, 403, 200), "change": (403, 403, EDIT)},
    "api.apicall": {"add": (403, 403, 403), "change": (403, 403, VIEW)},
}

# What each action does for (member, chair, admin):
#   "done": it changed the data;  "hidden": the row is outside what the user sees (nothing changed);
#   "ran": it ran (and had nothing to do);  "refused": nothing changed and the user was told why (an error message);
#   "absent": not offered to this user (nothing changed);  "form": a page (a confirmation, or what cannot
#   be deleted) and nothing changed yet;  403: refused outright.
# The target is the object of the matrix unless `ACTION_TARGETS` names another.
ACTIONS = {
    "auth.group": {"delete_selected": (403, 403, "done")},
    "auth.user": {"delete_selected": (403, 403, "done")},
    "axes.accessattempt": {
        "delete_selected": (403, 403, "done"),
        # Removes only expired attempts: this one is fresh.
        "cleanup_expired_attempts": (403, 403, "ran"),
    },
    "axes.accesslog": {"delete_selected": (403, 403, "done")},
    "axes.accessfailurelog": {"delete_selected": (403, 403, "done")},
    "otp_totp.totpdevice": {"delete_selected": (403, 403, "done")},
    "django_tasks_database.dbtaskresult": {},
    "campaigns.field": {"delete_selected": ("absent", "absent", "form")},
    "campaigns.unit": {"delete_selected": ("absent", "absent", "form")},
    "campaigns.unitmembership": {"delete_selected": ("absent", "absent", "done")},
    "campaigns.steeringcommittee": {"delete_selected": ("absent", "absent", "done")},
    "campaigns.committeemembership": {"delete_selected": ("absent", "absent", "done")},
    "campaigns.campaign": {
        # A draft is seen only by its own committee: for the commune's member the row is not there.
        "launch_selected": ("hidden", "done", "done"),
        "summarize_selected": ("refused", "done", "done"),
        # A launched campaign is summarized, never deleted.
        "delete_selected": ("absent", "absent", "refused"),
    },
    # Locked criteria are not deleted either.
    "campaigns.criteriaset": {"delete_selected": ("absent", "absent", "refused")},
    "campaigns.criterion": {"delete_selected": ("absent", "absent", "refused")},
    "campaigns.campaigndocument": {"delete_selected": ("absent", "absent", "done")},
    "campaigns.campaignlog": {},
    "models_registry.columnmapping": {"delete_selected": (403, 403, "done")},
    "models_registry.initiative": {
        "approve_selected": ("done", "done", "done"),
        "return_selected": ("done", "done", "done"),
        "reject_selected": ("done", "done", "done"),
        "decline_selected": ("done", "done", "done"),
        "recognize_selected": ("refused", "done", "done"),
        "export_xlsx": ("done", "done", "done"),
        "export_csv": ("done", "done", "done"),
        # It has a history: withdrawn, never deleted.
        "delete_selected": ("absent", "absent", "refused"),
    },
    "models_registry.transitionlog": {},
    "models_registry.inspection": {"delete_selected": ("absent", "absent", "done")},
    "models_registry.scoresheet": {"delete_selected": ("absent", "absent", "done")},
    "models_registry.scoreitem": {"delete_selected": ("absent", "absent", "done")},
    "models_registry.recognitiondecision": {},
    "models_registry.commendation": {"delete_selected": ("absent", "absent", "done")},
    "models_registry.commendationproposal": {"delete_selected": ("absent", "absent", "done")},
    "models_registry.attachment": {"delete_selected": ("absent", "absent", "done")},
    "models_registry.reasontemplate": {"delete_selected": (403, 403, "done")},
    "api.apiclient": {"renew_tokens": (403, 403, "done"), "delete_selected": (403, 403, "done")},
    "api.apicall": {"delete_selected": (403, 403, "done")},
}

# What an action's second step needs (the bulk moves ask for a reason, a plan, a decision).
ACTION_DATA = {
    "summarize_selected": {"apply": "1", "lessons_learned": "Dân biết, dân bàn."},
    "approve_selected": {"apply": "1", "plan_note": "Hỗ trợ kỹ thuật."},
    "return_selected": {"apply": "1", "comment": "Ghi rõ địa chỉ."},
    "reject_selected": {"apply": "1", "comment": "Trùng nội dung."},
    "decline_selected": {"apply": "1", "comment": "Chưa đạt tiêu chí."},
    "recognize_selected": {"apply": "1", "number": "99/QĐ-BCĐ", "decided_on": "2026-11-20", "signer": "Trưởng ban"},
}


def label_of(model) -> str:
    return model._meta.label_lower


@pytest.fixture
def committee_rights(world):
    group = SeedDemo().committee_group()
    for user in (world.chair, world.secretary, world.member, world.member2):
        user.groups.add(group)
    return group


@pytest.fixture
def objects(world, committee_rights) -> dict:
    """One object of every registered model, all under the hamlet (and so under both committees)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_tasks_db.models import DBTaskResult

    from models_registry.api.models import ApiCall, ApiClient
    from models_registry.imports.models import ColumnMapping

    submitted = world.initiative("submitted")
    requested = world.initiative("recognition_requested")
    criteria_set = world.campaign.criteria_set_for(requested.kind)
    # The member's own sheet, still open: from it on, the campaign's criteria are locked.
    sheet = ScoreSheet.objects.create(initiative=requested, member=world.member)
    item = ScoreItem.objects.create(sheet=sheet, criterion=criteria_set.criteria.first(), points=5)
    recognized = world.initiative("recognized")
    commendation = Commendation.objects.create(
        initiative=recognized,
        kind=CommendationKind.CERTIFICATE_OF_MERIT,
        level=CommendationLevel.PROVINCE,
        authority="Ủy ban nhân dân tỉnh",
        decision_number="1/QĐ-UBND",
        decided_on=datetime.date(2026, 11, 1),
        recipient="Ấp Phú Hòa",
    )
    document = CampaignDocument(campaign=world.campaign, title="Kế hoạch", content_type="application/pdf")
    document.file.save("ke-hoach.pdf", ContentFile(PDF_BYTES), save=True)
    api_client = ApiClient(name="Cổng dữ liệu tỉnh", unit=world.province)
    api_client.issue_token()
    api_client.save()
    access = {"user_agent": "pytest", "ip_address": "10.0.0.1", "username": "x", "http_accept": "*/*"}
    return {
        "auth.group": committee_rights,
        "auth.user": world.staff,
        "axes.accessattempt": AccessAttempt.objects.create(
            **access, path_info="/accounts/login/", get_data="", post_data="", failures_since_start=1
        ),
        "axes.accesslog": AccessLog.objects.create(**access, path_info="/accounts/login/"),
        "axes.accessfailurelog": AccessFailureLog.objects.create(**access, path_info="/accounts/login/"),
        "otp_totp.totpdevice": TOTPDevice.objects.create(user=world.admin, name="Điện thoại"),
        "django_tasks_database.dbtaskresult": DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="jobs.tasks.run_job",
            backend_name="default",
            run_after=timezone.now(),
            exception_class_path="",
            traceback="",
        ),
        "campaigns.field": submitted.field,
        "campaigns.unit": world.hamlet,
        "campaigns.unitmembership": UnitMembershipModel.objects.get(user=world.staff),
        # A committee with no decision of its own (the commune's now recognizes its hamlet's, issue 15).
        "campaigns.steeringcommittee": CommitteeFactory(
            unit=UnitFactory(name="Trường Tiểu học Long Hồ", kind="school", parent=world.commune),
            name="Ban Chỉ đạo trường",
        ),
        "campaigns.committeemembership": CommitteeMembership.objects.get(user=world.member),
        "campaigns.campaign": world.campaign,
        "campaigns.criteriaset": criteria_set,
        "campaigns.criterion": criteria_set.criteria.first(),
        "campaigns.campaigndocument": document,
        "campaigns.campaignlog": CampaignLog.objects.create(
            campaign=world.campaign, action="launch", from_state="draft", to_state="launched", actor=world.chair
        ),
        "models_registry.columnmapping": ColumnMapping.objects.create(layout="history-1", headers=["Năm"]),
        "models_registry.initiative": submitted,
        "models_registry.transitionlog": submitted.logs.first(),
        "models_registry.inspection": requested.inspections.first(),
        "models_registry.scoresheet": sheet,
        "models_registry.scoreitem": item,
        "models_registry.recognitiondecision": recognized.decision,
        "models_registry.commendation": commendation,
        "models_registry.commendationproposal": CommendationProposal.objects.create(
            initiative=recognized,
            kind=CommendationKind.HIGHER_CERTIFICATE_OF_MERIT,
            level=CommendationLevel.PROVINCE,
            committee=world.commune_committee,
            achievement="Giảm 80% số vụ tranh chấp.",
        ),
        "models_registry.attachment": requested.attachments.first(),
        "models_registry.reasontemplate": ReasonTemplate.objects.create(
            committee=world.province_committee, action="return_for_revision", text="Ghi rõ địa chỉ."
        ),
        "api.apiclient": api_client,
        "api.apicall": ApiCall.objects.create(client=api_client, method="GET", path="/api/v1/", status=200),
    }


def action_target(world, objects, label: str, action: str):
    """The row an action is tried on: the matrix's object, or one in the state the action starts from."""
    if (label, action) == ("campaigns.campaign", "launch_selected"):
        return CampaignFactory(committee=world.province_committee, state=CampaignState.DRAFT, name="Đợt mới")
    if (label, action) == ("campaigns.campaign", "summarize_selected"):
        return CampaignFactory(committee=world.province_committee, name="Đợt không còn hồ sơ")
    if label == "models_registry.initiative" and action in ("decline_selected", "recognize_selected"):
        requested = world.initiative("recognition_requested")
        score(requested, world.chair, 90)
        score(requested, world.secretary, 80)
        return requested
    return objects[label]


def login_as(client, world, role: str) -> None:
    if role != "anonymous":
        client.force_login(getattr(world, ROLE_USER[role]))


OUTSIDE_THE_ADMIN = ("anonymous", "other_unit_staff", "unit_staff")
ADMIN_ROLES = ("member", "chair", "admin")


def expected(label: str, key: str, role: str):
    if role in OUTSIDE_THE_ADMIN:
        return "login"
    return SCREENS[label][key][ADMIN_ROLES.index(role)]


def url_of(obj, view: str) -> str:
    opts = obj._meta
    args = [] if view in ("add", "changelist") else [obj.pk]
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def snapshot(obj) -> tuple:
    """The row as stored, and the counts a move or an export would add to."""
    from jobs.models import Job

    row = type(obj)._default_manager.filter(pk=obj.pk).values().first()
    if row is not None:
        row.pop("last_login", None)  # a user's own login in the test, not a change made through the admin
    return (
        row,
        type(obj)._default_manager.count(),
        TransitionLog.objects.count(),
        CampaignLog.objects.count(),
        RecognitionDecision.objects.count(),
        Job.objects.count(),
    )


def assert_login_redirect(response) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def form_payload(response) -> dict:
    """The data of an admin form as the page shows it (main form and inlines), ready to post back."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or isinstance(value, FieldFile):
                continue
            key = form.add_prefix(name)
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)
    return data


def changed_payload(client, world, obj) -> dict:
    """What an administrator's change form posts, with every text changed: a change if it went through."""
    client.force_login(world.admin)
    response = client.get(url_of(obj, "change"))
    client.logout()
    data = form_payload(response)
    for key, value in list(data.items()):
        if isinstance(value, str) and value and not value.isdigit() and "-" not in key:
            data[key] = value + " (sửa)"
    return data


# ----- the matrix covers every screen ---------------------------------------------------------
def test_every_admin_screen_and_action_has_a_row_in_the_matrix(world):
    request = RequestFactory().get("/admin/")
    request.user = world.admin
    registered = {label_of(model): model_admin for model, model_admin in admin.site._registry.items()}

    assert set(SCREENS) == set(registered)
    assert set(ACTIONS) == set(registered)
    for label, model_admin in registered.items():
        assert set(model_admin.get_actions(request)) == set(ACTIONS[label]), label


# ----- add and change forms -------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", sorted(SCREENS))
def test_each_admin_add_form_opens_only_for_whom_it_should(client, world, objects, label, role):
    model = type(objects[label])
    before = model._default_manager.count()
    login_as(client, world, role)
    url = url_of(objects[label], "add")
    want = expected(label, "add", role)

    page = client.get(url)
    posted = client.post(url, {"name": "Thêm qua quản trị"})

    if want == "login":
        assert_login_redirect(page)
        assert_login_redirect(posted)
    else:
        assert page.status_code == want
        if want == 403:
            assert posted.status_code == 403
    if want != 200:
        assert model._default_manager.count() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", sorted(SCREENS))
def test_each_admin_change_form_opens_only_for_whom_it_should(client, world, objects, label, role):
    obj = objects[label]
    payload = changed_payload(client, world, obj)
    before = snapshot(obj)
    login_as(client, world, role)
    url = url_of(obj, "change")
    want = expected(label, "change", role)

    page = client.get(url)
    posted = client.post(url, payload)

    if want == "login":
        assert_login_redirect(page)
        assert_login_redirect(posted)
    elif want == HIDDEN:
        assert page.status_code == 302 and posted.status_code == 302
        assert page["Location"] == reverse("admin:index")
    elif want == VIEW:
        assert page.status_code == 200
        assert not page.context["has_change_permission"]
        assert posted.status_code == 403
    elif want == EDIT:
        assert page.status_code == 200
        assert page.context["has_change_permission"]
    else:
        assert page.status_code == want and posted.status_code == want
    if want != EDIT:
        assert snapshot(obj) == before


# ----- actions --------------------------------------------------------------------------------
ACTION_CASES = [(label, action) for label, actions in sorted(ACTIONS.items()) for action in sorted(actions)]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("label", "action"), ACTION_CASES)
def test_each_admin_action_acts_only_for_whom_it_should(client, world, objects, label, action, role):
    target = action_target(world, objects, label, action)
    before = snapshot(target)
    login_as(client, world, role)
    want = "login" if role in OUTSIDE_THE_ADMIN else ACTIONS[label][action][ADMIN_ROLES.index(role)]
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(target.pk)], "index": "0", **ACTION_DATA.get(action, {})}
    if action == "delete_selected":
        data["post"] = "yes"

    response = client.post(url_of(target, "changelist"), data)

    after = snapshot(target)
    errors = [m for m in get_messages(response.wsgi_request) if m.level == ERROR]
    if want == "login":
        assert_login_redirect(response)
    elif want == 403:
        assert response.status_code == 403
    elif want == "done":
        assert response.status_code == 302
        assert after != before
    elif want == "ran":
        assert response.status_code == 302
    elif want == "form":
        assert response.status_code == 200
    elif want == "refused":
        # Back to the list, or the action's page again with what was typed.
        assert response.status_code in (200, 302)
        assert errors, "a refusal is reported, never silent"
    elif want in ("absent", "hidden"):
        # The changelist again (200 when the user has no action at all here) or back to it (302).
        assert response.status_code in (200, 302)
    if want not in ("done", "ran"):
        assert after == before


def test_a_new_initiative_draft_without_history_is_deleted_by_an_administrator_only(client, world, committee_rights):
    draft = InitiativeFactory(campaign=world.campaign, unit=world.hamlet)
    data = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [str(draft.pk)], "index": "0", "post": "yes"}
    changelist = url_of(draft, "changelist")

    client.force_login(world.chair)
    client.post(changelist, data)
    kept = type(draft).objects.filter(pk=draft.pk).exists()
    client.force_login(world.admin)
    client.post(changelist, data)

    assert kept
    assert not type(draft).objects.filter(pk=draft.pk).exists()


def test_the_matrix_campaign_is_running_and_scored(world, objects):
    # The rows above read "locked criteria" and "a launched campaign": make sure that is what they test.
    campaign = Campaign.objects.get(pk=world.campaign.pk)
    assert campaign.state == CampaignState.LAUNCHED
    assert campaign.criteria_locked
    assert Field.objects.filter(pk=objects["campaigns.field"].pk).exists()
