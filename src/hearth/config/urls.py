from django.urls import include, path

from hearth.api.api import api
from hearth.core import views as core_views

urlpatterns = [
    path("", include("hearth.home.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("hearth.people.auth_urls")),
    path("people/", include("hearth.people.urls")),
    path("", include("hearth.lifecycle.urls")),
    path("", include("hearth.rules.urls")),
    path("", include("hearth.spaces.urls")),
    path("", include("hearth.conversations.urls")),
    path("", include("hearth.library.urls")),
    path("notifications/", include("hearth.notifications.urls")),
    path("search/", include("hearth.search.urls")),
    path("", include("hearth.desks.urls")),
    path("", include("hearth.audit.urls")),
    path("", include("hearth.moderation.urls")),
    path("", include("hearth.structure.urls")),
    path("", include("hearth.launch.urls")),
    path("", include("hearth.actionplan.urls")),
    path("", include("hearth.swaps.urls")),
    path("", include("hearth.polls.urls")),
    path("", include("hearth.ideas.urls")),
    path("", include("hearth.events.urls")),
    path("", include("hearth.stories.urls")),
    path("", include("hearth.curation.urls")),
    path("", include("hearth.gardening.urls")),
    path("api/v1/", api.urls),
]

# No route serves MEDIA_URL, in debug or not: every file Hearth keeps is private
# (exports, attachments, photos) and leaves its folder only through a view that
# asks the policy (hearth.core.files). Static files are served by WhiteNoise.
