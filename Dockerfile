# Netcurate's one production image: docker-compose.yml runs it as the web server (gunicorn),
# the Celery worker, Celery beat and the one-shot migrate job.
FROM python:3.11-slim

# PYTHONPATH makes /app the one copy of the code that is imported, whatever the entry point
# (gunicorn, celery or manage.py), rather than the copy `pip install .` puts in site-packages.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# A real home: gunicorn puts its control socket in ~/.gunicorn.
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/netcurate netcurate

WORKDIR /app

# Only what the application needs: never a local .env, .venv, var/ or .git from the checkout.
COPY pyproject.toml README.md manage.py ./
COPY config ./config
COPY accounts ./accounts
COPY network ./network
COPY replies ./replies
COPY templates ./templates
COPY static ./static
COPY locale ./locale

RUN pip install . \
    && rm -rf build ./*.egg-info \
    && mkdir -p var/beat var/imports \
    && chown -R netcurate:netcurate var

USER netcurate

# Settings refuse to start without SECRET_KEY when DEBUG is false; collectstatic signs nothing,
# so a throwaway key that exists only in this build step is enough.
RUN SECRET_KEY=collectstatic-build-step-only python manage.py collectstatic --no-input

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000"]
