import pytest


@pytest.mark.parametrize(
    "state",
    [
        "draft",
        "submitted",
        "returned",
        "approved",
        "rejected",
        "recognition_requested",
        "recognized",
        "not_recognized",
        "withdrawn",
    ],
)
def test_every_state_is_reachable_through_the_entry_point(world, state):
    initiative = world.initiative(state)

    assert initiative.state == state
    last = initiative.logs.last()
    assert (last.to_state if last else "draft") == state


def test_a_stale_edit_is_refused_and_writes_nothing(world):
    from models_registry.models import Initiative, StaleEdit

    initiative = world.initiative("draft")
    first, second = Initiative.objects.get(pk=initiative.pk), Initiative.objects.get(pk=initiative.pk)
    first.name = "Tên mới"
    first.save_edit(expected_version=first.version)
    second.name = "Tên cũ ghi đè"

    with pytest.raises(StaleEdit):
        second.save_edit(expected_version=second.version)

    assert Initiative.objects.get(pk=initiative.pk).name == "Tên mới"
