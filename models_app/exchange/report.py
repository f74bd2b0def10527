"""What an import changed: the model before and after, object by object, in document form."""

from dataclasses import dataclass, field

from wagtail.models import Site

from .exporter import ModelExporter


@dataclass
class ImportReport:
    site: Site
    dry_run: bool = False
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unpublished: list = field(default_factory=list)
    unchanged: int = 0

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


def snapshot(root):
    exporter = ModelExporter(root)
    return {"model": exporter.header(), **exporter.objects()}


def compare(site, before, after, dry_run):
    report = ImportReport(site=site, dry_run=dry_run)
    for ref, data in after.items():
        if ref not in before:
            report.added.append(ref)
        elif before[ref] != data:
            report.changed.append(ref)
        else:
            report.unchanged += 1
    report.unpublished = [ref for ref in before if ref not in after]
    return report
