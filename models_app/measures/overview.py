"""The tiltaksoversikt: filtering measures with plain GET parameters.

The state of the overview is its query string, so every view of it can be shared and works
without JavaScript:

- `malgruppe` (repeatable): target groups. Several chosen groups widen the result: a measure
  matches when it is for *any* of them.
- `alder`: a whole number from 0 to 30. A measure matches when the age lies in its range, both
  ends included; a missing end is open, and a measure without ages matches every age.
- `tjeneste`: a service's exchange id. A measure matches when it is provided by that service
  *or by a service below it* in the organisation, so a sector includes its units.
- `tilgang`: `selvhenvisning` or `henvisning`. A measure offered both ways (`begge`) matches
  both; a measure that does not say how to get it matches neither.

Different filters combine with AND. The count next to an option is the number of measures
that would be shown with that option chosen and the *other* filters as they are (for target
groups: measures for that group that match the other filters). Values that are not understood
are left out, with a note; they never cause an error.

Query budget: the measures are the `items` the section already loaded. Everything else costs
two queries, whatever the number of measures: every live service of the model (providers,
the service filter and the municipality's contact) and the services section (for the empty
state). Nothing in the template follows `measure.provider`.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from models_app.core import choices
from models_app.core.params import SERVICE_PARAMETER
from models_app.core.sites import model_page_for
from models_app.core.visibility import visibility_for
from models_app.services.models import ServiceIndexPage, ServicePage

GROUP_PARAM, AGE_PARAM, ACCESS_PARAM = "malgruppe", "alder", "tilgang"
SERVICE_PARAM = SERVICE_PARAMETER
AGE_MIN, AGE_MAX = 0, 30
ACCESS_FILTERS = ("selvhenvisning", "henvisning")
RESULTS_ANCHOR = "tiltak-resultater"
SHOWN_VALUE_LENGTH = 40


@dataclass
class Option:
    """One choice in the filter form, with the number of measures it would show."""

    value: str
    label: str
    count: int
    selected: bool = False
    depth: int = 0

    @property
    def indent(self):
        """Non-breaking spaces that show a service's place in the organisation in a <select>."""
        return "\u00a0\u00a0" * self.depth


@dataclass
class ActiveFilter:
    name: str
    label: str
    value_label: str
    remove_url: str
    count_without: int


@dataclass
class MeasureRow:
    page: object
    provider: object  # the providing ServicePage when this visitor may see it, else None
    internal: bool
    groups: list = field(default_factory=list)


@dataclass
class FilterState:
    groups: list = field(default_factory=list)
    age: int | None = None
    service: object = None  # a ServicePage
    access: str = ""

    def params(self, **changes):
        """The query parameters of this state, with some parts changed."""
        values = {
            "groups": self.groups,
            "age": self.age,
            "service": self.service,
            "access": self.access,
            **changes,
        }
        params = [(GROUP_PARAM, group) for group in values["groups"]]
        if values["age"] is not None:
            params.append((AGE_PARAM, str(values["age"])))
        if values["service"] is not None:
            params.append((SERVICE_PARAM, values["service"].exchange_id))
        if values["access"]:
            params.append((ACCESS_PARAM, values["access"]))
        return params

    @property
    def is_active(self):
        return bool(self.params())


def shown(value):
    value = " ".join(str(value).split())
    if len(value) > SHOWN_VALUE_LENGTH:
        value = value[: SHOWN_VALUE_LENGTH - 1] + "…"
    return value


def single_value(query, name):
    """The last non-empty value of a single-valued parameter ("" for none)."""
    values = [value.strip() for value in query.getlist(name) if value.strip()]
    return values[-1] if values else ""


def years(age):
    return ngettext("%(age)s year", "%(age)s years", age) % {"age": age}


# Matching ----------------------------------------------------------------------------------


def in_groups(measure, groups):
    return not groups or any(group in (measure.target_groups or []) for group in groups)


def in_age(measure, age):
    if age is None:
        return True
    return (measure.age_min is None or measure.age_min <= age) and (
        measure.age_max is None or age <= measure.age_max
    )


def in_service(measure, service, providers):
    if service is None:
        return True
    provider = providers.get(measure.provider_id)
    return provider is not None and provider.path.startswith(service.path)


def in_access(measure, access):
    return not access or measure.access in (access, "begge")


# The overview ------------------------------------------------------------------------------


def read_state(query, group_labels, services_by_id, visibility):
    """The filter state from the query string, and a note for every value left out."""
    state, notes = FilterState(), []

    for value in query.getlist(GROUP_PARAM):
        value = value.strip()
        if not value:
            continue
        if value in group_labels:
            if value not in state.groups:
                state.groups.append(value)
        else:
            notes.append(
                _("We do not know the target group “%(value)s”, so we left it out.")
                % {"value": shown(value)}
            )
    order = list(group_labels)
    state.groups.sort(key=order.index)

    age = single_value(query, AGE_PARAM)
    if age:
        if re.fullmatch(r"[0-9]{1,2}", age) and AGE_MIN <= int(age) <= AGE_MAX:
            state.age = int(age)
        else:
            notes.append(
                _(
                    "The age “%(value)s” is not a whole number from %(min)s to %(max)s, "
                    "so we show measures for all ages."
                )
                % {"value": shown(age), "min": AGE_MIN, "max": AGE_MAX}
            )

    service_id = single_value(query, SERVICE_PARAM)
    if service_id:
        service = next(
            (
                service
                for service in services_by_id.values()
                if service.exchange_id == service_id and visibility.can_see(service)
            ),
            None,
        )
        if service is not None:
            state.service = service
        else:
            notes.append(
                _(
                    "We could not find the service “%(value)s”, "
                    "so we show measures from all services."
                )
                % {"value": shown(service_id)}
            )

    access = single_value(query, ACCESS_PARAM)
    if access:
        if access in ACCESS_FILTERS:
            state.access = access
        else:
            notes.append(
                _("We do not know the way of access “%(value)s”, so we show both ways.")
                % {"value": shown(access)}
            )
    return state, notes


def measure_overview(index_page, request, measures):
    """Everything the tiltaksoversikt shows, from the visible measures in their order."""
    visibility = visibility_for(request)
    model_page = model_page_for(index_page, request)
    root = model_page or index_page.get_parent()
    # Every live service of this model in one query, hidden ones included: a measure of an
    # internal unit still belongs under its public sector. Only visible ones are ever shown.
    services = list(ServicePage.objects.descendant_of(root).live().order_by("path"))
    services_by_id = {service.id: service for service in services}
    providers = {
        measure.provider_id: services_by_id[measure.provider_id]
        for measure in measures
        if measure.provider_id in services_by_id
    }

    group_labels = {key: str(label) for key, label in choices.TARGET_GROUPS}
    state, notes = read_state(request.GET, group_labels, services_by_id, visibility)

    tests = {
        GROUP_PARAM: lambda m: in_groups(m, state.groups),
        AGE_PARAM: lambda m: in_age(m, state.age),
        SERVICE_PARAM: lambda m: in_service(m, state.service, providers),
        ACCESS_PARAM: lambda m: in_access(m, state.access),
    }

    def passing(*, but=None):
        return [m for m in measures if all(test(m) for name, test in tests.items() if name != but)]

    shown_measures = passing()
    base_url = index_page.get_url(request) or index_page.url or ""

    def url_for(**changes):
        params = state.params(**changes)
        return f"{base_url}?{urlencode(params)}#{RESULTS_ANCHOR}" if params else base_url

    # Options with counts: each filter's options counted against the other filters.
    others = passing(but=GROUP_PARAM)
    group_options = [
        Option(
            key,
            label,
            sum(1 for m in others if key in (m.target_groups or [])),
            key in state.groups,
        )
        for key, label in group_labels.items()
    ]

    others = passing(but=AGE_PARAM)
    age_options = [
        Option(str(age), years(age), sum(1 for m in others if in_age(m, age)), age == state.age)
        for age in range(AGE_MIN, AGE_MAX + 1)
    ]
    age_all = len(others)

    others = passing(but=SERVICE_PARAM)
    service_options = []
    provider_paths = [provider.path for provider in providers.values()]
    top_depth = min((service.depth for service in services), default=0)
    for service in services:
        provides = any(path.startswith(service.path) for path in provider_paths)
        # can_see also hides what lies below an internal service (restrictions are inherited).
        if not visibility.can_see(service) or not (provides or service == state.service):
            continue
        service_options.append(
            Option(
                service.exchange_id,
                service.title,
                sum(1 for m in others if in_service(m, service, providers)),
                service == state.service,
                depth=service.depth - top_depth,
            )
        )
    service_all = len(others)

    others = passing(but=ACCESS_PARAM)
    access_labels = {"selvhenvisning": _("Contact them yourself"), "henvisning": _("By referral")}
    access_options = [
        Option(
            key,
            access_labels[key],
            sum(1 for m in others if in_access(m, key)),
            key == state.access,
        )
        for key in ACCESS_FILTERS
    ]
    access_all = len(others)

    # The active filters, each with a link that removes it and keeps the others.
    active = []
    for group in state.groups:
        without = [g for g in state.groups if g != group]
        active.append(
            ActiveFilter(
                GROUP_PARAM,
                _("Target group"),
                group_labels[group],
                url_for(groups=without),
                sum(1 for m in passing(but=GROUP_PARAM) if in_groups(m, without)),
            )
        )
    if state.age is not None:
        active.append(
            ActiveFilter(AGE_PARAM, _("Age"), years(state.age), url_for(age=None), age_all)
        )
    if state.service is not None:
        active.append(
            ActiveFilter(
                SERVICE_PARAM,
                _("Provided by"),
                state.service.title,
                url_for(service=None),
                service_all,
            )
        )
    if state.access:
        active.append(
            ActiveFilter(
                ACCESS_PARAM,
                _("How to get it"),
                access_labels[state.access],
                url_for(access=""),
                access_all,
            )
        )

    rows = []
    for measure in shown_measures:
        provider = providers.get(measure.provider_id)
        if provider is not None and not visibility.can_see(provider):
            provider = None
        rows.append(
            MeasureRow(
                page=measure,
                provider=provider,
                internal=visibility.is_private(measure),
                groups=[group_labels[g] for g in measure.target_groups or [] if g in group_labels],
            )
        )

    services_section = None
    municipality_contact = None
    if model_page is not None:
        services_section = visibility.filter(ServiceIndexPage.objects.child_of(model_page)).first()
        municipality_contact = next(
            (
                service
                for service in services
                if service.depth == top_depth
                and service.service_kind == "kommune"
                and service.has_contact
                and visibility.can_see(service)
            ),
            None,
        )

    return {
        "measure_overview": {
            "rows": rows,
            "count": len(rows),
            "total": len(measures),
            "state": state,
            "notes": notes,
            "group_options": group_options,
            "age_options": age_options,
            "age_all": age_all,
            "service_options": service_options,
            "service_all": service_all,
            "access_options": access_options,
            "access_all": access_all,
            "active": active,
            "clear_url": base_url,
            "form_action": f"{base_url}#{RESULTS_ANCHOR}",
            "anchor": RESULTS_ANCHOR,
            "services_section": services_section,
            "municipality_contact": municipality_contact,
            "share_url": url_for(),
        }
    }
