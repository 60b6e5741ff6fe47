from __future__ import annotations

from django import forms

from .models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["delivery", "language"]
        widgets = {"delivery": forms.RadioSelect}
