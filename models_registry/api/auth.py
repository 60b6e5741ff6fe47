"""Who calls the API: an integration client by its token, or a logged-in user by their session.

A client reads as a committee member seated at its unit would (that unit's subtree, launched
campaigns above and inside it), through the same `visible_to` doors as the pages: its principal
carries that scope ready-made, so `campaigns.access.scope` reads it instead of memberships.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, throttling

from campaigns.access import CommitteeSeat, Scope, assign_scope
from campaigns.models import Role

from .models import ApiClient, hash_token

# A header that does not hold one readable token (two words, or bytes that are not text).
MALFORMED_TOKEN = _("Mã truy cập không hợp lệ.")


class ClientPrincipal:
    """The `request.user` of a token call: authenticated, never an administrator, scoped to one subtree."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = id = None

    def __init__(self, client: ApiClient) -> None:
        self.client = client
        seat = CommitteeSeat(committee_id=0, unit_id=client.unit_id, unit_path=client.unit.path, role=Role.MEMBER)
        assign_scope(self, Scope(user_id=-client.pk, seats=[seat]))

    def __str__(self) -> str:
        return self.client.name

    def has_perm(self, *args, **kwargs) -> bool:
        return False


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """Read `Authorization: Bearer <token>` and find its active client (one query)."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(MALFORMED_TOKEN)
        try:
            token = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(MALFORMED_TOKEN) from error
        client = ApiClient.objects.select_related("unit").filter(token_hash=hash_token(token), active=True).first()
        if client is None:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ hoặc đã bị thu hồi."))
        return ClientPrincipal(client), client

    def authenticate_header(self, request) -> str:
        return self.keyword


class ApiRateThrottle(throttling.SimpleRateThrottle):
    """Limit each client by its own rate; sessions and anonymous readers by the settings' rates."""

    scope = "api"

    def get_rate(self) -> None:
        # The rate depends on who calls: chosen per request in allow_request.
        return None

    def allow_request(self, request, view) -> bool:
        rates = self.THROTTLE_RATES
        if isinstance(request.auth, ApiClient):
            self.rate = request.auth.rate
        elif request.user and request.user.is_authenticated:
            self.rate = rates.get("api_user")
        else:
            self.rate = rates.get("api_anonymous")
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, ApiClient):
            ident = f"client-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
