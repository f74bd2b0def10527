from django.urls import path

from . import views

urlpatterns = [
    path("", views.open_data_page, name="open_data"),
    path("samhandlingsmodell.json", views.model_document, name="open_data_document"),
    path("samhandlingsmodell-1.schema.json", views.schema, name="open_data_schema"),
    path("kommuner.json", views.municipalities, name="open_data_index"),
]
