from django.urls import path

from hearth.audit import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.log, name="log"),
    path("audit/export.csv", views.export, name="export"),
]
