"""The fixed vocabularies of the exchange format, with their labels."""

from django.utils.translation import gettext_lazy as _

LEVELS = [
    ("kommune", _("Municipal level")),
    ("etat", _("Service level")),
    ("individ", _("Individual level")),
]
DIMENSIONS = [
    ("kultur", _("Culture dimension")),
    ("struktur", _("Structure dimension")),
]
LANGUAGES = [
    ("nb", _("Bokmål")),
    ("nn", _("Nynorsk")),
    ("en", _("English")),
    ("se", _("North Sami")),
]
ELEMENT_KINDS = [
    ("forankring", _("Anchoring")),
    ("plan", _("Plan")),
    ("rutine", _("Routine")),
    ("arena", _("Meeting arena")),
    ("tiltak", _("Measure")),
    ("verktoy", _("Tool")),
    ("kompetanse", _("Competence")),
    ("handlingsveileder", _("Action guide")),
    ("organisering", _("Organisation")),
    ("annet", _("Other")),
]
THEMES = [
    ("brukermedvirkning", _("User involvement")),
    ("evaluering", _("Evaluation")),
    ("dokumentasjon", _("Documentation")),
    ("kontinuitet", _("Continuity")),
    ("kompetanse", _("Competence")),
    ("forankring", _("Anchoring")),
]
TARGET_GROUPS = [
    ("gravide", _("Pregnant women")),
    ("sped-og-smabarn", _("Infants and toddlers")),
    ("barn", _("Children")),
    ("unge", _("Young people")),
    ("unge-voksne", _("Young adults")),
    ("foreldre", _("Parents")),
    ("familier", _("Families")),
]
SERVICE_KINDS = [
    ("kommune", _("Municipality")),
    ("sektor", _("Sector")),
    ("etat", _("Department")),
    ("enhet", _("Unit")),
    ("tjeneste", _("Service")),
    ("ekstern", _("External partner")),
]
PLAN_KINDS = [
    ("kommuneplan", _("Municipal master plan")),
    ("planstrategi", _("Planning strategy")),
    ("handlingsplan", _("Action plan")),
    ("kompetanseplan", _("Competence plan")),
    ("okonomiplan", _("Financial plan")),
    ("samarbeidsavtale", _("Cooperation agreement")),
    ("strategi", _("Strategy")),
    ("retningslinje", _("Guideline")),
    ("lov", _("Act or regulation")),
    ("annet", _("Other")),
]
ACCESS = [
    ("selvhenvisning", _("Contact us directly")),
    ("henvisning", _("Referral needed")),
    ("begge", _("Directly or by referral")),
]
TOOL_KINDS = [
    ("skjema", _("Form")),
    ("mal", _("Template")),
    ("samtaleverktoy", _("Conversation tool")),
    ("kartleggingsverktoy", _("Assessment tool")),
    ("veileder", _("Guidance")),
    ("annet", _("Other")),
]
MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]

# Licences a municipality can publish its model's open data under; NLOD is the Norwegian
# public sector's own and the default.
LICENCES = [
    ("nlod-2.0", "Norsk lisens for offentlige data (NLOD) 2.0"),
    ("cc-by-4.0", "Creative Commons Navngivelse 4.0 (CC BY 4.0)"),
    ("cc0-1.0", "Creative Commons Zero 1.0 (CC0)"),
]
LICENCE_URLS = {
    "nlod-2.0": "https://data.norge.no/nlod/no/2.0",
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/deed.no",
    "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/deed.no",
}
