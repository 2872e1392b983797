"""The web process's entry point: what it keeps out of full garbage collections."""

import gc
import importlib

from django.core.signals import request_finished


def test_the_web_process_freezes_what_it_holds_once_its_first_request_is_done():
    from hearth.config import wsgi

    wsgi = importlib.reload(wsgi)  # as a web process loads it
    receiver = wsgi.freeze_after_first_request
    assert request_finished.disconnect(receiver)  # loading it listened for responses
    request_finished.connect(receiver)
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        receiver(signal=request_finished, sender=None)  # as Django sends it, once sent
        assert gc.get_freeze_count() > 10_000  # the application's own objects
        assert not request_finished.disconnect(receiver)  # once, not at every request
    finally:
        request_finished.disconnect(receiver)
        gc.unfreeze()
