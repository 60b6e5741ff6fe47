"""Accent-insensitive search, NFC storage and "similar earlier initiatives"."""

from __future__ import annotations

import datetime
import unicodedata

import pytest

from campaigns.models import Campaign, Unit
from campaigns.text import fold, nfc
from models_registry import search
from models_registry.models import Initiative, State
from models_registry.search import SAME_INITIATIVE_RATIO, SIMILAR_RATIO, recognized_twin, similar_earlier, similarity
from tests.conftest import move_to
from tests.factories import CampaignFactory, InitiativeFactory

NAME = "Dân vận khéo trong xây dựng đường giao thông nông thôn"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.fixture
def found(world) -> Initiative:
    InitiativeFactory(campaign=world.campaign, unit=world.hamlet, name="Tổ phụ nữ tiết kiệm")
    return InitiativeFactory(campaign=world.campaign, unit=world.hamlet, name=NAME)


@pytest.mark.parametrize(
    "query",
    ["dan van kheo", "DÂN VẬN KHÉO", nfd("Dân vận khéo"), "  dân   VẬN  kheo ", "Dan Van Kheo", nfd("DÂN VẬN KHÉO")],
)
def test_every_spelling_of_dan_van_kheo_finds_the_initiative(found, query):
    assert list(Initiative.objects.search(query)) == [found]


@pytest.mark.parametrize("query", ["đường", "Đường", "duong", "DUONG GIAO THONG"])
def test_d_with_stroke_folds_to_d(found, query):
    assert list(Initiative.objects.search(query)) == [found]


def test_every_word_must_match(found):
    assert list(Initiative.objects.search("dan van kheo camera")) == []


def test_search_also_looks_at_the_content(world):
    initiative = InitiativeFactory(
        campaign=world.campaign, unit=world.hamlet, name="Mô hình A", solutions="Thắp sáng đường quê"
    )

    assert list(Initiative.objects.search("thap sang")) == [initiative]


def test_an_empty_search_filters_nothing(found):
    assert Initiative.objects.search("   ").count() == 2


def test_fold_gives_the_search_key():
    assert fold("Dân vận khéo") == fold("DÂN VẬN KHÉO") == fold(nfd("Dân vận khéo")) == "dan van kheo"
    assert fold("Đồng Đăng đường") == "dong dang duong"
    assert fold("  Ấp   Phú\tHòa\n") == "ap phu hoa"
    assert fold("Ư ơ ữ ặ ỹ") == "u o u a y"
    assert fold(None) == fold("") == ""


def test_nfc_normalizes_and_trims():
    assert nfc(nfd(" Khéo ")) == "Khéo"
    assert len(nfc(nfd("Khéo"))) == 4
    assert nfc(None) == ""


def test_text_typed_decomposed_is_stored_composed(world):
    initiative = InitiativeFactory(
        campaign=world.campaign, unit=world.hamlet, name=nfd(NAME), situation=nfd("Đường lầy lội mùa mưa")
    )

    row = Initiative.objects.get(pk=initiative.pk)
    assert row.name == NAME
    assert unicodedata.is_normalized("NFC", row.name)
    assert row.situation == "Đường lầy lội mùa mưa"
    assert row.search_text.startswith("dan van kheo trong xay dung duong")


def test_units_and_campaigns_are_stored_composed_and_folded(world):
    unit = Unit.objects.create(name=nfd("Ấp Phước Hậu"), kind="hamlet", parent=world.commune)
    campaign = CampaignFactory(committee=world.province_committee, name=nfd("Dân vận khéo 2027"))

    assert Unit.objects.get(pk=unit.pk).name == "Ấp Phước Hậu"
    assert Unit.objects.get(pk=unit.pk).search_text == "ap phuoc hau"
    assert Campaign.objects.get(pk=campaign.pk).name == "Dân vận khéo 2027"


# ----- similar earlier initiatives ---------------------------------------------------------
@pytest.fixture
def last_year(world) -> Campaign:
    return CampaignFactory(
        committee=world.province_committee,
        year=world.campaign.year - 1,
        registration_closes_on=datetime.date.today() + datetime.timedelta(days=1),
    )


def earlier(world, campaign, state: str, unit=None, **kwargs) -> Initiative:
    return move_to(world, InitiativeFactory(campaign=campaign, unit=unit or world.hamlet, **kwargs), state)


def test_similar_earlier_finds_the_units_own_earlier_similar_initiative(world, last_year):
    own = earlier(world, last_year, "approved", name="Mô hình Tổ phụ nữ tiết kiệm giúp nhau thoát nghèo")
    earlier(world, last_year, "approved", unit=world.other_hamlet, name=own.name)
    earlier(world, last_year, "approved", name="Camera an ninh giữ bình yên thôn xóm")

    found = similar_earlier(world.hamlet.pk, "mo hinh to phu nu tiet kiem giup nhau thoat ngheo", campaign_id=None)

    assert [initiative for initiative, _ in found] == [own]
    assert found[0][1] == pytest.approx(1.0)


def test_similar_earlier_ranks_best_first_and_skips_drafts_withdrawn_and_this_campaign(world, last_year):
    close = earlier(world, last_year, "recognized", name="Tổ phụ nữ tiết kiệm giúp nhau thoát nghèo")
    closer = earlier(world, last_year, "submitted", name="Tổ phụ nữ tiết kiệm giúp nhau thoát nghèo bền vững")
    earlier(world, last_year, "draft", name=close.name)
    earlier(world, last_year, "withdrawn", name=close.name)
    this_year = world.initiative("submitted", name=close.name, origin="maintained", continues=close)

    found = similar_earlier(
        world.hamlet.pk,
        "Tổ phụ nữ tiết kiệm giúp nhau thoát nghèo bền vững",
        exclude_pk=None,
        campaign_id=world.campaign.pk,
    )

    assert [initiative for initiative, _ in found] == [closer, close]
    assert this_year not in [initiative for initiative, _ in found]


def test_similar_earlier_of_an_empty_name_is_empty(world):
    assert similar_earlier(world.hamlet.pk, "   ") == []


def test_recognized_twin_finds_the_recognized_earlier_initiative(world, last_year):
    twin = earlier(world, last_year, "recognized", name="Mô hình Tổ phụ nữ tiết kiệm giúp nhau thoát nghèo")
    again = world.initiative("draft", name=nfd("MÔ HÌNH TỔ PHỤ NỮ TIẾT KIỆM GIÚP NHAU THOÁT NGHÈO"))

    assert recognized_twin(again) == twin


def test_recognized_twin_ignores_initiatives_not_recognized_or_of_other_units(world, last_year):
    name = "Mô hình Tổ phụ nữ tiết kiệm giúp nhau thoát nghèo"
    earlier(world, last_year, "not_recognized", name=name)
    earlier(world, last_year, "recognized", unit=world.other_hamlet, name=name)
    again = world.initiative("draft", name=name)

    assert recognized_twin(again) is None


def test_recognized_twin_ignores_a_merely_related_name(world, last_year):
    earlier(world, last_year, "recognized", name="Camera an ninh giữ bình yên thôn xóm")
    new = world.initiative("draft", name="Thắp sáng đường quê bằng đèn năng lượng mặt trời")

    assert recognized_twin(new) is None
    assert new.state == State.DRAFT


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Tổ phụ nữ tiết kiệm giúp nhau thoát nghèo", "Camera an ninh giữ bình yên thôn xóm"),
        # Names that share only the words every name has are not alike.
        ("Mô hình dân vận khéo xây dựng nông thôn mới", "Mô hình dân vận khéo bảo vệ môi trường"),
    ],
)
def test_unrelated_names_are_not_similar(a, b):
    assert similarity(a, "", b, "") < SIMILAR_RATIO


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Tổ phụ nữ tiết kiệm vì người nghèo", "Tổ phụ nữ tiết kiệm"),
        ("Tuyến đường tự quản", "TUYẾN ĐƯỜNG TỰ QUẢN KIỂU MẪU"),
        ("Camera an ninh", "Camera an ninh trật tự"),
    ],
)
def test_related_names_are_similar_but_not_the_same(a, b):
    assert SIMILAR_RATIO <= similarity(a, "", b, "") < SAME_INITIATIVE_RATIO


def test_the_same_name_spelled_differently_is_the_same_initiative():
    assert similarity("Đường hoa nông thôn", "", nfd("ĐƯỜNG HOA NÔNG THÔN"), "") == 1.0


def test_similar_earlier_scores_only_the_newest_candidates_that_share_a_word_of_the_name(
    world, last_year, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr("models_registry.search.CANDIDATES", 2)
    oldest = earlier(world, last_year, "recognized", name="Camera bình yên xóm")
    for name in ["Thắp sáng đường quê", "Sân chơi thiếu nhi", "Vườn rau sạch"]:
        earlier(world, last_year, "approved", name=name)
    newer = earlier(world, last_year, "approved", name="Camera bình yên xóm nhỏ")
    newest = earlier(world, last_year, "approved", name="Camera bình yên")

    with django_assert_num_queries(1):
        found = similar_earlier(world.hamlet.pk, "Camera bình yên xóm", campaign_id=None)

    # The three unrelated newer ones share no word of the name: they are not candidates, so the
    # two newest candidates are the two related ones and the oldest is past the limit.
    assert {initiative for initiative, _ in found} == {newer, newest}
    assert oldest not in [initiative for initiative, _ in found]


def test_similar_earlier_finds_an_older_twin_behind_many_unrelated_newer_initiatives(world, last_year, monkeypatch):
    monkeypatch.setattr("models_registry.search.CANDIDATES", 2)
    twin = earlier(world, last_year, "recognized", name="Camera bình yên xóm")
    for name in ["Thắp sáng đường quê", "Sân chơi thiếu nhi", "Vườn rau sạch"]:
        earlier(world, last_year, "approved", name=name)
    again = world.initiative("draft", name="Camera bình yên xóm")

    assert recognized_twin(again) == twin


def test_quotes_and_commas_are_not_part_of_a_word():
    assert search.significant_words("“Tổ phụ nữ” tiết kiệm, (giúp nhau)") == {
        "phu",
        "nu",
        "tiet",
        "kiem",
        "giup",
        "nhau",
    }
    assert similarity("“Camera bình yên xóm”", "", "Camera bình yên xóm.", "") == 1.0


def test_words_too_short_to_tell_do_not_pre_filter_the_candidates():
    # As substrings "an" and "ap" are in "thắp sáng", "sân", "vườn rau sạch"…: nearly every row.
    assert search.filter_words({"camera", "an", "ninh", "ap"}) == ["camera", "ninh"]
    assert search.filter_words({"an", "ap"}) == []


def test_similar_earlier_finds_the_twin_behind_newer_rows_that_only_hold_a_short_word_of_the_name(
    world, last_year, monkeypatch
):
    monkeypatch.setattr("models_registry.search.CANDIDATES", 2)
    twin = earlier(world, last_year, "recognized", name="Camera an ninh ấp")
    for name in ["Thắp sáng đường quê", "Sân chơi thiếu nhi", "Vườn rau sạch"]:
        earlier(world, last_year, "approved", name=name)

    found = similar_earlier(world.hamlet.pk, "“Camera an ninh ấp”", campaign_id=None)

    assert [initiative for initiative, _ in found] == [twin]
    assert found[0][1] == pytest.approx(1.0)


def test_similar_earlier_of_a_name_made_of_common_words_compares_every_candidate(world, last_year):
    same = earlier(world, last_year, "approved", name="Mô hình dân vận khéo")

    found = similar_earlier(world.hamlet.pk, "mô hình DÂN VẬN KHÉO", campaign_id=None)

    assert [initiative for initiative, _ in found] == [same]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Tổ phụ nữ tiết kiệm giúp nhau thoát nghèo", "Camera an ninh giữ bình yên thôn xóm"),
        ("Tổ phụ nữ tiết kiệm giúp nhau thoát nghèo", "Tổ phụ nữ tiết kiệm giúp nhau thoát nghèo bền vững"),
        ("Mô hình dân vận khéo", "Mô hình dân vận khéo xây dựng"),
        ("Thắp sáng đường quê", "Thap sang duong que"),
    ],
)
@pytest.mark.parametrize("floor", [SIMILAR_RATIO, SAME_INITIATIVE_RATIO])
def test_the_early_exit_below_the_floor_never_changes_a_score_that_reaches_it(a, b, floor):
    exact = similarity(a, a, b, b)
    key, words = search._name_key(a)

    quick = search._score(key, words, search.significant_words(a), b, search.significant_words(b), floor)

    assert (quick >= floor) == (exact >= floor)
    if exact >= floor:
        assert quick == exact


def test_similar_earlier_looks_only_as_far_back_as_the_units_newest_history(world, last_year, monkeypatch):
    monkeypatch.setattr("models_registry.search.HISTORY", 2)
    oldest = earlier(world, last_year, "approved", name="Camera bình yên xóm")
    newer = [earlier(world, last_year, "approved", name=f"Camera bình yên xóm {n}") for n in ("nhỏ", "mới")]

    found = similar_earlier(world.hamlet.pk, "Camera bình yên xóm", campaign_id=None)

    assert {initiative for initiative, _ in found} == set(newer)
    assert oldest not in [initiative for initiative, _ in found]


def test_this_campaigns_registrations_do_not_use_up_the_history_the_hint_looks_at(world, last_year, monkeypatch):
    monkeypatch.setattr("models_registry.search.HISTORY", 2)
    twin = earlier(world, last_year, "recognized", name="Camera bình yên xóm")
    for name in ["Thắp sáng đường quê", "Sân chơi thiếu nhi", "Vườn rau sạch"]:
        world.initiative("submitted", name=name)

    found = similar_earlier(world.hamlet.pk, "Camera bình yên xóm", campaign_id=world.campaign.pk)

    assert [initiative for initiative, _ in found] == [twin]
