import gc
import os

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.config.settings.prod")
application = get_wsgi_application()


def freeze_after_first_request(**kwargs) -> None:
    """Leave what the process holds after its first request (the application, its
    settings, compiled templates) out of the garbage collector's
    full collections, as Python's documentation advises for long-lived servers
    (``gc.freeze``). A web process holds about 190,000 such objects, and a full
    collection over all of them cost 60-75 ms of CPU in the middle of a request,
    about every 15 s under load (docs/deployment.md, "Garbage collection")."""
    request_finished.disconnect(freeze_after_first_request)
    gc.collect()  # what is garbage now is freed, not kept for good
    gc.freeze()


# Once the first response is sent: its own objects are garbage by then.
request_finished.connect(freeze_after_first_request)
