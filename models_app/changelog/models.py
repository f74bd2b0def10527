"""The endringslogg: recently published changes of the model, never with a name."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from models_app.core.models import SinglePage
from models_app.core.sites import model_page_for

from .changes import recent_changes
from .feed import atom_response


class ChangeLogPage(RoutablePageMixin, SinglePage):
    """The endringslogg: recently published changes of the model, and its Atom feed."""

    template = "changelog/change_log_page.html"
    content_panels = [*Page.content_panels, FieldPanel("summary")]

    class Meta:
        verbose_name = _("change log")
        verbose_name_plural = _("change logs")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        model_page = model_page_for(self, request)
        context["changes"] = recent_changes(model_page, request, exclude=self) if model_page else []
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        model_page = model_page_for(self, request)
        if model_page is None:
            raise Http404("The change log is outside a model")
        return atom_response(self, model_page, request)
