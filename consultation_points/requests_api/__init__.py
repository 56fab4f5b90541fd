"""API of the consultation service (issue 10): /api/v1/consultations/…"""
