from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from regional_center.models import Region

from ...services.onboarding import OnboardingFileError, parse_schools, read_table, schools_provision


class Command(BaseCommand):
    help = (
        "Подключить школы из файла CSV или XLSX. Сначала проверяется весь файл: если в какой-либо "
        "строке есть ошибка, не создаётся ни одна школа."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--region", help="название региона (если их несколько)")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"Файл {path} не найден.")
        regions = Region.objects.all()
        if options["region"]:
            regions = regions.filter(name__iexact=options["region"])
        region = regions.first()
        if region is None or (not options["region"] and regions.count() > 1):
            raise CommandError("Укажите существующий регион: --region «Название».")
        try:
            rows = parse_schools(read_table(path), region)
        except OnboardingFileError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(
                f"Файл не принят: ошибок — {len(error.errors)}. Ни одна школа не создана."
            ) from error
        bar = tqdm(
            total=len(rows),
            unit="шк.",
            desc="Подключение школ",
            file=self.stderr,
            disable=options["verbosity"] == 0,
        )
        schools_provision(rows=rows, progress=bar.update)
        bar.close()
        self.stdout.write(self.style.SUCCESS(f"Подключено школ: {len(rows)}."))
