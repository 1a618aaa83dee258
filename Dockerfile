# Production image: gunicorn web, Celery worker and Celery beat all run from this one image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv PATH="/opt/venv/bin:$PATH"
# WeasyPrint needs Pango; gettext is not needed (translations are compiled with Babel).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir uv

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN python manage.py compiletranslations \
 && PRODUCTION=true SECRET_KEY=build-only-build-only-build-only-build-only-0000 ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput
RUN useradd --system --home /app styrmodell && mkdir -p /app/media && chown styrmodell /app/media
USER styrmodell
EXPOSE 8000
CMD ["gunicorn", "styrmodell.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
