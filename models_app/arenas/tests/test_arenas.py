"""Meeting arenas: the list by level, the årshjul with its reviews, and the iCalendar feeds."""

import datetime
import re

from django.utils import timezone

from wagtail.models import Site

import icalendar
import pytest

from models_app.arenas.models import ArenaIndexPage, ArenaPage
from models_app.core.dates import add_months
from models_app.measures.models import MeasurePage
from models_app.model.models import ElementPage
from models_app.plans.models import PlanPage
from models_app.routines.models import RoutinePage
from models_app.tools.models import ToolPage
from tests.factories import demo_document, example_document, imported
from tests.helpers import count_queries, soup

LEVEL_ORDER = ["kommune", "etat", "individ", ""]


def coming_months():
    """(year, month) of this month and the 11 after it."""
    first = timezone.localdate().replace(day=1)
    return [(day.year, day.month) for day in (add_months(first, n) for n in range(12))]


def arena_index():
    return ArenaIndexPage.objects.get()


def feed(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response


def parse(response):
    body = response.content
    # RFC 5545: CRLF line endings, and content lines folded to at most 75 octets.
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert body.endswith(b"\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar["X-WR-CALNAME"]
    return calendar


def events_by_uid_base(calendar, hostname):
    """{exchange id: [(year, month), …]} from the feed's events, checking each event's shape."""
    found = {}
    pattern = re.compile(
        rf"^(?P<base>.+)-(?P<year>\d{{4}})-(?P<month>\d{{2}})@{re.escape(hostname)}$"
    )
    for event in calendar.walk("VEVENT"):
        match = pattern.match(str(event["UID"]))
        assert match, event["UID"]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is datetime.date and type(end) is datetime.date  # all-day
        assert (start.year, start.month, start.day) == (
            int(match["year"]),
            int(match["month"]),
            1,
        )
        assert end == add_months(start, 1)
        assert event.decoded("DTSTAMP")
        found.setdefault(match["base"], []).append((start.year, start.month))
    return found


def with_extra_arenas(document):
    """The demo plus an arena without a level and an internal one."""
    document["arenas"].append(
        {
            "id": "fagdag",
            "title": "Felles fagdag",
            "summary": "Alle ansatte samles én dag om høsten.",
            "frequency": "Én gang i året",
            "convener": "BTI-koordinator",
            "months": [10],
        }
    )
    document["arenas"].append(
        {
            "id": "intern-drofting",
            "title": "Intern drøfting av enkeltsaker",
            "level": "individ",
            "audience": "internal",
            "frequency": "Hver uke",
            "months": [1, 6, 12],
        }
    )
    return document


# The list by level ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_arena_list_groups_arenas_by_level(client):
    document = with_extra_arenas(demo_document())
    imported(document)
    page = soup(client.get(arena_index().url))

    groups = page.select("section.arena-group")
    public = [a for a in document["arenas"] if a.get("audience") != "internal"]
    wanted_levels = [
        level for level in LEVEL_ORDER if any(a.get("level", "") == level for a in public)
    ]
    assert [group["data-level"] for group in groups] == wanted_levels
    for group in groups:
        wanted = [a for a in public if a.get("level", "") == group["data-level"]]
        links = group.select(".arena-item h3 a")
        assert [link.get_text(strip=True) for link in links] == [a["title"] for a in wanted]
        for link, arena in zip(links, wanted, strict=True):
            assert link["href"] == ArenaPage.objects.get(exchange_id=arena["id"]).url
    item = page.find("a", string="Styringsgruppe for tidlig innsats").find_parent("article")
    text = item.get_text(" ", strip=True)
    assert "Fire ganger i året" in text
    assert "februar" in text and "november" in text
    assert "Intern drøfting" not in page.get_text()


@pytest.mark.django_db
def test_arena_list_shows_internal_arenas_to_employees_only(client, employee):
    imported(with_extra_arenas(demo_document()))
    url = arena_index().url
    assert "Intern drøfting av enkeltsaker" not in client.get(url).content.decode()

    client.force_login(employee)
    page = soup(client.get(url))
    group = page.select_one('section.arena-group[data-level="individ"]')
    item = group.find("a", string="Intern drøfting av enkeltsaker").find_parent("article")
    assert item.select_one(".badge--internal")


@pytest.mark.django_db
def test_list_and_annual_wheel_link_each_other_and_the_feed(client):
    imported(example_document())
    index = arena_index()
    page = soup(client.get(index.url))
    assert page.find("a", href=f"{index.url}arshjul/")
    assert page.find("a", href=f"{index.url}kalender.ics")
    wheel = soup(client.get(f"{index.url}arshjul/"))
    assert wheel.find("a", href=index.url)
    assert wheel.find("a", href=f"{index.url}kalender.ics")


# The årshjul ----------------------------------------------------------------------------------


def month_cells(page, column):
    """{month number: the <td> of that month's column} of the årshjul table."""
    table = page.select_one("table.arshjul-table")
    assert table.caption.get_text(strip=True)
    cells = {}
    for group in table.select("tbody[data-month]"):
        header = group.select_one("th[scope=rowgroup]")
        cell = group.select_one(f'td[data-column="{column}"]')
        assert header["id"] in " ".join(cell.get_attribute_list("headers")).split()
        cells[int(group["data-month"])] = cell
    assert sorted(cells) == list(range(1, 13))
    return cells


@pytest.mark.django_db
def test_annual_wheel_table_carries_each_arena_in_exactly_its_months(client):
    document = demo_document()
    imported(document)
    page = soup(client.get(f"{arena_index().url}arshjul/"))

    assert [th["scope"] for th in page.select("table.arshjul-table thead th")] == ["col", "col"]
    cells = month_cells(page, "arenas")
    for arena in document["arenas"]:
        url = ArenaPage.objects.get(exchange_id=arena["id"]).url
        months = {number for number, cell in cells.items() if cell.find("a", href=url)}
        assert months == set(arena["months"]), arena["id"]

    # The wheel: twelve sectors, January to December, marked where arenas meet.
    wheel = page.select_one("svg.arshjul-wheel[role=img]")
    assert wheel.find("title").get_text(strip=True)
    visual = wheel.select("g.wheel__month")
    assert [int(month["data-month"]) for month in visual] == list(range(1, 13))
    assert all(month.select_one("path.wheel__sector")["d"].endswith("Z") for month in visual)
    meeting_months = {m for arena in document["arenas"] for m in arena["months"]}
    for month in visual:
        has_meetings = "wheel__month--has-meetings" in month["class"]
        assert has_meetings == (int(month["data-month"]) in meeting_months)
        count = month.select_one("text.wheel__count")
        expected = sum(int(month["data-month"]) in arena["months"] for arena in document["arenas"])
        assert (int(count.get_text()) if count else 0) == expected
    assert len(wheel.select(".wheel__month--current")) == 1
    current = wheel.select_one(".wheel__month--current")
    assert int(current["data-month"]) == timezone.localdate().month


def reviewed(months_ago, interval=12):
    """A review block whose next review falls `interval - months_ago` months from today."""
    last = add_months(timezone.localdate(), -months_ago)
    return {"last_reviewed": last.isoformat(), "interval_months": interval}, add_months(
        last, interval
    )


@pytest.fixture
def reviews_document():
    """A small model with reviews due in known months, one overdue and one internal."""
    document = example_document()
    due = {}
    document["elements"][0]["review"], due["element"] = reviewed(10)  # in 2 months
    document["plans"][0]["review"], due["plan"] = reviewed(14)  # 2 months overdue
    document["tools"][0]["review"], due["tool"] = reviewed(7)  # in 5 months
    document["measures"][0]["review"], due["measure"] = reviewed(12)  # this month, today
    document["arenas"][0]["review"], due["arena"] = reviewed(1, interval=6)  # in 5 months
    routine_review, due["routine"] = reviewed(3, interval=6)  # in 3 months
    document["routines"] = [
        {
            "id": "intern-rutine",
            "title": "Intern rutine for drøfting",
            "audience": "internal",
            "review": routine_review,
        }
    ]
    return document, due


@pytest.mark.django_db
def test_annual_wheel_shows_each_review_in_the_month_it_falls_due(client, reviews_document):
    document, due = reviews_document
    imported(document)
    page = soup(client.get(f"{arena_index().url}arshjul/"))
    cells = month_cells(page, "reviews")

    pages = {
        "element": ElementPage.objects.get(exchange_id=document["elements"][0]["id"]),
        "tool": ToolPage.objects.get(exchange_id=document["tools"][0]["id"]),
        "measure": MeasurePage.objects.get(exchange_id=document["measures"][0]["id"]),
        "arena": ArenaPage.objects.get(exchange_id=document["arenas"][0]["id"]),
    }
    for key, object_page in pages.items():
        months = [number for number, cell in cells.items() if cell.find("a", href=object_page.url)]
        assert months == [due[key].month], key
        link = cells[due[key].month].find("a", href=object_page.url)
        time = link.find_parent("li").find("time")
        assert time["datetime"] == due[key].isoformat()

    plan = PlanPage.objects.get(exchange_id=document["plans"][0]["id"])
    routine = RoutinePage.objects.get(exchange_id="intern-rutine")
    html = str(page)
    assert plan.url not in html  # overdue: not among the coming months
    assert routine.url not in html and "Intern rutine" not in html  # internal


@pytest.mark.django_db
def test_overdue_reviews_are_listed_for_logged_in_employees_only(
    client, employee, reviews_document
):
    document, due = reviews_document
    imported(document)
    url = f"{arena_index().url}arshjul/"
    plan = PlanPage.objects.get(exchange_id=document["plans"][0]["id"])
    routine = RoutinePage.objects.get(exchange_id="intern-rutine")

    anonymous = soup(client.get(url))
    assert anonymous.select_one("#overdue-heading") is None
    assert anonymous.select_one(".overdue-list") is None
    assert not anonymous.find("a", href=plan.url)

    client.force_login(employee)
    page = soup(client.get(url))
    overdue = page.select_one(".overdue-list")
    assert page.select_one("#overdue-heading")
    assert [a["href"] for a in overdue.select("li > a")] == [plan.url]
    assert overdue.find("time")["datetime"] == due["plan"].isoformat()
    # Employees see the internal routine's review in its month.
    cells = month_cells(page, "reviews")
    assert cells[due["routine"].month].find("a", href=routine.url)


# iCalendar feeds ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_all_arenas_feed_carries_every_arena_in_each_of_its_months(client):
    document = demo_document()
    report = imported(document)
    hostname = report.site.hostname
    index = arena_index()
    response = feed(client, f"{index.url}kalender.ics")
    assert not response.cookies
    calendar = parse(response)
    assert "Fjordvik kommune" in str(calendar["X-WR-CALNAME"])

    found = events_by_uid_base(calendar, hostname)
    coming = coming_months()
    for arena in document["arenas"]:
        wanted = [(year, month) for year, month in coming if month in arena["months"]]
        assert found.get(arena["id"], []) == wanted, arena["id"]
    assert set(found) <= {arena["id"] for arena in document["arenas"]}

    arena = document["arenas"][0]
    page = ArenaPage.objects.get(exchange_id=arena["id"])
    event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(f"{arena['id']}-"))
    assert str(event["SUMMARY"]) == arena["title"]
    assert str(event["URL"]) == page.full_url
    description = str(event["DESCRIPTION"])
    for text in (arena["frequency"], arena["convener"], arena["purpose"], page.full_url):
        assert text in description


@pytest.mark.django_db
def test_each_arena_feed_carries_that_arena_in_each_of_its_months(client):
    document = demo_document()
    hostname = imported(document).site.hostname
    coming = coming_months()
    for arena in document["arenas"]:
        page = ArenaPage.objects.get(exchange_id=arena["id"])
        calendar = parse(feed(client, f"{page.url}kalender.ics"))
        assert arena["title"] in str(calendar["X-WR-CALNAME"])
        wanted = [(year, month) for year, month in coming if month in arena["months"]]
        assert events_by_uid_base(calendar, hostname) == {arena["id"]: wanted}


@pytest.mark.django_db
def test_feeds_keep_internal_arenas_from_anonymous_visitors(client, employee):
    hostname = imported(with_extra_arenas(demo_document())).site.hostname
    index = arena_index()
    internal = ArenaPage.objects.get(exchange_id="intern-drofting")

    found = events_by_uid_base(parse(feed(client, f"{index.url}kalender.ics")), hostname)
    assert "intern-drofting" not in found
    assert "fagdag" in found
    own = client.get(f"{internal.url}kalender.ics")
    assert own.status_code in (302, 404)
    assert b"BEGIN:VCALENDAR" not in own.content
    if own.status_code == 302:
        assert own["Location"].startswith("/logg-inn/")

    client.force_login(employee)
    found = events_by_uid_base(parse(feed(client, f"{index.url}kalender.ics")), hostname)
    assert "intern-drofting" in found
    calendar = parse(feed(client, f"{internal.url}kalender.ics"))
    assert "intern-drofting" in events_by_uid_base(calendar, hostname)


@pytest.mark.django_db
def test_pages_link_their_calendar_feed_in_the_head(client):
    imported(example_document())
    index = arena_index()
    arena = ArenaPage.objects.get(exchange_id="tverrfaglig-team")
    for url, feed_url in (
        (index.url, f"{index.url}kalender.ics"),
        (f"{index.url}arshjul/", f"{index.url}kalender.ics"),
        (arena.url, f"{arena.url}kalender.ics"),
    ):
        page = soup(client.get(url))
        links = page.head.select('link[rel="alternate"][type="text/calendar"]')
        assert [link["href"] for link in links] == [feed_url], url
        assert links[0]["title"]
        parse(feed(client, feed_url))
    assert soup(client.get(arena.url)).find("a", href=f"{arena.url}kalender.ics")


# Query budget ---------------------------------------------------------------------------------


def sized_arena_document(arena_count):
    """The example model with `arena_count` arenas on all levels, reviewed, one internal."""
    document = example_document()
    levels = ["kommune", "etat", "individ", None]
    today = timezone.localdate()
    for index in range(arena_count):
        arena = {
            "id": f"arena-{index}",
            "title": f"Arena {index}",
            "purpose": f"Formål {index}",
            "participants": ["helsestasjon", "barnehage"],
            "convener": "Leder",
            "frequency": "Ofte",
            "months": [1 + (index + n) % 12 for n in range(1 + index % 6)],
            "review": {
                "last_reviewed": add_months(today, -(index % 14)).isoformat(),
                "interval_months": 12,
            },
        }
        if levels[index % 4]:
            arena["level"] = levels[index % 4]
        if index == 1:
            arena["audience"] = "internal"
        document["arenas"].append(arena)
    return document


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_number_of_arenas(client, employee):
    imported(sized_arena_document(3), hostname="liten.example")
    imported(sized_arena_document(60), hostname="stor.example")
    counts = {}
    for visitor in ("anonymous", "employee"):
        if visitor == "employee":
            client.force_login(employee)
        for host in ("liten.example", "stor.example"):
            root = Site.objects.get(hostname=host).root_page
            index = ArenaIndexPage.objects.descendant_of(root).get()
            arena = ArenaPage.objects.descendant_of(root).get(exchange_id="arena-2")
            path = index.get_url_parts()[2]
            arena_path = arena.get_url_parts()[2]
            for name, url in (
                ("list", path),
                ("annual wheel", f"{path}arshjul/"),
                ("feed", f"{path}kalender.ics"),
                ("arena feed", f"{arena_path}kalender.ics"),
            ):
                client.get(url, HTTP_HOST=host)  # warm per-process caches
                counts[(visitor, name, host)] = count_queries(client, url, host)
    for visitor in ("anonymous", "employee"):
        for name in ("list", "annual wheel", "feed", "arena feed"):
            small = counts[(visitor, name, "liten.example")]
            assert small == counts[(visitor, name, "stor.example")], counts
