# One image for every role: `earnwatch worker`, `earnwatch beat`, `earnwatch run`, the CLI.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    EARNWATCH_DATA_DIR=/data \
    EARNWATCH_CONFIG=/config/watchlist.yaml

# The sources are installed and then removed: the working folder holds no `config/` (or any
# other) package folder that could stand in for the installed one. .dockerignore keeps a
# watchlist, its secrets and local data out of the build context.
WORKDIR /src
COPY pyproject.toml README.md ./
COPY earnings ./earnings
COPY scrapers ./scrapers
COPY alerts ./alerts
COPY worker ./worker
COPY config ./config
RUN pip install . \
    && rm -rf /src \
    && useradd --create-home --uid 10001 earnwatch \
    && mkdir -p /data /config \
    && chown earnwatch:earnwatch /data

WORKDIR /data
USER earnwatch
VOLUME ["/data"]
# start-period: the first minute (schema, embedded Redis, first heartbeats) does not count.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["earnwatch", "health"]
CMD ["earnwatch", "run"]
