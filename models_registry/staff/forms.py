"""Forms of the unit staff pages: registration, list filters and evidence (the actions' forms: `transition_forms`)."""

from __future__ import annotations

import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.access import levels_over, scope, unit_filter_choices, units_for_registration
from campaigns.forms import KnownModelChoiceField
from campaigns.ids import parse_id
from campaigns.models import Campaign, Field, InitiativeKind, Level, Unit
from dvk.forms import ALL, DateInput, PlaceholderMixin, valid_filters

from ..models import CHOOSE_CONTINUED, REGISTRATION_FIELDS, WOMEN_FIELDS, Initiative, Origin, State, Subject
from ..transition_forms import FILES_HELP, MultipleFileField

# What the committee expects in each field, after guidance 02-HD/BDV (step 2) and the real form.
HELP_TEXTS = {
    "campaign": _("Chỉ hiện các đợt phát động đang trong thời gian đăng ký mà đơn vị bạn tham gia."),
    "unit": _("Đơn vị đăng ký và chịu trách nhiệm thực hiện mô hình, điển hình."),
    "field": _(
        "Mô hình thuộc lĩnh vực nào: phát triển kinh tế; văn hóa – xã hội; an ninh – quốc phòng; "
        "xây dựng hệ thống chính trị; hoặc lĩnh vực khác (an sinh xã hội, trợ giúp người khó khăn…)."
    ),
    "kind": _(
        "Mô hình: việc làm của một tập thể (ấp, khóm, chi hội, cơ quan…). "
        "Điển hình: tập thể hoặc cá nhân tiêu biểu để nêu gương."
    ),
    "subject": _("Chủ thể thực hiện là một tập thể hay một cá nhân."),
    "gender": _("Chỉ ghi cho điển hình cá nhân. Khi bằng thành tích, cá nhân nữ được ưu tiên khen thưởng."),
    "women_share": _(
        "Chỉ ghi cho tập thể (không bắt buộc). Khi bằng thành tích, tập thể có từ 70% nữ trở lên được ưu tiên."
    ),
    "origin": _(
        "Xây dựng mới; duy trì mô hình của chính đơn vị từ năm trước; hoặc nhân rộng mô hình đã được công nhận "
        "của đơn vị khác. Hướng dẫn lưu ý tránh một mô hình cứ báo cáo nhiều lần, trong nhiều năm."
    ),
    "continues": _("Mô hình của đơn vị ở đợt trước mà mô hình này tiếp tục duy trì."),
    "replicates": _("Mô hình đã được công nhận của đơn vị khác mà đơn vị bạn nhân rộng. Gõ tên vào ô tìm kiếm."),
    "name": _("Tên ngắn gọn, nói rõ mô hình làm gì và nhằm giải quyết việc gì."),
    "situation": _(
        "Những vấn đề khó khăn, phức tạp, bức xúc trong đời sống mà cán bộ, đoàn viên, hội viên và nhân dân "
        "đang quan tâm, cần tập trung giải quyết; vì sao chọn nội dung này (căn cứ nhiệm vụ chính trị của địa "
        "phương, đơn vị và nguyện vọng của nhân dân)."
    ),
    "purpose": _(
        "Xây dựng mô hình nhằm mục đích gì: thực hiện nhiệm vụ chính trị của cấp ủy, xây dựng hệ thống chính trị "
        "vững mạnh, hay tập trung giải quyết những vấn đề khó khăn, nhạy cảm, phức tạp, cấp thiết."
    ),
    "goals": _(
        "Mục tiêu, nhiệm vụ cần đạt được và các tiêu chí để đánh giá kết quả; nên có con số cụ thể "
        "(ví dụ: 50 hộ tham gia, 10 hộ thoát nghèo)."
    ),
    "solutions": _(
        "Nội dung, nhiệm vụ và giải pháp thực hiện; cách tuyên truyền, vận động, thuyết phục nhân dân "
        "(khéo vận động, khéo tuyên truyền) và phát huy quyền làm chủ của nhân dân."
    ),
    "area": _("Địa điểm thực hiện: địa phương, đơn vị, cơ sở, chi đoàn, chi hội, khu, tổ dân phố…"),
    "address": _("Địa chỉ cụ thể, rõ ràng để cấp trên thuận lợi hỗ trợ, bồi dưỡng, khảo sát."),
    "implementing_forces": _(
        "Đối tượng thứ nhất: con người, tổ chức, lực lượng tham gia thực hiện — ai chủ trì, ai phối hợp, "
        "ai tham gia và vai trò của từng bên."
    ),
    "target_group": _("Đối tượng thứ hai: đối tượng (hay mục tiêu) mà mô hình hướng đến để vận động."),
    "resources": _(
        "Nguồn lực: kiến thức, kỹ thuật, phương tiện, kinh phí, ngày công, đóng góp của nhân dân và các nguồn hỗ trợ."
    ),
    "starts_on": _(
        "Có mô hình chỉ khoảng một tháng, có mô hình vài tháng hoặc cả năm: thời gian thực hiện từ 1 đến 12 tháng, "
        "trong thời gian của đợt phát động."
    ),
    "ends_on": _(
        "Có thời gian cụ thể thì thuận lợi cho chỉ đạo, thực hiện từng bước và xác định khi nào mô hình hoàn thành."
    ),
    "expected_outputs": _("Sản phẩm, kết quả cụ thể có thể kiểm chứng được khi kết thúc."),
    "sustainability": _("Khả năng duy trì sau khi kết thúc và khả năng nhân rộng ra nơi khác."),
    "advantages": _("Những thuận lợi xác định được qua khảo sát trước khi lựa chọn nội dung."),
    "difficulties": _("Những khó khăn, vướng mắc xác định được qua khảo sát."),
    "contact": _("Họ tên, chức vụ và số điện thoại của người phụ trách để Ban Chỉ đạo liên hệ."),
}

CONTENT_ROWS = 4


class UnitIdField(forms.ModelChoiceField):
    """A unit chosen by its id; an id outside the queryset (unknown or out of scope) gets a plain message."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                _("Không có đơn vị mã %(id)s.") % {"id": value}, code="invalid_choice"
            ) from error


def snippet(name: str) -> HTML:
    """Render templates/models_registry/staff/form/<name>.html inside a crispy layout, with the form's context.

    The markup lives in a template; the values come from variables, never pasted into the markup.
    """
    return HTML(f'{{% include "models_registry/staff/form/{name}.html" %}}')


def _pair(left: str, right: str, column: str = "col-md-6") -> Div:
    return Div(Div(left, css_class=column), Div(right, css_class=column), css_class="row")


class InitiativeForm(PlaceholderMixin, forms.ModelForm):
    """The registration form, grouped in the order of the real form."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Names one filling-in of the "new registration" form (campaigns/submissions.py), so a second
    # POST of it (double tap, back and resend) finds the registration the first one made.
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta:
        model = Initiative
        fields = ["campaign", "unit", "level", *REGISTRATION_FIELDS, *WOMEN_FIELDS]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            # Filled by the search box (dvk.js); the page names the chosen model, never its internal id.
            "replicates": forms.HiddenInput,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        editing = self.instance.pk is not None
        self._offer_campaigns(editing)
        self._offer_units(editing)
        self._offer_levels()
        self._offer_fields()
        self._offer_lineage(editing)
        self._describe_widgets()
        if not self.is_bound:
            self._set_initial()
        self.helper = self._helper()

    # ----- choices ------------------------------------------------------------------------------
    def _offer_campaigns(self, editing: bool) -> None:
        campaigns = Campaign.objects.visible_to(self.user).open_for_registration().select_related("committee__unit")
        if editing:
            # A returned registration may be resubmitted after the window closes: keep its campaign.
            campaigns = Campaign.objects.filter(Q(pk__in=campaigns.values("pk")) | Q(pk=self.instance.campaign_id))
        self.fields["campaign"].queryset = campaigns.order_by("registration_closes_on", "name")
        self.fields["campaign"].empty_label = _("— Chọn đợt phát động —")

    def _offer_units(self, editing: bool) -> None:
        self.unit_search_url = ""
        self.unit_search_label = _("Tìm đơn vị theo tên")
        if editing:
            # The unit of a registration never changes once it exists.
            del self.fields["unit"]
            del self.fields["form_token"]
            return
        units = units_for_registration(self.user)
        unit_ids = list(units.values_list("pk", flat=True)[:2])
        if len(unit_ids) == 1:
            # One unit: nothing to choose, the registration belongs to it.
            self.instance.unit_id = unit_ids[0]
            del self.fields["unit"]
        elif scope(self.user).is_admin:
            # Every unit of the country: typed as an id, found by name through a search box (dvk.js),
            # never a select of them all. The queryset still decides which ids are accepted.
            self.fields["unit"] = UnitIdField(
                queryset=units,
                label=_("Mã số đơn vị"),
                widget=forms.NumberInput(attrs={"min": 1}),
            )
            self.unit_search_url = (
                reverse("admin:autocomplete") + "?app_label=models_registry&model_name=initiative&field_name=unit"
            )
        else:
            self.fields["unit"].queryset = units.order_by("path")

    def _offer_levels(self) -> None:
        """Offer the levels of the committees over the unit, when the unit is known and there is a choice.

        Chosen at registration (a draft may still change it): once submitted, the committee of
        that level has it. Otherwise the lowest committee's level is taken (`Initiative.save`).
        """
        instance = self.instance
        levels = levels_over(instance.unit) if instance.unit_id and "unit" not in self.fields else []
        if len(levels) < 2 or (instance.pk and instance.state != State.DRAFT):
            del self.fields["level"]
            return
        field = self.fields["level"]
        field.choices = [(level, Level(level).label) for level in levels]
        # Left out, the lowest committee's level is taken (Initiative.save): older clients still register.
        field.required = False
        field.help_text = _("Ban Chỉ đạo cấp này thẩm định, kiểm tra, chấm điểm và công nhận mô hình, điển hình.")
        if not instance.level:
            field.initial = levels[0]

    def _offer_fields(self) -> None:
        self.fields["field"].queryset = Field.objects.filter(active=True)
        self.fields["field"].empty_label = _("— Chọn lĩnh vực —")

    def _offer_lineage(self, editing: bool) -> None:
        """Offer the earlier initiatives this one may continue, and a search for the one it replicates."""
        instance = self.instance
        # Earlier initiatives of the same unit(s) this one may continue; a unit has tens a year.
        if editing:
            own_unit_ids = [instance.unit_id]
        else:
            own_unit_ids = list(scope(self.user).staff_units) or ([instance.unit_id] if instance.unit_id else [])
        continues = (
            Initiative.objects.visible_to(self.user)
            .filter(unit_id__in=own_unit_ids)
            .registered()
            .select_related("campaign")
            .order_by("-campaign__year", "name")
        )
        if editing:
            # "Earlier" means another campaign: the same year's registrations are not a lineage.
            continues = continues.exclude(pk=instance.pk).exclude(campaign_id=instance.campaign_id)
        self.fields["continues"].queryset = continues
        self.fields["continues"].label_from_instance = lambda i: f"{i.name} ({i.campaign.year})"
        self.fields["continues"].empty_label = _("— Không —")
        # Chosen by a search box (dvk.js), never a select of every recognized initiative.
        self.fields["replicates"].queryset = Initiative.objects.public()
        self.fields["replicates"].label = _("Mô hình được nhân rộng")
        # A draft started as a replication (the unit's button, or a committee proposal it accepted)
        # keeps its lineage: the source and the origin are shown, not offered for change.
        self.replicate_locked = bool(editing and instance.replicates_id and instance.origin == Origin.REPLICATED)
        if self.replicate_locked:
            self.fields["replicates"].disabled = True
            self.fields["origin"].disabled = True

    # ----- presentation -------------------------------------------------------------------------
    def _describe_widgets(self) -> None:
        for name, text in HELP_TEXTS.items():
            if name in self.fields:
                self.fields[name].help_text = text
        for form_field in self.fields.values():
            if isinstance(form_field.widget, forms.Textarea):
                form_field.widget.attrs["rows"] = CONTENT_ROWS
        # Hooks of dvk.js: the similar-initiatives lookup and the origin-dependent fields.
        self.fields["name"].widget.attrs.update({"autocomplete": "off", "data-similar-source": "1"})
        self.fields["origin"].widget.attrs["data-origin"] = "1"

    def _set_initial(self) -> None:
        self.fields["version"].initial = self.instance.version
        if self.instance.pk is None and self.instance.unit_id:
            # The campaign running now for the unit, not the first of the list (last year's may still be open).
            current = self.fields["campaign"].queryset.current_for(self.instance.unit)
            if current is not None:
                self.initial["campaign"] = current.pk
        if "form_token" in self.fields:
            self.fields["form_token"].initial = uuid.uuid4().hex

    def _helper(self) -> FormHelper:
        """Lay the fields out in the groups and order of the real registration form."""
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            Fieldset(
                _("Đợt phát động và đơn vị"),
                "campaign",
                *self._unit_layout(),
                *(["level"] if "level" in self.fields else []),
                "version",
                *(["form_token"] if "form_token" in self.fields else []),
            ),
            Fieldset(
                _("Thông tin chung"),
                "name",
                snippet("similar_box"),
                _pair("field", "kind"),
                _pair("subject", "origin"),
                _pair("gender", "women_share"),
                Div("continues", css_class="dvk-origin-maintained"),
                Div(snippet("replicate_search"), "replicates", css_class="dvk-origin-replicated"),
            ),
            Fieldset(_("Nội dung"), "situation", "purpose", "goals", "solutions"),
            Fieldset(
                _("Địa bàn và lực lượng thực hiện"),
                _pair("area", "address"),
                "implementing_forces",
                "target_group",
            ),
            Fieldset(
                _("Nguồn lực và thời gian"),
                "resources",
                _pair("starts_on", "ends_on", column="col-sm-6"),
            ),
            Fieldset(
                _("Kết quả dự kiến"),
                "expected_outputs",
                "sustainability",
                "advantages",
                "difficulties",
            ),
            Fieldset(_("Liên hệ"), "contact"),
        )
        return helper

    def _unit_layout(self) -> list:
        if "unit" not in self.fields:
            return []
        if not self.unit_search_url:
            return ["unit"]
        # The search box fills the id field: the replicated initiative's pattern.
        return [snippet("unit_search"), "unit"]

    @property
    def unit_chosen(self) -> str:
        """Name the unit whose id the form holds, so a form shown again says which unit was picked."""
        value = self["unit"].value() if "unit" in self.fields else None
        pk = parse_id(value)
        unit = self.fields["unit"].queryset.filter(pk=pk).first() if pk is not None else None
        return f"✓ {unit.name}" if unit else ""

    def clean(self):
        cleaned = super().clean()
        continues = cleaned.get("continues")
        if continues is not None and cleaned.get("origin") == Origin.MAINTAINED:
            # A new form lists every campaign's initiatives of all the user's units (the campaign and
            # unit are chosen in the same form): only the unit's own, from another campaign, is a lineage.
            campaign = cleaned.get("campaign") or (self.instance.campaign if self.instance.campaign_id else None)
            unit_id = cleaned["unit"].pk if cleaned.get("unit") else self.instance.unit_id
            if (campaign is not None and continues.campaign_id == campaign.pk) or continues.unit_id != unit_id:
                self.add_error("continues", CHOOSE_CONTINUED)
        return cleaned

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if self.instance.pk and version is None:
            return self.instance.version
        return version


class InitiativeFilterForm(PlaceholderMixin, forms.Form):
    """The list filters; every choice list comes through the user's scope."""

    SORTS = {
        "newest": ("-created_at", "-id"),
        "name": ("name", "id"),
        "state": ("state", "-id"),
        "unit": ("unit__name", "-id"),
        "field": ("field__order", "field_id", "-id"),
    }

    placeholder = ALL
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    campaign = forms.ModelChoiceField(label=_("Đợt phát động"), queryset=Campaign.objects.none(), required=False)
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False, empty_value=None)
    field = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Field.objects.none(), required=False)
    unit = KnownModelChoiceField(
        Unit.objects.none(),
        label=_("Đơn vị (gồm các đơn vị trực thuộc)"),
        required=False,
        empty_label=ALL,
        error_messages={"invalid_choice": _("Đơn vị này không thuộc phạm vi của bạn.")},
    )
    state = forms.ChoiceField(label=_("Trạng thái"), required=False)
    kind = forms.ChoiceField(label=_("Loại"), required=False)
    subject = forms.ChoiceField(label=_("Chủ thể"), required=False)
    origin = forms.ChoiceField(label=_("Hình thức"), required=False)
    sort = forms.ChoiceField(
        label=_("Sắp xếp"),
        required=False,
        choices=[
            ("newest", _("Mới nhất")),
            ("name", _("Tên")),
            ("state", _("Trạng thái")),
            ("unit", _("Đơn vị")),
            ("field", _("Lĩnh vực")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.narrow = scope(user).is_narrow
        campaigns = list(Campaign.objects.visible_to(user).only("id", "name", "year").order_by("-year", "name"))
        self.fields["campaign"].queryset = Campaign.objects.filter(pk__in=[c.pk for c in campaigns])
        self.fields["campaign"].choices = [("", ALL)] + [(c.pk, c.name) for c in campaigns]
        years = sorted({c.year for c in campaigns}, reverse=True)
        self.fields["year"].choices = [("", ALL)] + [(y, y) for y in years]
        fields = list(Field.objects.all())
        self.fields["field"].queryset = Field.objects.all()
        self.fields["field"].choices = [("", ALL)] + [(f.pk, f.label) for f in fields]
        blank = [("", ALL)]
        self.fields["state"].choices = blank + list(State.choices)
        self.fields["kind"].choices = blank + list(InitiativeKind.choices)
        self.fields["subject"].choices = blank + list(Subject.choices)
        self.fields["origin"].choices = blank + list(Origin.choices)
        if scope(user).may_open_committee_pages:
            self.fields["unit"].known = list(unit_filter_choices(user, own_units=True))
        else:
            # Unit staff who sit on no committee see their own units only: the filter would not narrow.
            del self.fields["unit"]

    def filter(self, qs):
        """Return the queryset narrowed by the valid filters and sorted (see `valid_filters`)."""
        data = valid_filters(self)
        if data.get("q"):
            qs = qs.search(data["q"], scoped=self.narrow)
        if data.get("campaign"):
            qs = qs.filter(campaign_id=data["campaign"].pk)
        if data.get("year"):
            qs = qs.filter(campaign__year=data["year"])
        if data.get("field"):
            qs = qs.filter(field_id=data["field"].pk)
        if data.get("unit"):
            # The unit and its subtree; the choice is one of the user's own units (see unit_filter_choices).
            qs = qs.filter(unit__path__startswith=data["unit"].path)
        for name in ("state", "kind", "subject", "origin"):
            if data.get(name):
                qs = qs.filter(**{name: data[name]})
        return qs.order_by(*self.SORTS.get(data.get("sort") or "newest", self.SORTS["newest"]))


class EvidenceForm(PlaceholderMixin, forms.Form):
    files = MultipleFileField(label=_("Tệp minh chứng"), required=True, help_text=FILES_HELP)
