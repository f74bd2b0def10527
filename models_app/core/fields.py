"""Model fields that many page types share: choice lists, addresses, links, services, bodies."""

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.blocks import PageChooserBlock
from wagtail.fields import RichTextField, StreamField

from .blocks import RICH_TEXT_FEATURES, LinkBlock, address_validator

exchange_id_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$", _("Use lower-case letters a–z, digits and hyphens.")
)


class ChoiceListField(models.JSONField):
    """A JSON list whose items come from `choices`, edited as a row of checkboxes."""

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        coerce = type(self.item_choices[0][0]) if self.item_choices else str
        return forms.TypedMultipleChoiceField(
            choices=self.item_choices,
            coerce=coerce,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {key for key, _label in self.item_choices}
        unknown = [item for item in value or [] if item not in allowed]
        if unknown:
            raise forms.ValidationError(f"Ukjent verdi: {unknown}")


def address_field(verbose_name):
    """A web, e-mail or phone address (`https://…`, `mailto:…`, `tel:…`); the link checker
    finds these fields by their validator."""
    return models.CharField(
        verbose_name, max_length=2000, blank=True, validators=[address_validator]
    )


def body_field():
    return RichTextField(features=RICH_TEXT_FEATURES, blank=True, verbose_name=_("Body"))


def links_field():
    return StreamField(
        [("link", LinkBlock())],
        blank=True,
        verbose_name=_("Links"),
        help_text=_("What makes this real: plans, routines, arenas, measures, tools, services."),
    )


def service_list_field(verbose_name):
    """Services in the order to show them; a stream of choosers, so order is kept and the
    reference index knows every use."""
    return StreamField(
        [("service", PageChooserBlock(page_type="services.ServicePage", label=_("Service")))],
        blank=True,
        verbose_name=verbose_name,
    )


def responsible_field():
    return models.CharField(
        _("responsible function"),
        max_length=255,
        blank=True,
        help_text=_("A function or role, never a person's name."),
    )
