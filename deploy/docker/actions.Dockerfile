# The action server: the thin Rasa actions and the plain modules they use,
# with the catalogs in locales/ (edited catalogs are picked up live when
# locales/ is mounted as a volume).
#   docker build -f deploy/docker/actions.Dockerfile -t biometric-assistant-actions .
FROM rasa/rasa-sdk:3.6.2

USER root
WORKDIR /app
# What the project adds to rasa-sdk's own dependencies (actions.requirements.txt),
# at the versions of requirements.txt, which also pins what they depend on.
COPY requirements.txt deploy/docker/actions.requirements.txt /tmp/requirements/
RUN pip install --no-cache-dir -c /tmp/requirements/requirements.txt -r /tmp/requirements/actions.requirements.txt \
 && rm -rf /tmp/requirements

COPY --chown=1001:0 assistant/ assistant/
COPY --chown=1001:0 actions/ actions/
COPY --chown=1001:0 privacy/ privacy/
COPY --chown=1001:0 locales/ locales/

ENV PYTHONPATH=/app \
    ACTION_HOST=0.0.0.0 \
    ACTION_PORT=5055

USER 1001
EXPOSE 5055
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5055/health', timeout=4)"
ENTRYPOINT ["python", "-m", "actions.server"]
