#!/usr/bin/env bash
# Nightly backup: the whole database (public and every school schema) in pg_dump's custom format,
# kept for BACKUP_KEEP_DAYS. Restore one school's schema with:
#   pg_restore --schema=school_<slug> --dbname "$DATABASE_URL" FILE
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL}"
BACKUP_DIR=${BACKUP_DIR:-/var/backups/nastavnik}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
mkdir -p "$BACKUP_DIR"
file="$BACKUP_DIR/nastavnik-$(date +%Y%m%d-%H%M%S).dump"
pg_dump --format=custom --compress=6 --file="$file.partial" "${DATABASE_URL/postgres:/postgresql:}"
mv "$file.partial" "$file"
find "$BACKUP_DIR" -name 'nastavnik-*.dump' -mtime +"$BACKUP_KEEP_DAYS" -delete
echo "backup written: $file"
