"""What the campaigns app tells apps above it without importing them (they connect in their `ready`)."""

from django.dispatch import Signal

# Sent after commit with `campaign`, `kind` (one of lifecycle.ANNOUNCEMENTS) and `actor`:
# the notifications app tells everyone in the campaign's scope.
campaign_announced = Signal()

# Sent inside the move's transaction with `unit`, `old_path` and `new_path` when a unit (and so its
# whole subtree) moved under another parent: the registry moves its counts kept per subtree.
unit_moved = Signal()
