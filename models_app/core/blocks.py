"""The link block: from one model object to another, or to an external address."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

# The Markdown subset of the exchange format, and nothing more.
RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]

# Web, e-mail and phone addresses, as the exchange format allows them.
address_validator = RegexValidator(
    r"^(https?://\S+|mailto:\S+|tel:[+0-9 ()-]+)$",
    _("Enter a web address (https://…), an e-mail (mailto:…) or a phone number (tel:…)."),
)

LINKABLE_PAGE_TYPES = [
    "model.ElementPage",
    "plans.PlanPage",
    "routines.RoutinePage",
    "arenas.ArenaPage",
    "measures.MeasurePage",
    "tools.ToolPage",
    "services.ServicePage",
    "guide.GuidePage",
    "guide.GuideLevelPage",
]


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(
        page_type=LINKABLE_PAGE_TYPES,
        required=False,
        label=_("Page in the model"),
        help_text=_("A plan, routine, arena, measure, tool, service or step of the guide."),
    )
    url = blocks.CharBlock(
        required=False,
        max_length=2000,
        validators=[address_validator],
        label=_("Or an external address"),
    )
    title = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Link text"),
        help_text=_("Required for an external address. A page link shows the page's title."),
    )

    def clean(self, value):
        value = super().clean(value)
        if value["page"] and value["url"]:
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose a page or an address, not both."))}
            )
        if not value["page"] and not (value["url"] and value["title"]):
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(
                        _("Choose a page, or write both an address and a link text.")
                    )
                }
            )
        return value

    class Meta:
        icon = "link"
        label = _("Link")
        description = _("A link to another part of the model or to an external page.")
        preview_value = {"url": "https://www.bufdir.no/", "title": "Bufdir"}
