from __future__ import annotations

from django import forms

from dvk.forms import PlaceholderMixin

from .models import Preference


class PreferenceForm(PlaceholderMixin, forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["delivery", "language"]
        widgets = {"delivery": forms.RadioSelect}
