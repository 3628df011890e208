# CityDiplo production image: gunicorn serves the app, WhiteNoise the static files.
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    CITYDIPLO_VAR_DIR=/var/lib/citydiplo STATIC_ROOT=/app/staticfiles

# WeasyPrint needs Pango; gettext compiles the translations.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext libicu-dev pkg-config g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
RUN pip install -c requirements.lock .
COPY . .
RUN DJANGO_DEBUG=true python manage.py compilemessages --ignore=.venv \
 && DJANGO_DEBUG=true DJANGO_STATIC_MANIFEST=true python manage.py collectstatic --no-input \
 && useradd --system --home /app citydiplo \
 && mkdir -p /var/lib/citydiplo/media && chown -R citydiplo /var/lib/citydiplo

USER citydiplo
EXPOSE 8000
CMD ["gunicorn", "citydiplo.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
