from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from regional_center.models import Municipality

from ...models import School
from ...services.provisioning import SchoolData, school_create


class Command(BaseCommand):
    help = "Создать образовательную организацию и её схему в базе данных."

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="код в адресе: латиница, цифры, дефис")
        parser.add_argument("--name", required=True, help="полное наименование")
        parser.add_argument("--short-name", required=True, help="краткое наименование")
        parser.add_argument("--municipality", required=True, help="название муниципалитета")
        parser.add_argument("--kind", default=School.Kind.SCHOOL, choices=School.Kind.values)
        parser.add_argument("--address", default="")
        parser.add_argument("--inn", default="")
        parser.add_argument("--low-results", action="store_true", help="школа с низкими результатами (ШНОР)")
        parser.add_argument("--partner", action="store_true", help="школа-партнёр")
        parser.add_argument("--method", default="copy", choices=["copy", "clone", "migrate"])

    def handle(self, *args, **options):
        municipality = Municipality.objects.filter(name__iexact=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"Муниципалитет «{options['municipality']}» не найден.")
        data = SchoolData(
            slug=options["slug"],
            full_name=options["name"],
            short_name=options["short_name"],
            municipality=municipality,
            kind=options["kind"],
            address=options["address"],
            inn=options["inn"],
            low_results=options["low_results"],
            partner_school=options["partner"],
        )
        try:
            school = school_create(data=data, method=options["method"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Создана школа «{school}» (схема {school.schema_name})."))
