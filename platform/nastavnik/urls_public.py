"""URLs outside any school: the regional layer, login, the API's public part, health and docs.

School pages and API are in urls_tenants.py, mounted per school by tenants.routing.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from tenants import views as tenant_views

from .health import healthz

# The product's error pages (Russian, in the site's layout); under /api/ the API's JSON error body, as
# the schema documents. tenants.routing copies these handlers into every school's URLConf.
handler403 = "nastavnik.errors.forbidden"
handler404 = "nastavnik.errors.not_found"
handler500 = "nastavnik.errors.server_error"

urlpatterns = [
    path("", tenant_views.home, name="home"),
    path("login/", tenant_views.login_view, name="login"),
    path("logout/", tenant_views.logout_view, name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    path("", include("regional_center.urls")),
    path("", include("regional_center.urls_support")),  # issue 9 §§4–6 (SUPPORT)
    path("", include("consultation_points.urls")),
    path("", include("consultation_points.urls_requests")),
    path("", include("tenants.organisations.urls")),
    path("", include("tenants.urls_people")),
    path("", include("analytics.urls")),  # issue 11 (DASHBOARDS)
    path("", include("regional_center.urls_events")),  # issue 9 §3 (EVENTS)
    path("", include("regional_center.urls_centre")),  # issue 9 §§1, 2, 7 (CENTRE)
    path("api/v1/", include("tenants.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(urlconf="nastavnik.urls_openapi"), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
