"""Per-municipality editor and approver groups, collections and the moderation workflow."""


def ensure_groups_and_workflow(site, model_page):
    """Create what is missing; never touch what an administrator has changed."""
