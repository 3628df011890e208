# CityDiplo production image: gunicorn serves the app, WhiteNoise the static files.
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    CITYDIPLO_VAR_DIR=/var/lib/citydiplo STATIC_ROOT=/app/staticfiles

# WeasyPrint needs Pango; gettext compiles the translations. Debian's bookworm versions are
# taken as they come: the release only receives security fixes.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext libicu-dev pkg-config g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
RUN pip install -c requirements.lock .
COPY . .
# Static files are collected with the production settings (debug off, hashed names), so that
# the manifest the running app looks names up in is written. The key only lets settings load.
RUN DJANGO_DEBUG=true python manage.py compilemessages --ignore=.venv \
 && DJANGO_DEBUG=false DJANGO_SECRET_KEY=collectstatic-only-not-a-secret-0123456789abcdefghijkl DJANGO_STATIC_MANIFEST=true python manage.py collectstatic --no-input \
 && useradd --system --uid 10001 --home /app citydiplo \
 && mkdir -p /var/lib/citydiplo/media && chown -R 10001 /var/lib/citydiplo

USER 10001
EXPOSE 8000
# Request lines, header counts and sizes are bounded by gunicorn before Django sees them; a
# worker stuck past 60 s is replaced.
CMD ["gunicorn", "citydiplo.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", \
     "--limit-request-line", "4094", "--limit-request-fields", "100", "--limit-request-field_size", "8190", \
     "--access-logfile", "-"]
