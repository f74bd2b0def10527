from django.template.response import TemplateResponse

from wagtail import hooks

from models_app.core.sites import model_page_for
from models_app.core.visibility import visibility_for

from .employees import belongs_to_site, employee_account, own_private_collection


@hooks.register("before_serve_page")
def refuse_employees_of_other_municipalities(page, request, serve_args, serve_kwargs):
    """Wagtail's login restriction lets any signed-in user in; an employee of another
    municipality gets a page that says why not and how to get access, never a bare 403."""
    if not request.user.is_authenticated or belongs_to_site(request):
        return None
    if not visibility_for(request).is_private(page):
        return None
    context = {"requested_page": page, "model_page": model_page_for(page, request)}
    return TemplateResponse(request, "accounts/no_access.html", context, status=403)


@hooks.register("before_serve_document")
def refuse_other_municipalities_documents(document, request):
    """Document addresses work on every site: an internal document is served to a provider's
    employee only from their own municipality's internal collection."""
    account = employee_account(request)
    if account is None or not visibility_for(request).is_private_document(document):
        return None
    own = own_private_collection(account)
    if own is not None and document.collection.path.startswith(own.path):
        return None
    return TemplateResponse(request, "accounts/no_access.html", {}, status=403)
