"""The shared form piece (school_programs/_form.html): each error stands under its own field, required
fields are marked, long texts take the whole row."""

from html.parser import HTMLParser

from django import forms
from django.template import Context, Template

FORM = Template('{% include "school_programs/_form.html" with form=form submit="Сохранить" %}')


class Sample(forms.Form):
    title = forms.CharField(label="Название")
    deadline = forms.DateField(label="Срок", required=False)
    count = forms.IntegerField(label="Количество")
    notes = forms.CharField(label="Описание", widget=forms.Textarea, required=False)

    def clean(self):
        raise forms.ValidationError("Форма целиком не подходит.")


class FieldBlocks(HTMLParser):
    """The text inside each `div.field`, by its data-field, as a browser would nest it."""

    VOID = {"input", "br", "img", "meta", "link", "hr"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.blocks: dict[str, dict] = {}
        self.outside_errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.VOID:
            return
        field = attrs.get("data-field") if "field" in (attrs.get("class") or "").split() else None
        if field:
            self.blocks[field] = {"classes": attrs["class"].split(), "text": ""}
        self.stack.append((tag, field))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        fields = [field for _, field in self.stack if field]
        if fields:
            self.blocks[fields[-1]]["text"] += data
        elif data.strip():
            self.outside_errors.append(data.strip())


def _render(data):
    form = Sample(data=data)
    form.is_valid()
    parser = FieldBlocks()
    parser.feed(FORM.render(Context({"form": form})))
    return parser


def test_each_error_stands_inside_its_own_field_block():
    parser = _render({"title": "", "deadline": "32.13.2026", "count": "много"})
    blocks = parser.blocks
    assert "Обязательное поле." in blocks["title"]["text"]
    assert "Введите правильную дату." in blocks["deadline"]["text"]
    assert "Введите целое число." in blocks["count"]["text"]
    # No field carries another's error.
    assert "целое число" not in blocks["title"]["text"] + blocks["deadline"]["text"]
    assert "has-errors" in blocks["count"]["classes"] and "has-errors" not in blocks["notes"]["classes"]


def test_the_forms_own_error_stands_above_the_fields():
    parser = _render({"title": "Есть", "count": "3"})
    assert "Форма целиком не подходит." in parser.outside_errors
    assert all("Форма целиком" not in block["text"] for block in parser.blocks.values())


def test_required_fields_are_marked_and_long_texts_are_wide():
    parser = _render({})
    assert "required" in parser.blocks["title"]["classes"] and "required" in parser.blocks["count"]["classes"]
    assert "required" not in parser.blocks["deadline"]["classes"]
    assert "wide" in parser.blocks["notes"]["classes"] and "wide" not in parser.blocks["title"]["classes"]
    assert "обязательное поле" in " ".join(parser.outside_errors)
