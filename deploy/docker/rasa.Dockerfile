# The Rasa server (REST + socket.io channels) with the project's safeguards
# (resilience/), its NLU component (nlu/) and privacy guard (privacy/).
# Build from the repository root, after `make train`:
#   docker build -f deploy/docker/rasa.Dockerfile -t biometric-assistant-rasa .
FROM rasa/rasa:3.6.21

USER root
WORKDIR /app
# What the project adds to Rasa's own dependencies (rasa.requirements.txt), at
# the versions of requirements.txt, which also pins what they depend on.
COPY requirements.txt deploy/docker/rasa.requirements.txt /tmp/requirements/
RUN pip install --no-cache-dir -c /tmp/requirements/requirements.txt -r /tmp/requirements/rasa.requirements.txt \
 && rm -rf /tmp/requirements

COPY --chown=1001:0 assistant/ assistant/
COPY --chown=1001:0 actions/ actions/
COPY --chown=1001:0 channels/ channels/
COPY --chown=1001:0 nlu/ nlu/
COPY --chown=1001:0 privacy/ privacy/
COPY --chown=1001:0 resilience/ resilience/
COPY --chown=1001:0 rasa_patches/ rasa_patches/
COPY --chown=1001:0 locales/ locales/
COPY --chown=1001:0 credentials.yml domain.yml config.yml ./
COPY --chown=1001:0 deploy/endpoints.cluster.yml deploy/endpoints.cluster.yml
COPY --chown=1001:0 deploy/docker/rasa-entrypoint.sh /app/rasa-entrypoint.sh
COPY --chown=1001:0 models/assistant.tar.gz models/assistant.tar.gz

ENV RASA_TELEMETRY_ENABLED=false \
    TF_CPP_MIN_LOG_LEVEL=2 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    PYTHONPATH=/app \
    RASA_HOST=0.0.0.0 \
    RASA_PORT=5005 \
    MODEL=models/assistant.tar.gz \
    ENDPOINTS=deploy/endpoints.cluster.yml \
    CORS_ORIGINS="*"

USER 1001
EXPOSE 5005
# Liveness: "/" answers once the server runs; readiness: /health/ready
# answers 200 once the model is loaded (about a minute).
HEALTHCHECK --interval=15s --timeout=5s --start-period=180s --retries=3 \
  CMD python -c "import urllib.request,os; urllib.request.urlopen('http://127.0.0.1:%s/health/ready' % os.environ.get('RASA_PORT', '5005'), timeout=4)"
ENTRYPOINT ["/app/rasa-entrypoint.sh"]
