"""The glossary (ordforklaringer): terms the site explains wherever the model's texts use them."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError


class GlossaryTermBlock(blocks.StructBlock):
    term = blocks.CharBlock(max_length=255, label=_("Term"))
    definition = blocks.TextBlock(label=_("Definition"), help_text=_("Plain text."))

    class Meta:
        icon = "help"
        label = _("Term")
        description = _("A word or phrase and what it means.")
        preview_value = {
            "term": "Stafettholder",
            "definition": "Den ansatte som holder tråden i samarbeidet med barnet og familien.",
        }


class GlossaryBlock(blocks.StreamBlock):
    """Each term once, regardless of case, as the exchange format requires: a second entry
    for a term could not be exported."""

    term = GlossaryTermBlock()

    def clean(self, value):
        value = super().clean(value)
        seen = set()
        errors = {}
        for index, child in enumerate(value):
            term = child.value["term"].casefold()
            if term in seen:
                message = ValidationError(_("This term is already in the glossary."))
                errors[index] = StructBlockValidationError(block_errors={"term": message})
            seen.add(term)
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value
