"""What an import changed: the model before and after, object by object, in document form."""

import json
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import Truncator

from wagtail.models import Site

from models_app.guide.models import GuideLevelPage
from models_app.model.models import ModelIndexPage

from .conversions import Field
from .exporter import KINDS, ModelExporter
from .fieldmap import FIELDS, MODEL

SHOWN_CHARS = 80  # a value longer than this is shortened in the preview


@dataclass
class ImportReport:
    site: Site
    dry_run: bool = False
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unpublished: list = field(default_factory=list)
    unchanged: int = 0
    before: dict = field(default_factory=dict, repr=False)
    after: dict = field(default_factory=dict, repr=False)

    def lines(self):
        verb = "Would import" if self.dry_run else "Imported"
        yield (
            f"{verb} into site {self.site.hostname} ({self.site.site_name}): "
            f"{len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.unpublished)} unpublished, {self.unchanged} unchanged."
        )
        for label, refs in (
            ("added", self.added),
            ("changed", self.changed),
            ("unpublished", self.unpublished),
        ):
            for ref in refs:
                yield f"  {label}: {ref}"

    # For people: titles, kinds and what changes ------------------------------------------

    def title_of(self, ref):
        data = self.after.get(ref) or self.before.get(ref) or {}
        if ref == "model":
            return data.get("title") or ref
        return data.get("title") or data.get("name") or ref

    def changes_of(self, ref):
        """(field label, before, after) for each top-level key whose value changes."""
        before, after = self.before.get(ref, {}), self.after.get(ref, {})
        keys = [*after, *(key for key in before if key not in after)]
        return [
            (field_label(ref, key), shown(before.get(key)), shown(after.get(key)))
            for key in keys
            if before.get(key) != after.get(key)
        ]

    def rows(self, refs, with_changes=False):
        """What the preview lists for some refs: kind, title, ref and (if asked) the changes."""
        return [
            {
                "ref": ref,
                "kind": kind_label(ref),
                "title": self.title_of(ref),
                "changes": self.changes_of(ref) if with_changes else [],
            }
            for ref in refs
        ]

    def added_rows(self):
        return self.rows(self.added)

    def changed_rows(self):
        return self.rows(self.changed, with_changes=True)

    def unpublished_rows(self):
        return self.rows(self.unpublished)


def model_of_ref(ref):
    kind = ref.split(":", 1)[0]
    if kind == "model":
        return ModelIndexPage, MODEL
    if kind == "guide-level":
        return GuideLevelPage, FIELDS["guide-level"]
    return KINDS[kind][0], FIELDS[kind]


def kind_label(ref):
    return model_of_ref(ref)[0]._meta.verbose_name


def field_label(ref, key):
    """The page field's name for a document key (e.g. "sammendrag" for summary), else the key."""
    model, fields = model_of_ref(ref)
    for item in fields:
        if isinstance(item, Field) and item.key == key:
            try:
                return model._meta.get_field(item.attr).verbose_name
            except FieldDoesNotExist:
                break
    return key


def shown(value):
    """A value as a short line of text; "" for none."""
    if value in (None, "", [], {}):
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return Truncator(" ".join(text.split())).chars(SHOWN_CHARS)


def snapshot(root):
    exporter = ModelExporter(root)
    return {"model": exporter.header(), **exporter.objects()}


def compare(site, before, after, dry_run):
    report = ImportReport(site=site, dry_run=dry_run, before=before, after=after)
    for ref, data in after.items():
        if ref not in before:
            report.added.append(ref)
        elif before[ref] != data:
            report.changed.append(ref)
        else:
            report.unchanged += 1
    report.unpublished = [ref for ref in before if ref not in after]
    return report
