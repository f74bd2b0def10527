"""A list of choices stored as JSON: themes, target groups, months."""

from django import forms
from django.db import models


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
