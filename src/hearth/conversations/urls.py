from django.urls import path

from hearth.conversations import follow_views, post_views, tag_views, views

app_name = "conversations"
urlpatterns = [
    path("s/<slug:slug>/conversations/", views.space_conversations, name="space_list"),
    path("s/<slug:slug>/conversations/new/", views.create, name="create"),
    path("c/<int:conversation_id>/", views.detail, name="detail"),
    path("c/<int:conversation_id>/edit/", views.edit, name="edit"),
    path("c/<int:conversation_id>/remove/", views.remove, name="remove"),
    path("c/<int:conversation_id>/history/", views.history, name="history"),
    path("c/<int:conversation_id>/like/", views.like_conversation, name="like"),
    path("c/<int:conversation_id>/follow/", views.follow, name="follow"),
    path("c/<int:conversation_id>/replies/", views.reply, name="reply"),
    path("r/<int:reply_id>/like/", views.like_reply, name="like_reply"),
    path("r/<int:reply_id>/accept/", views.accept, name="accept"),
    path("r/<int:reply_id>/edit/", views.reply_edit, name="reply_edit"),
    path("r/<int:reply_id>/remove/", views.reply_remove, name="reply_remove"),
    path("questions/unanswered/", views.unanswered, name="unanswered"),
    path("tags/<slug:slug>/", views.tag, name="tag"),
    path("tags/<slug:slug>/follow/", views.tag_follow, name="tag_follow"),
    path("c/<int:conversation_id>/likes/", post_views.conversation_likers, name="likers"),
    path("r/<int:reply_id>/likes/", post_views.reply_likers, name="reply_likers"),
    path("r/<int:reply_id>/history/", post_views.reply_history, name="reply_history"),
    path("s/<slug:slug>/follow/", follow_views.space_follow, name="space_follow"),
    path("s/<slug:slug>/tags/", tag_views.space_tags, name="space_tags"),
    path("following/", follow_views.following, name="following"),
    path("following/<int:follow_id>/", follow_views.following_change, name="following_change"),
]
