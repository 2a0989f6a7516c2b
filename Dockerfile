# The bot as a small, non-root image, installed from the lock file (requirements.txt).
#   docker build -t ee-assistant .
#   docker run --rm --env-file .env ee-assistant            # polling; see compose.yaml
# Two stages: the build stage installs the pinned dependencies into /venv with uv; the final
# stage copies that venv and the source only (no compilers, no uv, no pip cache).
FROM python:3.12-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /venv && /venv/bin/pip install -q uv
COPY requirements.txt /tmp/requirements.txt
RUN /venv/bin/uv pip install -q --compile-bytecode --python /venv/bin/python --no-cache -r /tmp/requirements.txt \
    && /venv/bin/uv pip uninstall -q --python /venv/bin/python uv

FROM python:3.12-slim
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PTB_TIMEDELTA=true
RUN useradd --system --uid 10001 --create-home --home-dir /home/bot bot \
    && mkdir -p /app/var && chown bot:bot /app/var
COPY --from=build /venv /venv
WORKDIR /app
# The bot runs from its source (python -m bot): code, knowledge base, migrations, and
# pyproject.toml (Alembic reads its settings there). Owned by root: read-only for the bot.
COPY pyproject.toml ./
COPY migrations ./migrations
COPY knowledge ./knowledge
COPY bot ./bot
# Compiled here: with PYTHONDONTWRITEBYTECODE the bot would compile its modules at every start.
RUN python -m compileall -q bot
USER bot
# Webhook mode listens on $PORT on every interface inside the container; the host publishes
# it (compose.yaml). Polling mode opens no port.
ENV WEBHOOK_LISTEN=0.0.0.0 PORT=8080
EXPOSE 8080
# SQLite (no DATABASE_URL) lives in /app/var: mount a volume there to keep it.
VOLUME ["/app/var"]
HEALTHCHECK --interval=60s --timeout=15s --start-period=30s --retries=3 \
    CMD ["python", "-m", "bot", "health"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
