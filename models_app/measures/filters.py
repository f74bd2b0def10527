"""The tiltaksoversikt's filters: reading them from the query string, and matching measures.

See overview.py for what the parameters mean; this module knows only their rules.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from models_app.core.params import SERVICE_PARAMETER

GROUP_PARAM, AGE_PARAM, ACCESS_PARAM = "malgruppe", "alder", "tilgang"
SERVICE_PARAM = SERVICE_PARAMETER
AGE_MIN, AGE_MAX = 0, 30
ACCESS_FILTERS = ("selvhenvisning", "henvisning")  # access_labels() names them
SHOWN_VALUE_LENGTH = 40


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
