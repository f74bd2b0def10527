"""Places in the page tree."""

# The base columns a page listed on another page needs when read with .only(): its title,
# what its address is built from, and what the privacy checks read (its path).
LISTED_PAGE_COLUMNS = ("title", "slug", "path", "depth", "url_path", "live", "content_type")


def free_slug(parent, slug, taken=None):
    """`slug`, or `slug-2`, `slug-3` … when a child of `parent` has it already. Pass a set
    `taken` to make many children in a row (it is read once and kept up to date)."""
    if taken is None:
        taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    taken.add(candidate)
    return candidate
