"""Output shapes shared by the consultation API views."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Consultation, ConsultationRequest


class ConsultantBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField(source="user.full_name")


class ConsultationOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consultation
        fields = [
            "id", "request", "consultant", "starts_at", "format", "duration_minutes", "participants",
            "summary", "recommendations", "follow_up", "follow_up_on", "rating", "rating_comment", "rated_at",
        ]  # fmt: skip
        read_only_fields = fields


class RequestEventOutputSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.full_name")
    kind = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    consultant = serializers.IntegerField(source="consultant_id", allow_null=True)
    note = serializers.CharField()
    capacity_override = serializers.BooleanField()


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(source="contact_name")
    email = serializers.CharField(source="contact_email")
    phone = serializers.CharField(source="contact_phone")


class RequestOutputSerializer(serializers.ModelSerializer):
    """A request; `contact` (the teacher's name and contact) is null for those who do not work on it."""

    school_name = serializers.CharField(source="school.short_name")
    point_name = serializers.CharField(source="point.name", allow_null=True, default=None)
    consultant = ConsultantBriefSerializer(allow_null=True)
    contact = serializers.SerializerMethodField()

    class Meta:
        model = ConsultationRequest
        fields = [
            "id", "school", "school_name", "point", "point_name", "topic", "description", "subject",
            "deficit_area", "support_kind", "teacher_category", "urgency", "preferred_format",
            "preferred_from", "preferred_to", "is_priority", "status", "status_reason", "escalated",
            "consultant", "created_at", "first_assigned_at", "assigned_at", "closed_at", "assign_due_at",
            "consult_due_at", "contact",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(ContactSerializer(allow_null=True))
    def get_contact(self, item):
        if not self.context.get("show_contact", lambda _item: False)(item):
            return None
        return ContactSerializer(item).data


class ReasonSerializer(serializers.Serializer):
    text = serializers.CharField()
    good = serializers.BooleanField()


class SuggestionSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    consultant = ConsultantBriefSerializer()
    score = serializers.IntegerField()
    load = serializers.IntegerField(help_text="Запросов в этом месяце")
    capacity = serializers.IntegerField(help_text="Лимит запросов в месяц")
    has_room = serializers.BooleanField()
    reasons = ReasonSerializer(many=True)
