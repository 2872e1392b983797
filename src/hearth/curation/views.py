"""The curators' page for the home page's featured strip (platform admins and the
director of collaboration; anyone else gets 403, as on the organisation pages)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.core.errors import HearthError
from hearth.core.pages import form_error_add
from hearth.curation import policies, selectors, services
from hearth.curation.forms import FeatureEditForm, FeatureForm
from hearth.curation.models import HomeFeature


def _aware(value):
    # The form's times are read as UTC, as the labels say.
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, timezone.UTC)
    return value


def features(request):
    actor = request.actor
    policies.require_curate_home(actor)
    form = FeatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.home_feature_create(
                actor=actor,
                kind=data["kind"],
                target=data["target"],
                blurb=data["blurb"],
                starts_at=_aware(data["starts_at"]),
                ends_at=_aware(data["ends_at"]),
                position=data["position"],
            )
        except HearthError as error:
            if error.status != 400:
                raise
            form_error_add(form, error)
        else:
            messages.success(request, "Featured on the home page for the dates you chose.")
            return redirect("curation:features")
    rows = list(selectors.feature_list(actor=actor)[:200])
    # A curator sees the name of a target only where they may see it themselves.
    visible = (
        set(HomeFeature.objects.filter(selectors.visible_q(actor)).values_list("pk", flat=True))
        if rows
        else set()
    )
    now = timezone.now()
    for row in rows:
        row.visible = row.pk in visible
        row.state = (
            "in force" if row.is_in_force(now) else "coming" if row.starts_at > now else "ended"
        )
    return render(
        request,
        "curation/features.html",
        {
            "form": form,
            "features": rows,
        },
        status=400 if request.method == "POST" else 200,
    )


def edit(request, feature_id: int):
    actor = request.actor
    feature = selectors.feature_get(actor=actor, feature_id=feature_id)
    form = FeatureEditForm(
        request.POST or None,
        initial={
            "blurb": feature.blurb,
            "starts_at": feature.starts_at,
            "ends_at": feature.ends_at,
            "position": feature.position,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.home_feature_update(
                actor=actor,
                feature=feature,
                blurb=data["blurb"],
                starts_at=_aware(data["starts_at"]),
                ends_at=_aware(data["ends_at"]),
                position=data["position"],
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            messages.success(request, "The feature is changed.")
            return redirect("curation:features")
    return render(
        request,
        "curation/edit.html",
        {"form": form, "feature": feature},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def remove(request, feature_id: int):
    feature = selectors.feature_get(actor=request.actor, feature_id=feature_id)
    services.home_feature_remove(actor=request.actor, feature=feature)
    messages.success(request, "The feature is taken off the home page.")
    return redirect("curation:features")
