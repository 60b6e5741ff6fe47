from __future__ import annotations

from django import forms

from dvk.forms import PlaceholderMixin

from .models import Delivery, Notification, Preference


class PreferenceForm(PlaceholderMixin, forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["delivery", "language"]
        widgets = {"delivery": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read before validation writes the new choice onto the instance.
        self.delivery_before = self.instance.delivery if self.instance.pk else None

    def save(self, commit: bool = True) -> Preference:
        """Save the choice; a new way of being told holds from now on: what came before is not in the next digest."""
        preference = super().save(commit)
        if commit and preference.delivery != self.delivery_before and preference.delivery != Delivery.IMMEDIATE:
            Notification.objects.for_user(preference.user).mark_mailed()
        return preference
