"""The web process's entry point: what it keeps out of full garbage collections."""

import gc

from django.core.signals import request_finished


def test_the_web_process_freezes_what_it_holds_once_its_first_request_is_done():
    from hearth.config import wsgi

    request_finished.connect(wsgi.freeze_after_first_request)  # as on loading the module
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        request_finished.send(sender=None)
        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # the application's own objects
        request_finished.send(sender=None)
        assert gc.get_freeze_count() == frozen  # once, not at every request
    finally:
        request_finished.disconnect(wsgi.freeze_after_first_request)
        gc.unfreeze()
