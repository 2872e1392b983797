from django.urls import path

from hearth.structure import views

app_name = "structure"
urlpatterns = [
    path("key-users/", views.key_users_everywhere, name="key_users_everywhere"),
    path("s/<slug:slug>/structure/", views.editor, name="editor"),
    path("s/<slug:slug>/structure/feature/", views.feature_add, name="feature_add"),
    path(
        "s/<slug:slug>/structure/feature/<int:item_id>/<str:direction>/",
        views.feature_move,
        name="feature_move",
    ),
    path(
        "s/<slug:slug>/structure/unfeature/<int:item_id>/",
        views.feature_remove,
        name="feature_remove",
    ),
    path("s/<slug:slug>/key-users/", views.key_users, name="key_users"),
    path(
        "s/<slug:slug>/key-users/<int:user_id>/remove/",
        views.key_user_remove,
        name="key_user_remove",
    ),
]
