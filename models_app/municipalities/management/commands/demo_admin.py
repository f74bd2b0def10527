import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Development: make an 'admin' superuser with a fresh random password, once, and show it."

    def handle(self, **options):
        users = get_user_model().objects
        if users.filter(is_superuser=True).exists():
            self.stdout.write(
                "Admin: log in at /admin/ as your superuser "
                "(forgot the password? python manage.py changepassword admin)."
            )
            return
        password = secrets.token_urlsafe(12)
        users.create_superuser("admin", "admin@example.invalid", password)
        self.stdout.write(f"Admin: log in at /admin/ as 'admin' with password: {password}")
