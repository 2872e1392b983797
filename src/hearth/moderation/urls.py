from django.urls import path

from hearth.moderation import views

app_name = "moderation"
urlpatterns = [
    path("report/<str:target_type>/<int:target_id>/", views.report, name="report"),
    path("moderation/", views.platform_queue, name="platform_queue"),
    path("moderation/mine/", views.mine, name="mine"),
    path("moderation/cases/<int:case_id>/", views.case_detail, name="case"),
    path("s/<slug:slug>/review/", views.space_queue, name="space_queue"),
    path("s/<slug:slug>/guidelines/", views.guidelines, name="guidelines"),
    path("people/<str:username>/moderation/", views.person_record, name="person"),
    path("people/<str:username>/moderation/sanction/", views.sanction, name="sanction"),
    path("people/<str:username>/moderation/note/", views.note, name="note"),
    path(
        "people/<str:username>/moderation/sanctions/<int:sanction_id>/lift/",
        views.sanction_lift,
        name="lift",
    ),
]
