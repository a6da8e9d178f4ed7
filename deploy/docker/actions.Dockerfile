# The action server: the thin Rasa actions and the plain modules they use,
# with the catalogs in locales/ (edited catalogs are picked up live when
# locales/ is mounted as a volume).
#   docker build -f deploy/docker/actions.Dockerfile -t biometric-assistant-actions .
FROM rasa/rasa-sdk:3.6.2

USER root
WORKDIR /app
# pydantic: the settings object (assistant/settings.py), at the version of requirements.txt.
RUN pip install --no-cache-dir langdetect==1.0.9 babel==2.19.0 pyyaml==6.0.3 sqlalchemy==1.4.54 pydantic==1.10.9

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
