"""Errors that services and policies raise, rendered by pages and the API alike.

A page turns them into 404/403/400 responses with a readable message; the API
turns them into the same status codes with a JSON body ``{"detail": ...}``.
"""


class HearthError(Exception):
    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(HearthError):
    """Missing, or not visible to the actor: the two are never told apart."""

    status = 404

    def __init__(self, message: str = "Not found.") -> None:
        super().__init__(message)


class Forbidden(HearthError):
    """The actor may know the thing exists but may not do this.

    ``request_access_space`` names a restricted space the actor can ask to join,
    so that pages show a "request access" path instead of a dead end.
    """

    status = 403

    def __init__(self, message: str, *, request_access_space=None) -> None:
        super().__init__(message)
        self.request_access_space = request_access_space


class Invalid(HearthError):
    """Input that cannot be accepted; nothing was changed."""

    status = 400


class Conflict(HearthError):
    """The request clashes with the current state (a slug already taken...)."""

    status = 409


class Gone(HearthError):
    """The thing was there and is no more, for good (an expired export)."""

    status = 410


class TooManyRequests(HearthError):
    """The actor did this too often in a short time (a rate limit); try again later."""

    status = 429
