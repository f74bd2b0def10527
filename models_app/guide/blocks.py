"""The blocks of the action guide: one step of a level."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from models_app.core.blocks import RICH_TEXT_FEATURES, LinkBlock


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=255, label=_("Step"))
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, required=False, label=_("What to do"))
    responsible = blocks.CharBlock(
        max_length=255,
        required=False,
        label=_("Responsible"),
        help_text=_("A function or role, never a person's name."),
    )
    tools = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="tools.ToolPage"), label=_("Tools"), default=[]
    )
    involve = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="services.ServicePage"),
        label=_("Services to involve"),
        default=[],
    )
    deadline = blocks.CharBlock(
        max_length=255,
        required=False,
        label=_("Deadline"),
        help_text=_('When the step must be done, in plain words, e.g. "Innen 14 dager"'),
    )
    links = blocks.ListBlock(LinkBlock(), label=_("Links"), default=[])

    class Meta:
        icon = "list-ol"
        label = _("Step")
        description = _("One step of a level in the action guide.")
        preview_value = {
            "title": "Definer undringen",
            "responsible": "Den som undrer seg",
        }
