from django.urls import path

from hearth.lifecycle import views

app_name = "lifecycle"
urlpatterns = [
    path("exports/<int:job_id>/download/", views.export_download, name="export_download"),
    path("spaces/import/", views.import_space, name="import"),
    path("s/<slug:slug>/lifecycle/", views.lifecycle, name="lifecycle"),
    path("s/<slug:slug>/pilot/", views.pilot, name="pilot"),
    path(
        "s/<slug:slug>/pilot/<int:feedback_id>/resolve/", views.pilot_resolve, name="pilot_resolve"
    ),
    path("s/<slug:slug>/charter/", views.charter, name="charter"),
    path("s/<slug:slug>/charter/edit/", views.charter_edit, name="charter_edit"),
    path("s/<slug:slug>/playbook/", views.playbook, name="playbook"),
    path("s/<slug:slug>/playbook/<str:item>/", views.playbook_tick, name="playbook_tick"),
    path("s/<slug:slug>/export/", views.export, name="export"),
]
