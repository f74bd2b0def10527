"""Calendar arithmetic for review cycles and the årshjul."""

import datetime


def add_months(day, months):
    """The same day `months` calendar months later, clamped to the end of a short month, and
    to the last day a date can have (a review date in year 9999 must not break a page)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > datetime.MAXYEAR:
        return datetime.date.max
    if year < datetime.MINYEAR:
        return datetime.date.min
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


def next_review_date(last_reviewed, interval_months):
    """When an object is next due for review: the one rule for every page and report."""
    if last_reviewed and interval_months:
        return add_months(last_reviewed, interval_months)
    return None
