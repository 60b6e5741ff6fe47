"""Optional second factor (django-otp TOTP) for administrators and committee leaders.

Whoever may turn it on (see `may_use_two_factor`) opens "Xác thực hai bước", adds the key to an
authenticator app and confirms with one code; from then on the login page asks for the app's
6-digit code after the password. Users without a confirmed device log in with the password
alone. A lost phone: an administrator deletes the device in the admin ("TOTP devices").
"""

from __future__ import annotations

from base64 import b32encode

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from campaigns.access import scope


def may_use_two_factor(user) -> bool:
    """Say whether the user may turn on the second factor: administrators and committee leaders."""
    if not user.is_authenticated:
        return False
    s = scope(user)
    return user.is_superuser or s.may_lead


def confirmed_device(user) -> TOTPDevice | None:
    """Return the user's confirmed authenticator, if they turned the second factor on."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first() if user.pk else None


def check_code(device: TOTPDevice, code: str) -> None:
    """Raise ValidationError unless `code` is the device's current code (django-otp throttles guesses)."""
    allowed, _extra = device.verify_is_allowed()
    if not allowed:
        raise forms.ValidationError(
            _("Đã nhập sai mã xác thực nhiều lần: hãy đợi một lát rồi thử lại."), code="otp_throttled"
        )
    if not code:
        raise forms.ValidationError(
            _("Tài khoản này đã bật xác thực hai bước: hãy nhập mã 6 số trong ứng dụng xác thực."),
            code="otp_required",
        )
    if not device.verify_token(code.replace(" ", "")):
        raise forms.ValidationError(_("Mã xác thực không đúng hoặc đã hết hạn."), code="otp_invalid")


class LoginForm(AuthenticationForm):
    """Django's login form plus the authenticator code, asked only of users who turned it on."""

    otp_token = forms.CharField(
        label=gettext_lazy("Mã xác thực"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self):
        cleaned = super().clean()
        self.otp_device = None
        user = self.get_user()
        device = confirmed_device(user) if user is not None else None
        if device is not None:
            check_code(device, cleaned.get("otp_token", ""))
            self.otp_device = device
        return cleaned


class LoginView(auth_views.LoginView):
    """Log in with the password, and with the authenticator code when the user turned it on."""

    authentication_form = LoginForm

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        return response


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã 6 số trong ứng dụng xác thực"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        check_code(self.device, code)
        return code


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn the authenticator on (show the key, confirm with a code) or off (with a current code)."""
    if not may_use_two_factor(request.user):
        raise PermissionDenied(_("Chỉ quản trị viên và lãnh đạo Ban Chỉ đạo dùng xác thực hai bước."))
    device = confirmed_device(request.user)
    if device is None:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or TOTPDevice.objects.create(
            user=request.user, name="DVK", confirmed=False
        )
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        if device.confirmed:
            TOTPDevice.objects.filter(user=request.user).delete()
            messages.success(request, _("Đã tắt xác thực hai bước."))
        else:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Đã bật xác thực hai bước: từ nay đăng nhập cần thêm mã trong ứng dụng."))
        return redirect("two_factor")
    key = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "device": device,
        "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
        "config_url": device.config_url,
    }
    return render(request, "registration/two_factor.html", context)
