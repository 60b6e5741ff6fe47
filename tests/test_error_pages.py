import pytest
from django.test import Client, override_settings
from django.urls import path


def boom(request):
    raise RuntimeError("simulated failure")


urlpatterns = [path("boom/", boom)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_server_error_shows_the_bilingual_500_page():
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "Đã có lỗi ở máy chủ" in body
    assert "A server error stopped your request" in body
