"""The pages every municipality has whatever its model: concern, accessibility, change log."""


def ensure_default_pages(model_page):
    """Create the missing ones with starter text in the municipality's language."""
