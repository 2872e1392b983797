from django.apps import AppConfig

from hearth.core.indexing import indexer_register


class SearchConfig(AppConfig):
    name = "hearth.search"
    label = "search"

    def ready(self) -> None:
        # What the content apps write reaches the index through core's hook: they
        # sit below search and do not import it. The services are imported here
        # because they read the models, which load after apps.py.
        from hearth.search import services

        indexer_register("conversations.Conversation", services.search_index_conversation)
        indexer_register("conversations.Reply", services.search_index_reply)
        indexer_register("spaces.Space", services.search_index_space)
        indexer_register("library.Document", services.search_index_document)
        indexer_register("stories.Story", services.search_index_story)
        indexer_register("people.User", services.search_index_person)
