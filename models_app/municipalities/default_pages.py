"""The pages every municipality has whatever its model: concern, accessibility, change log.

They are made once, with starter text in the municipality's language, and never touched again:
editors own them from then on, and importing a model again writes nothing here.
"""

from django.utils.html import format_html, format_html_join

from wagtail.models import ReferenceIndex

from models_app.changelog.models import ChangeLogPage
from models_app.citizen.models import AccessibilityPage, ConcernPage
from models_app.core.models import MunicipalitySettings
from models_app.core.tree import free_slug
from models_app.core.visibility import restricted_page_paths
from models_app.services.models import ServicePage

CONCERN_SLUG = "bekymret-for-et-barn"
ACCESSIBILITY_SLUG = "tilgjengelighetserklaering"
CHANGE_LOG_SLUG = "endringslogg"

# Words in a service's name that tell a citizen "call us when you are worried about a child",
# most important first; the concern page lists matching services in this order.
CONTACT_KEYWORDS = ("barnevern", "helsestasjon", "famili")
MAX_DEFAULT_CONTACTS = 4

UUTILSYNET_URL = "https://www.uutilsynet.no/"
UUSTATUS_URL = "https://www.uustatus.no/"


def phone_link(number):
    return format_html('<a href="tel:{}">{}</a>', number.replace(" ", ""), number)


EMERGENCY_LINKS = {"p112": phone_link("112"), "p116111": phone_link("116 111")}

TEXTS = {
    "nb": {
        "concern_title": "Bekymret for et barn?",
        "concern_summary": (
            "Er du bekymret for et barn eller en ungdom? Her finner du hva du kan gjøre, "
            "hvem du kan kontakte, og hva som skjer videre."
        ),
        "what_you_can_do": [
            "Alle kan bli bekymret for et barn. Du trenger ikke være sikker for å si fra. "
            "Det er bedre å si fra én gang for mye enn én gang for lite.",
        ],
        "what_you_can_do_list": [
            ("Er barnet i fare nå?", "Ring politiet på {p112}."),
            (
                "Er du selv et barn eller en ungdom?",
                "Ring Alarmtelefonen for barn og unge på {p116111}. Det er gratis, og telefonen "
                "er åpen hele døgnet.",
            ),
            (
                "Vil du snakke med noen først?",
                "Kontakt helsestasjonen, barnehagen, skolen eller en av tjenestene under. De kan "
                "gi deg råd, også uten at du sier hvem barnet er.",
            ),
            (
                "Vil du melde bekymring?",
                "Du kan melde bekymring til barnevernstjenesten på telefon eller digitalt. "
                "Privatpersoner kan melde anonymt.",
            ),
        ],
        "what_happens_next": [
            "Barnevernstjenesten går gjennom alle bekymringsmeldinger innen en uke. De vurderer "
            "om det er grunn til å undersøke saken nærmere.",
        ],
        "what_happens_next_list": [
            "Hvis barnet kan være i akutt fare, handler barnevernet med en gang.",
            "Ofte snakker barnevernet med barnet og foreldrene, og med andre som kjenner barnet, "
            "for eksempel barnehagen, skolen eller helsestasjonen.",
            "Målet er at barnet og familien får riktig hjelp tidlig. De fleste barn som får "
            "hjelp, bor hjemme.",
            "Barnevernet har taushetsplikt. Som privatperson får du derfor som regel ikke vite "
            "mer enn at meldingen er mottatt.",
        ],
        "accessibility_title": "Tilgjengelighetserklæring",
        "accessibility_summary": (
            "Slik arbeider vi for at alle skal kunne bruke dette nettstedet, og slik gir du oss "
            "beskjed om noe ikke virker."
        ),
        "accessibility_body": [
            "{name} har ansvar for at dette nettstedet er universelt utformet, slik at alle kan "
            "bruke det. Offentlige nettsteder i Norge skal oppfylle kravene i forskrift om "
            "universell utforming av IKT-løsninger. Kravene bygger på WCAG 2.1, nivå A og AA.",
            "Nettstedet er laget for å oppfylle disse kravene. Sidene kan brukes med tastatur og "
            "skjermleser, virker på mobil og kan skrives ut. Vi tester sidene automatisk, men "
            "automatiske tester finner ikke alle feil, og vi har ennå ikke gått gjennom alt "
            "innholdet for hånd. Dokumenter som er lastet opp, for eksempel skjemaer i PDF, er "
            "ikke alltid universelt utformet. Be oss gjerne om et dokument i et annet format.",
            "Opplever du at noe ikke virker, eller at noe er vanskelig å bruke? Gi oss beskjed: "
            "{contact} Vi svarer så snart vi kan.",
            "Er du ikke fornøyd med svaret, kan du klage til Tilsynet for universell utforming "
            "av IKT (Uutilsynet), som er en del av Digitaliseringsdirektoratet (Digdir): {uu}.",
            "Offentlige virksomheter publiserer tilgjengelighetserklæringen sin på {uustatus}.",
        ],
        "contact_email": "send e-post til {email}.",
        "contact_phone": "ring {phone}.",
        "contact_website": "bruk kontaktinformasjonen på {website}.",
        "contact_none": "kontakt kommunen.",
        "change_log_title": "Endringslogg",
        "change_log_summary": "Dette er endret i samhandlingsmodellen den siste tiden.",
    },
    "nn": {
        "concern_title": "Bekymra for eit barn?",
        "concern_summary": (
            "Er du bekymra for eit barn eller ein ungdom? Her finn du kva du kan gjere, kven du "
            "kan kontakte, og kva som skjer vidare."
        ),
        "what_you_can_do": [
            "Alle kan bli bekymra for eit barn. Du treng ikkje vere sikker for å seie frå. "
            "Det er betre å seie frå ein gong for mykje enn ein gong for lite.",
        ],
        "what_you_can_do_list": [
            ("Er barnet i fare no?", "Ring politiet på {p112}."),
            (
                "Er du sjølv eit barn eller ein ungdom?",
                "Ring Alarmtelefonen for barn og unge på {p116111}. Det er gratis, og telefonen "
                "er open heile døgnet.",
            ),
            (
                "Vil du snakke med nokon først?",
                "Kontakt helsestasjonen, barnehagen, skulen eller ei av tenestene under. Dei kan "
                "gi deg råd, også utan at du seier kven barnet er.",
            ),
            (
                "Vil du melde bekymring?",
                "Du kan melde bekymring til barnevernstenesta på telefon eller digitalt. "
                "Privatpersonar kan melde anonymt.",
            ),
        ],
        "what_happens_next": [
            "Barnevernstenesta går gjennom alle bekymringsmeldingar innan ei veke. Dei vurderer om "
            "det er grunn til å undersøkje saka nærare.",
        ],
        "what_happens_next_list": [
            "Dersom barnet kan vere i akutt fare, handlar barnevernet med ein gong.",
            "Ofte snakkar barnevernet med barnet og foreldra, og med andre som kjenner barnet, "
            "til dømes barnehagen, skulen eller helsestasjonen.",
            "Målet er at barnet og familien får rett hjelp tidleg. Dei fleste barn som får "
            "hjelp, bur heime.",
            "Barnevernet har teieplikt. Som privatperson får du difor som regel ikkje vite meir "
            "enn at meldinga er motteken.",
        ],
        "accessibility_title": "Tilgjengelegheitserklæring",
        "accessibility_summary": (
            "Slik arbeider vi for at alle skal kunne bruke denne nettstaden, og slik gir du oss "
            "beskjed om noko ikkje verkar."
        ),
        "accessibility_body": [
            "{name} har ansvar for at denne nettstaden er universelt utforma, slik at alle kan "
            "bruke han. Offentlege nettstader i Noreg skal oppfylle krava i forskrift om "
            "universell utforming av IKT-løysingar. Krava byggjer på WCAG 2.1, nivå A og AA.",
            "Nettstaden er laga for å oppfylle desse krava. Sidene kan brukast med tastatur og "
            "skjermlesar, verkar på mobil og kan skrivast ut. Vi testar sidene automatisk, men "
            "automatiske testar finn ikkje alle feil, og vi har enno ikkje gått gjennom alt "
            "innhaldet for hand. Dokument som er lasta opp, til dømes skjema i PDF, er ikkje "
            "alltid universelt utforma. Be oss gjerne om eit dokument i eit anna format.",
            "Opplever du at noko ikkje verkar, eller at noko er vanskeleg å bruke? Gi oss "
            "beskjed: {contact} Vi svarar så snart vi kan.",
            "Er du ikkje nøgd med svaret, kan du klage til Tilsynet for universell utforming "
            "av IKT (Uutilsynet), som er ein del av Digitaliseringsdirektoratet (Digdir): {uu}.",
            "Offentlege verksemder publiserer tilgjengelegheitserklæringa si på {uustatus}.",
        ],
        "contact_email": "send e-post til {email}.",
        "contact_phone": "ring {phone}.",
        "contact_website": "bruk kontaktinformasjonen på {website}.",
        "contact_none": "kontakt kommunen.",
        "change_log_title": "Endringslogg",
        "change_log_summary": "Dette er endra i samhandlingsmodellen den siste tida.",
    },
}


def texts_for(model_page):
    return TEXTS["nn"] if model_page.language == "nn" else TEXTS["nb"]


# Each default page: its type, how to make it, and its choice in the municipality's settings.
DEFAULT_PAGES = [
    (ConcernPage, "concern_page"),
    (AccessibilityPage, "accessibility_page"),
    (ChangeLogPage, "change_log_page"),
]


def ensure_default_pages(site, model_page):
    """Create the missing ones with starter text in the municipality's language, and choose
    them for the site's footer where nothing is chosen yet."""
    existing = default_pages_of(model_page)
    texts = texts_for(model_page)
    for model, _setting in DEFAULT_PAGES:
        if model not in existing:
            existing[model] = publish_child(model_page, MAKERS[model](model_page, texts))
    choose_footer_pages(site, existing)


def default_pages_of(model_page):
    """{page type: the first such child of the model page}, for the default page types."""
    wanted = {model for model, _setting in DEFAULT_PAGES}
    found = {}
    for child in model_page.get_children().specific():
        if type(child) in wanted:
            found.setdefault(type(child), child)
    return found


def choose_footer_pages(site, pages):
    """Choose `pages` ({page type: page}) in the site's settings where nothing is chosen."""
    settings = MunicipalitySettings.for_site(site)
    changed = False
    for model, setting in DEFAULT_PAGES:
        if model in pages and getattr(settings, f"{setting}_id") is None:
            setattr(settings, setting, pages[model])
            changed = True
    if changed:
        settings.save()


def publish_child(model_page, page):
    page.slug = free_slug(model_page, page.slug)
    page.show_in_menus = False
    model_page.add_child(instance=page)
    page.save_revision().publish()
    # The importer turns off automatic reference-index updates while it runs.
    ReferenceIndex.create_or_update_for_object(page)
    return page


# -- the concern page --------------------------------------------------------------------------


def concern_page(model_page, texts):
    return ConcernPage(
        title=texts["concern_title"],
        slug=CONCERN_SLUG,
        summary=texts["concern_summary"],
        what_you_can_do=paragraphs(texts["what_you_can_do"])
        + bullet_list(
            format_html("<b>{}</b> {}", lead, format_html(rest, **EMERGENCY_LINKS))
            for lead, rest in texts["what_you_can_do_list"]
        ),
        what_happens_next=paragraphs(texts["what_happens_next"])
        + bullet_list(texts["what_happens_next_list"]),
        contacts=[("service", service) for service in default_contacts(model_page)],
    )


def public_services(model_page):
    """The model's live services that anyone may see, in tree order."""
    private_paths = restricted_page_paths(below=model_page)
    services = ServicePage.objects.descendant_of(model_page).live().order_by("path")
    return [s for s in services if not (private_paths and s.path.startswith(private_paths))]


def contact_rank(service):
    """The position of the first keyword in the service's name, or None when none is there."""
    name = service.title.lower()
    for rank, keyword in enumerate(CONTACT_KEYWORDS):
        if keyword in name:
            return rank
    return None


def default_contacts(model_page):
    """The services a worried citizen would call: child welfare, health clinic, family
    services, in that order and then in tree order."""
    ranked = [(contact_rank(s), index, s) for index, s in enumerate(public_services(model_page))]
    chosen = sorted((rank, index, s) for rank, index, s in ranked if rank is not None)
    return [service for _rank, _index, service in chosen[:MAX_DEFAULT_CONTACTS]]


# -- the accessibility statement ---------------------------------------------------------------


def accessibility_page(model_page, texts):
    feedback = feedback_contact(model_page, texts)
    body = format_html_join(
        "",
        "<p>{}</p>",
        (
            (
                format_html(
                    paragraph,
                    name=model_page.municipality_name or model_page.title,
                    contact=feedback,
                    uu=link(UUTILSYNET_URL),
                    uustatus=link(UUSTATUS_URL),
                ),
            )
            for paragraph in texts["accessibility_body"]
        ),
    )
    return AccessibilityPage(
        title=texts["accessibility_title"],
        slug=ACCESSIBILITY_SLUG,
        summary=texts["accessibility_summary"],
        body=body,
    )


def feedback_contact(model_page, texts):
    """How to reach the municipality: the e-mail or phone of its own service entry, else its
    website."""
    municipality = next(
        (s for s in public_services(model_page) if s.service_kind == "kommune"), None
    )
    if municipality and municipality.email:
        return format_html(texts["contact_email"], email=link(f"mailto:{municipality.email}"))
    if municipality and municipality.phone:
        return format_html(texts["contact_phone"], phone=municipality.phone)
    if model_page.municipality_website:
        return format_html(texts["contact_website"], website=link(model_page.municipality_website))
    return texts["contact_none"]


# -- the change log ----------------------------------------------------------------------------


def change_log_page(model_page, texts):
    return ChangeLogPage(
        title=texts["change_log_title"],
        slug=CHANGE_LOG_SLUG,
        summary=texts["change_log_summary"],
    )


MAKERS = {
    ConcernPage: concern_page,
    AccessibilityPage: accessibility_page,
    ChangeLogPage: change_log_page,
}


# -- rich text ---------------------------------------------------------------------------------


def paragraphs(texts):
    return format_html_join("", "<p>{}</p>", ((text,) for text in texts))


def bullet_list(items):
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items)))


def link(url):
    """A link that shows its address the way people say it."""
    shown = url.removeprefix("mailto:").removeprefix("https://").removeprefix("http://")
    return format_html('<a href="{}">{}</a>', url, shown.rstrip("/"))
