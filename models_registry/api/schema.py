"""Teach drf-spectacular the bearer token (imported by the app's ready())."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "models_registry.api.auth.BearerTokenAuthentication"
    name = "bearer"

    def get_security_definition(self, auto_schema) -> dict:
        return {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer dvk_…"}
