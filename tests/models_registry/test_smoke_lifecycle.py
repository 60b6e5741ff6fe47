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
