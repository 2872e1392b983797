"""The person and the actor that a request carries."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from tests.conftest import client_for
from tests.factories import person_make

pytestmark = pytest.mark.django_db


def test_a_page_carries_the_person_itself_and_an_actor_for_them():
    person = person_make()
    request = client_for(person).get("/spaces/").wsgi_request
    # The person, not a lazy stand-in: every read of it is a plain attribute read.
    assert type(request.user) is get_user_model() and request.user.pk == person.pk
    assert request.actor.user is request.user and request.actor.is_authenticated


def test_a_page_for_nobody_signed_in_carries_an_anonymous_person():
    request = Client().get("/accounts/login/").wsgi_request
    assert type(request.user) is AnonymousUser and not request.actor.is_authenticated
