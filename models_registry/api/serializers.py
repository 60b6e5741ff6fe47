"""What the API answers: plain rows with English keys, codes for choices, ids for links."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from campaigns.models import Campaign, CampaignState, CriteriaSet, Criterion, InitiativeKind, Level, Unit

from ..models import AWARD_FIELDS, REGISTRATION_CONTENT, Commendation, Initiative, RecognitionDecision, State, Subject


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ("id", "name", "path")


class UnitSerializer(serializers.ModelSerializer):
    path = serializers.CharField(
        read_only=True, help_text=_("Đường dẫn trong cây đơn vị: mã các đơn vị cấp trên rồi mã đơn vị, mỗi mã kèm '/'.")
    )
    level = serializers.ChoiceField(
        choices=Level.choices, read_only=True, help_text=_("Cấp công nhận mà Ban Chỉ đạo của đơn vị này trao.")
    )
    predecessors = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        help_text=_(
            "Các đơn vị mà đơn vị này được hình thành từ (sáp nhập, đổi tên): lịch sử của chúng là của đơn vị này."
        ),
    )

    class Meta:
        model = Unit
        fields = ("id", "name", "kind", "code", "parent", "path", "depth", "level", "predecessors")


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ("id", "name", "description", "max_points", "order")


class CriteriaSetSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaSet
        fields = ("id", "kind", "name", "threshold", "criteria")


class CampaignSerializer(serializers.ModelSerializer):
    committee_unit = serializers.IntegerField(source="committee.unit_id", read_only=True)
    criteria_sets = CriteriaSetSerializer(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = (
            "id",
            "name",
            "year",
            "theme",
            "state",
            "committee",
            "committee_unit",
            "starts_on",
            "ends_on",
            "registration_opens_on",
            "registration_closes_on",
            "requires_inspection",
            "launched_at",
            "summarized_at",
            "criteria_sets",
        )


class DecisionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecognitionDecision
        fields = ("id", "number", "decided_on", "level")


class DecisionSerializer(serializers.ModelSerializer):
    committee_unit = serializers.IntegerField(source="committee.unit_id", read_only=True)
    initiative_count = serializers.IntegerField(
        source="n", read_only=True, help_text=_("Số mô hình, điển hình được công nhận theo quyết định này.")
    )

    class Meta:
        model = RecognitionDecision
        fields = ("id", "number", "decided_on", "signer", "level", "committee", "committee_unit", "initiative_count")


class CommendationSerializer(serializers.ModelSerializer):
    """Every award recorded, a recovered one too: an integration that read it learns that it was recovered
    (`recovered_on` set) instead of seeing it vanish. The summary and the open data count only those standing."""

    class Meta:
        model = Commendation
        fields = (
            "id",
            "initiative",
            *AWARD_FIELDS,
            "recovered_on",
            "recovery_number",
            "updated_at",
        )
        read_only_fields = ("recovered_on", "recovery_number", "updated_at")
        extra_kwargs = {
            "updated_at": {"help_text": _("Lần cuối bản ghi thay đổi (sửa, thu hồi): dùng cho tham số changed_since.")},
            "recovered_on": {"help_text": _("Ngày quyết định thu hồi khen thưởng; null: khen thưởng chưa bị thu hồi.")},
            "recovery_number": {"help_text": _("Số quyết định thu hồi khen thưởng; rỗng khi chưa bị thu hồi.")},
        }


class InitiativeSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="campaign.year", read_only=True)
    unit = UnitRefSerializer(read_only=True)
    field_code = serializers.CharField(source="field.code", read_only=True)
    decision = DecisionRefSerializer(read_only=True, allow_null=True)
    # The level the initiative aims at, chosen at registration (issue 15); its decision's level is `decision.level`
    # (a nominated model recognized above keeps its first decision there, the upper one on its nomination).
    level = serializers.ChoiceField(
        choices=Level.choices,
        read_only=True,
        help_text=_("Cấp đăng ký: cấp mà mô hình, điển hình đăng ký để được công nhận."),
    )
    continues = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("Mô hình năm trước mà mô hình này duy trì.")
    )
    replicates = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("Mô hình gốc mà mô hình này nhân rộng.")
    )

    class Meta:
        model = Initiative
        fields = (
            "id",
            "name",
            "campaign",
            "year",
            "unit",
            "field",
            "field_code",
            "kind",
            "subject",
            "origin",
            "continues",
            "replicates",
            "state",
            "decision",
            "level",
            "outstanding",
            "submitted_at",
            "created_at",
            "updated_at",
        )


# The registration content an integration reads on the detail (no contact: it names a person).
DETAIL_CONTENT = (
    *(name for name in REGISTRATION_CONTENT if name not in ("address", "advantages", "difficulties", "contact")),
    "results_report",
)


class InitiativeDetailSerializer(InitiativeSerializer):
    class Meta(InitiativeSerializer.Meta):
        fields = (*InitiativeSerializer.Meta.fields, *DETAIL_CONTENT)


# ----- query parameters ------------------------------------------------------------------------
class InitiativeFilterSerializer(serializers.Serializer):
    campaign = serializers.IntegerField(required=False, min_value=1, help_text=_("Mã đợt phát động."))
    year = serializers.IntegerField(required=False, min_value=1, max_value=9999, help_text=_("Năm của đợt phát động."))
    field = serializers.IntegerField(required=False, min_value=1, help_text=_("Mã lĩnh vực."))
    state = serializers.ChoiceField(choices=State.choices, required=False, help_text=_("Trạng thái hồ sơ."))
    kind = serializers.ChoiceField(
        choices=InitiativeKind.choices, required=False, help_text=_("Mô hình hay điển hình.")
    )
    subject = serializers.ChoiceField(choices=Subject.choices, required=False, help_text=_("Tập thể hay cá nhân."))
    level = serializers.ChoiceField(choices=Level.choices, required=False, help_text=_("Cấp đăng ký."))
    unit = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Mã đơn vị: chỉ lấy hồ sơ của đơn vị này và các đơn vị cấp dưới.")
    )
    changed_since = serializers.DateTimeField(
        required=False, help_text=_("Chỉ lấy hồ sơ cập nhật từ thời điểm này (ISO 8601).")
    )


class UnitFilterSerializer(serializers.Serializer):
    unit = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Mã đơn vị: chỉ lấy đơn vị này và các đơn vị cấp dưới.")
    )
    parent = serializers.IntegerField(required=False, min_value=1, help_text=_("Mã đơn vị cấp trên trực tiếp."))


class CampaignFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1, max_value=9999, help_text=_("Năm."))
    state = serializers.ChoiceField(choices=CampaignState.choices, required=False, help_text=_("Trạng thái đợt."))


class DecisionFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=1, max_value=9999, help_text=_("Năm ban hành quyết định.")
    )
    level = serializers.ChoiceField(choices=Level.choices, required=False, help_text=_("Cấp công nhận."))
    unit = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Mã đơn vị: quyết định của Ban Chỉ đạo thuộc đơn vị này trở xuống.")
    )


class CommendationFilterSerializer(serializers.Serializer):
    initiative = serializers.IntegerField(required=False, min_value=1, help_text=_("Mã mô hình, điển hình."))
    campaign = serializers.IntegerField(required=False, min_value=1, help_text=_("Mã đợt phát động."))
    year = serializers.IntegerField(required=False, min_value=1, max_value=9999, help_text=_("Năm của đợt phát động."))
    unit = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Mã đơn vị: khen thưởng cho hồ sơ của đơn vị này trở xuống.")
    )
    changed_since = serializers.DateTimeField(
        required=False,
        help_text=_("Chỉ lấy khen thưởng được ghi, sửa hoặc thu hồi từ thời điểm này (ISO 8601)."),
    )


class SummaryFilterSerializer(serializers.Serializer):
    campaign = serializers.IntegerField(required=False, min_value=1, help_text=_("Mã đợt phát động."))
    year = serializers.IntegerField(required=False, min_value=1, max_value=9999, help_text=_("Năm."))


# ----- the summary -------------------------------------------------------------------------------
class RowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    registered = serializers.IntegerField()
    recognized = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class CountRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class UnitRowSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    path = serializers.CharField()
    direct = serializers.BooleanField(help_text=_("Dòng các hồ sơ của chính đơn vị gốc (không gồm cấp dưới)."))
    registered = serializers.IntegerField()
    recognized = serializers.IntegerField()
    outstanding = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class ReplicatedSourceSerializer(serializers.Serializer):
    initiative_id = serializers.IntegerField()
    name = serializers.CharField()
    unit_name = serializers.CharField()
    count = serializers.IntegerField()


class SummarySerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text=_("Mọi hồ sơ trong phạm vi, kể cả bản nháp và hồ sơ đã rút."))
    registered = serializers.IntegerField(help_text=_("Hồ sơ đã đăng ký (trừ bản nháp và hồ sơ đã rút)."))
    recognized = serializers.IntegerField()
    rate = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text=_("Tỷ lệ công nhận trên đăng ký (%).")
    )
    outstanding = serializers.IntegerField()
    replications = serializers.IntegerField()
    commendations_total = serializers.IntegerField()
    by_field = RowSerializer(many=True)
    by_kind = RowSerializer(many=True)
    by_subject = RowSerializer(many=True)
    by_origin = RowSerializer(many=True)
    by_level = CountRowSerializer(many=True)
    by_unit = UnitRowSerializer(many=True)
    by_state = CountRowSerializer(many=True)
    commendations_by_kind = CountRowSerializer(many=True)
    commendations_by_level = CountRowSerializer(many=True)
    # What the summary page shows under the same heading: the ten sources with the most replications
    # that count, ties included.
    top_replicated = ReplicatedSourceSerializer(many=True, help_text=_("Mô hình được nhân rộng nhiều nhất"))


# ----- open data ---------------------------------------------------------------------------------
# The showcase's detail page, field by field (templates/models_registry/showcase/detail.html).
OPEN_FIELDS = (
    "id",
    "name",
    "outstanding",
    "kind",
    "subject",
    "origin",
    "unit",
    "field",
    "area",
    "starts_on",
    "ends_on",
    "campaign",
    "year",
    "decision_number",
    "decided_on",
    "level",
    "replication_count",
    "purpose",
    "situation",
    "goals",
    "solutions",
    "implementing_forces",
    "target_group",
    "resources",
    "expected_outputs",
    "results_report",
    "sustainability",
    "commendations",
)


class OpenCommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commendation
        fields = ("kind", "authority", "decision_number", "decided_on")


class OpenInitiativeSerializer(serializers.ModelSerializer):
    """The fields the public showcase shows for a recognized initiative, and nothing more."""

    unit = serializers.CharField(source="unit.name", read_only=True)
    field = serializers.CharField(source="field.name", read_only=True)
    campaign = serializers.CharField(source="campaign.name", read_only=True)
    year = serializers.IntegerField(source="campaign.year", read_only=True)
    decision_number = serializers.CharField(source="decision.number", read_only=True, allow_null=True)
    decided_on = serializers.DateField(source="decision.decided_on", read_only=True, allow_null=True)
    level = serializers.ChoiceField(choices=Level.choices, source="decision.level", read_only=True, allow_null=True)
    replication_count = serializers.IntegerField(read_only=True, help_text=_("Số đơn vị đã nhân rộng mô hình này."))
    commendations = OpenCommendationSerializer(many=True, read_only=True)

    class Meta:
        model = Initiative
        fields = OPEN_FIELDS


class OpenDataFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1, max_value=9999, help_text=_("Năm của đợt phát động."))
    field = serializers.IntegerField(required=False, min_value=1, help_text=_("Mã lĩnh vực."))
