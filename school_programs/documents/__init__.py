"""Building printable documents (DOCX, PDF through LibreOffice) for the school's programme.

The documents themselves (orders, agreements, plans) are assembled in services/documents.py; this
package holds what every document shares: Russian dates, Word formatting, PDF conversion, download
responses.
"""
