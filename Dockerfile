# One image for every role: `earnwatch worker`, `earnwatch beat`, `earnwatch run`, the CLI.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    EARNWATCH_DATA_DIR=/data \
    EARNWATCH_CONFIG=/app/config/watchlist.yaml

WORKDIR /app
COPY pyproject.toml README.md ./
COPY earnings ./earnings
COPY scrapers ./scrapers
COPY alerts ./alerts
COPY worker ./worker
COPY config ./config
RUN pip install . \
    && useradd --create-home --uid 10001 earnwatch \
    && mkdir -p /data \
    && chown earnwatch:earnwatch /data

USER earnwatch
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=10s CMD ["earnwatch", "health"]
CMD ["earnwatch", "run"]
