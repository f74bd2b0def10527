from django.urls import path

from . import views

urlpatterns = [
    path("", views.login_page, name="employee_login"),
    path("jobbkonto/", views.work_account_start, name="oidc_start"),
    path("jobbkonto/svar/", views.work_account_callback, name="oidc_callback"),
]
