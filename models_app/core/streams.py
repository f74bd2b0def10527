"""Reading StreamField and ListBlock data without loading what it points to."""


def raw_list_items(raw):
    """The values of a ListBlock's (or StreamField's) raw data, in either of the formats
    Wagtail stores: plain values, or {"type": …, "value": …} items."""
    return [
        item.get("value") if isinstance(item, dict) and "type" in item and "value" in item else item
        for item in raw or []
    ]


def chosen_pages(stream):
    """The pages of a stream of page choosers, leaving out deleted ones."""
    return [child.value for child in stream if child.value is not None]
