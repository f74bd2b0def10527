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

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from models_app.core import choices
from models_app.core.sites import model_page_for
from models_app.core.visibility import visibility_for
from models_app.services.models import ServiceIndexPage, ServicePage

from .filters import (
    ACCESS_PARAM,
    AGE_MAX,
    AGE_MIN,
    AGE_PARAM,
    GROUP_PARAM,
    SERVICE_PARAM,
    in_access,
    in_age,
    in_groups,
    in_service,
    read_state,
    years,
)

RESULTS_ANCHOR = "tiltak-resultater"


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


def access_labels():
    return {"selvhenvisning": _("Contact them yourself"), "henvisning": _("By referral")}


def count(measures, test):
    return sum(1 for measure in measures if test(measure))


class Overview:
    """The tiltaksoversikt of one request: the visible measures, the services of the model
    and the filter state read from the query string."""

    def __init__(self, index_page, request, measures):
        self.request = request
        self.visibility = visibility_for(request)
        self.model_page = model_page_for(index_page, request)
        self.measures = measures
        root = self.model_page or index_page.get_parent()
        # Every live service of this model in one query, hidden ones included: a measure of an
        # internal unit still belongs under its public sector. Only visible ones are shown.
        self.services = list(ServicePage.objects.descendant_of(root).live().order_by("path"))
        by_id = {service.id: service for service in self.services}
        self.providers = {
            m.provider_id: by_id[m.provider_id] for m in measures if m.provider_id in by_id
        }
        self.top_depth = min((service.depth for service in self.services), default=0)
        self.group_labels = {key: str(label) for key, label in choices.TARGET_GROUPS}
        self.state, self.notes = read_state(request.GET, self.group_labels, by_id, self.visibility)
        self.base_url = index_page.get_url(request) or index_page.url or ""

    def tests(self):
        state = self.state
        return {
            GROUP_PARAM: lambda m: in_groups(m, state.groups),
            AGE_PARAM: lambda m: in_age(m, state.age),
            SERVICE_PARAM: lambda m: in_service(m, state.service, self.providers),
            ACCESS_PARAM: lambda m: in_access(m, state.access),
        }

    def passing(self, *, but=None):
        """The measures that pass every filter, or every filter but one."""
        tests = [test for name, test in self.tests().items() if name != but]
        return [m for m in self.measures if all(test(m) for test in tests)]

    def url_for(self, **changes):
        params = self.state.params(**changes)
        return f"{self.base_url}?{urlencode(params)}#{RESULTS_ANCHOR}" if params else self.base_url

    # Each filter's options, counted against the other filters.

    def group_options(self):
        others = self.passing(but=GROUP_PARAM)
        return [
            Option(
                key,
                label,
                count(others, lambda m, key=key: key in (m.target_groups or [])),
                key in self.state.groups,
            )
            for key, label in self.group_labels.items()
        ]

    def age_options(self):
        others = self.passing(but=AGE_PARAM)
        return [
            Option(
                str(age),
                years(age),
                count(others, lambda m, age=age: in_age(m, age)),
                age == self.state.age,
            )
            for age in range(AGE_MIN, AGE_MAX + 1)
        ]

    def service_options(self):
        others = self.passing(but=SERVICE_PARAM)
        provider_paths = [provider.path for provider in self.providers.values()]
        options = []
        for service in self.services:
            provides = any(path.startswith(service.path) for path in provider_paths)
            # can_see also hides what lies below an internal service (restrictions inherit).
            if not self.visibility.can_see(service) or not (
                provides or service == self.state.service
            ):
                continue
            options.append(
                Option(
                    service.exchange_id,
                    service.title,
                    count(others, lambda m, s=service: in_service(m, s, self.providers)),
                    service == self.state.service,
                    depth=service.depth - self.top_depth,
                )
            )
        return options

    def access_options(self):
        others = self.passing(but=ACCESS_PARAM)
        return [
            Option(
                key,
                label,
                count(others, lambda m, key=key: in_access(m, key)),
                key == self.state.access,
            )
            for key, label in access_labels().items()
        ]

    def active_filters(self):
        """The active filters, each with a link that removes it and keeps the others."""
        state, active = self.state, []
        for group in state.groups:
            without = [g for g in state.groups if g != group]
            shown = count(self.passing(but=GROUP_PARAM), lambda m, w=without: in_groups(m, w))
            label = self.group_labels[group]
            active.append(
                ActiveFilter(
                    GROUP_PARAM, _("Target group"), label, self.url_for(groups=without), shown
                )
            )
        if state.age is not None:
            shown = len(self.passing(but=AGE_PARAM))
            url = self.url_for(age=None)
            active.append(ActiveFilter(AGE_PARAM, _("Age"), years(state.age), url, shown))
        if state.service is not None:
            shown = len(self.passing(but=SERVICE_PARAM))
            url = self.url_for(service=None)
            active.append(
                ActiveFilter(SERVICE_PARAM, _("Provided by"), state.service.title, url, shown)
            )
        if state.access:
            shown = len(self.passing(but=ACCESS_PARAM))
            label = access_labels()[state.access]
            url = self.url_for(access="")
            active.append(ActiveFilter(ACCESS_PARAM, _("How to get it"), label, url, shown))
        return active

    def rows(self):
        rows = []
        for measure in self.passing():
            provider = self.providers.get(measure.provider_id)
            if provider is not None and not self.visibility.can_see(provider):
                provider = None
            groups = [
                self.group_labels[g] for g in measure.target_groups or [] if g in self.group_labels
            ]
            rows.append(
                MeasureRow(
                    page=measure,
                    provider=provider,
                    internal=self.visibility.is_private(measure),
                    groups=groups,
                )
            )
        return rows

    def services_section(self):
        """Where to look for help when nothing matches: the services section."""
        if self.model_page is None:
            return None
        sections = ServiceIndexPage.objects.child_of(self.model_page)
        return self.visibility.filter(sections).first()

    def municipality_contact(self):
        """The municipality's own entry among the services, when it has contact details."""
        if self.model_page is None:
            return None
        return next(
            (
                service
                for service in self.services
                if service.depth == self.top_depth
                and service.service_kind == "kommune"
                and service.has_contact
                and self.visibility.can_see(service)
            ),
            None,
        )


def measure_overview(index_page, request, measures):
    """Everything the tiltaksoversikt shows, from the visible measures in their order."""
    overview = Overview(index_page, request, measures)
    rows = overview.rows()
    return {
        "measure_overview": {
            "rows": rows,
            "count": len(rows),
            "total": len(measures),
            "state": overview.state,
            "notes": overview.notes,
            "group_options": overview.group_options(),
            "age_options": overview.age_options(),
            "age_all": len(overview.passing(but=AGE_PARAM)),
            "service_options": overview.service_options(),
            "service_all": len(overview.passing(but=SERVICE_PARAM)),
            "access_options": overview.access_options(),
            "access_all": len(overview.passing(but=ACCESS_PARAM)),
            "active": overview.active_filters(),
            "clear_url": overview.base_url,
            "form_action": f"{overview.base_url}#{RESULTS_ANCHOR}",
            "anchor": RESULTS_ANCHOR,
            "services_section": overview.services_section(),
            "municipality_contact": overview.municipality_contact(),
            "share_url": overview.url_for(),
        }
    }
