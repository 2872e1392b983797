"""Full-text search: one row per searchable thing, kept in sync by the services.

``SearchDocument`` holds the text of conversations, replies, spaces, people, library
documents and success stories in one
table, so that one query ranks them together and counts them per kind. Who may see a
row is never stored here: it is decided at query time through the spaces' policy
(``hearth.access.policy``), so a membership or visibility change takes effect at once.

The text index differs per database:

PostgreSQL  ``search_vector`` (title weighted A, body B, ``english`` configuration),
            written with the row, with a GIN index created by migration 0001.
SQLite      an FTS5 table ``search_fts`` over (title, body) with this table as its
            external content, kept in step by triggers (migration 0001). The column
            ``search_vector`` exists there too but stays empty.

Invariant for later migrations: on SQLite, altering this table makes Django rebuild it,
which drops the triggers; such a migration must create them again (see 0001).
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Lookup

# The text-search configuration on PostgreSQL; SQLite uses FTS5's porter stemmer.
POSTGRES_CONFIG = "english"


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        CONVERSATION = "conversation", "Conversation"
        REPLY = "reply", "Reply"
        SPACE = "space", "Space"
        PERSON = "person", "Person"
        DOCUMENT = "document", "Document"
        STORY = "story", "Success story"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.BigIntegerField()
    # The space whose policy decides who may see the row: the conversation's space for
    # posts, the space itself for a space; none for a person (every employee sees people).
    space = models.ForeignKey(
        "spaces.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    conversation = models.ForeignKey(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # discussion or question, for a conversation and for its replies; for a library
    # document, its status (published, outdated, official), which weighs its rank.
    conversation_kind = models.CharField(max_length=10, blank=True)
    # Empty for a reply: its conversation's title is shown, and is not matched again.
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    # A removed post (or a reply in a removed conversation), or a deactivated person.
    removed = models.BooleanField(default=False)
    search_vector = SearchVectorField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_once"),
        ]
        # Search keeps the newest matches of a common word: PostgreSQL reads them
        # newest first through this index, in the order search keeps them (the id
        # breaks ties), and stops at the cap, instead of sorting every match
        # (docs/search.md).
        indexes = [models.Index(fields=["created_at", "id"], name="search_document_newest")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class FullTextMatchField(models.TextField):
    """FTS5's hidden column named after its table: the left side of ``MATCH``."""


@FullTextMatchField.register_lookup
class FullTextMatch(Lookup):
    lookup_name = "matches"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SqliteFullText(models.Model):
    """The FTS5 index of ``SearchDocument`` on SQLite, joined on rowid = document id.

    Not managed by Django: migration 0001 creates it on SQLite only. ``rank`` is
    FTS5's hidden rank column, set there to bm25 with the title weighing ten times
    the body (lower is better).
    """

    document = models.OneToOneField(
        SearchDocument,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="fulltext",
    )
    terms = FullTextMatchField(db_column="search_fts")
    rank = models.FloatField(db_column="rank")

    class Meta:
        managed = False
        db_table = "search_fts"

    def __str__(self) -> str:
        return f"Full-text row {self.pk}"
