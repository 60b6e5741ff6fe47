"""What the campaigns app tells apps above it without importing them (they connect in their `ready`)."""

from django.dispatch import Signal

# Sent after commit with `campaign`, `kind` (one of lifecycle.ANNOUNCEMENTS) and `actor`:
# the notifications app tells everyone in the campaign's scope.
campaign_announced = Signal()
