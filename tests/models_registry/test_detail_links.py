from django.urls import reverse


def test_a_leader_finds_the_commendation_link_on_a_recognized_initiative(world, client):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    response = client.get(reverse("staff:initiative_detail", args=[initiative.pk]))

    assert reverse("reports:commendation_create", args=[initiative.pk]) in response.content.decode()


def test_a_plain_committee_member_gets_no_commendation_link(world, client):
    initiative = world.initiative("recognized")
    client.force_login(world.member)

    response = client.get(reverse("staff:initiative_detail", args=[initiative.pk]))

    assert response.status_code == 200
    assert reverse("reports:commendation_create", args=[initiative.pk]) not in response.content.decode()
