"""A stand-in for the assistant, for the widget's own browser tests.

It runs Rasa's real socket.io input channel (rasa.core.channels.socketio,
with session_persistence) inside a Sanic app, so the wire protocol is exactly
the one the widget meets in production, but the replies are scripted: the
tests can send markup, links, buttons or nothing at all, and read back what
the widget sent.

One fix is applied to Rasa's channel, as the project's own channel
(privacy/channels.py) does: Rasa 3.6 calls `sio.enter_room(...)` without
`await`, and since python-socketio 5.10 that is a coroutine, so with
session_persistence the client would never join its session's room and never
receive an answer (RasaHQ/rasa#13027).

    python tests/web/webchat_fake_rasa.py --port 5005

Scripted replies (message text -> reply):
    /greet                       greeting in the metadata language, with buttons
    /switch_language{...}        confirmation in the new language
    anything with face/visage    a consent answer in the metadata language, marked as
                                 the topic consent_biometrics (the widget asks
                                 "Was this helpful?" under it)
    render check                 text with markup, links, bullets and line breaks
    buttons check                a question with quick-reply buttons
    slow check                   answers after 2 seconds
    silent check                 never answers
    erase check                  "deleted", then conversation_erased with a new id
    anything else                "I am not sure I understood" in the metadata language

GET /fake/received returns every message received, as JSON.
POST /webhooks/socketio/feedback is the project's own handler
(privacy/channels.py), storing in FEEDBACK_DB; so is the output channel
that marks topic answers.
"""

import argparse
import asyncio
import json
import logging
import os
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

from sanic import Sanic, response  # noqa: E402

import inspect  # noqa: E402
import uuid  # noqa: E402

from rasa.core.channels.channel import UserMessage  # noqa: E402
from rasa.core.channels.socketio import SocketIOInput  # noqa: E402

from assistant import feedback  # noqa: E402
from assistant.catalog import Catalog  # noqa: E402
from privacy.channels import feedback_handler, use_feedback_output  # noqa: E402
from privacy.conversations import ConversationIds  # noqa: E402

IDS = ConversationIds(b"fake-assistant")


class AwaitingSocketIOInput(SocketIOInput):
    """Rasa's channel, with the session room actually joined (see above)."""

    def blueprint(self, on_new_message):
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        if not inspect.iscoroutinefunction(sio.enter_room):
            return blueprint  # python-socketio < 5.10: Rasa's handler works

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid, data):
            data = data or {}
            # As the project's channel does: only ids this server issued.
            if not IDS.is_issued(data.get("session_id")):
                data["session_id"] = IDS.issue()
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"], namespace=self.namespace)
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)

        return blueprint

GREETING = {
    "en": "Hello! Bonjour! I answer questions about your privacy rights when organizations use "
    "your face, fingerprints or other biometric information in Canada. What would you like to know?",
    "fr": "Bonjour! Hello! Je réponds à vos questions sur vos droits lorsque des organisations "
    "utilisent votre visage, vos empreintes digitales ou d’autres renseignements biométriques "
    "au Canada. Que voulez-vous savoir?",
}
GREETING_BUTTONS = {
    "en": [
        {"title": "Can they use my face?", "payload": "/consent_biometrics"},
        {"title": "How do I complain?", "payload": "/complaint_how"},
    ],
    "fr": [
        {"title": "Peut-on utiliser mon visage?", "payload": "/consent_biometrics"},
        {"title": "Comment porter plainte?", "payload": "/complaint_how"},
    ],
}
CONSENT = {
    "en": "Generally, no. Your face is biometric information, which is sensitive, so a business "
    "usually needs your express consent before it collects or uses it.\n"
    "- It must tell you why it wants it.\n"
    "- It should offer a less invasive alternative when it can.\n"
    "Learn more: https://www.priv.gc.ca/en/privacy-topics/health-genetic-and-other-body-information/biometrics/",
    "fr": "En général, non. Votre visage est un renseignement biométrique, donc sensible : une "
    "entreprise doit habituellement obtenir votre consentement explicite avant de le recueillir "
    "ou de l’utiliser.\n"
    "- Elle doit vous dire pourquoi elle le veut.\n"
    "- Elle devrait offrir une solution moins intrusive lorsque c’est possible.",
}
SWITCHED = {
    "en": "Sure, let's continue in English.",
    "fr": "D’accord, continuons en français.",
}
FALLBACK = {
    "en": "I am not sure I understood. You can ask about consent, your rights or complaints.",
    "fr": "Je ne suis pas certain d’avoir compris. Vous pouvez poser une question sur le "
    "consentement, vos droits ou les plaintes.",
}
RENDER_CHECK = (
    'Markup stays text: <img src=x onerror="alert(1)"> <script>alert(2)</script> <b>bold?</b>\n'
    "Second line of the same paragraph.\n"
    "\n"
    "- first point with https://example.org/a_(b)?q=1.\n"
    "- second point, mail info@example.org\n"
    "Call 1-800-282-1376 or see [the guide](https://example.org/guide). javascript:alert(3)\n"
    "[bad link](javascript:alert(4))"
)


def build_app(cors="*"):
    app = Sanic("fake_rasa")
    app.ctx.received = []
    channel = AwaitingSocketIOInput(
        user_message_evt="user_uttered",
        bot_message_evt="bot_uttered",
        session_persistence=True,
    )

    async def on_new_message(message: UserMessage):
        metadata = message.metadata or {}
        app.ctx.received.append(
            {"sender_id": message.sender_id, "text": message.text, "metadata": metadata}
        )
        lang = metadata.get("language") if metadata.get("language") in ("en", "fr") else "en"
        text = (message.text or "").strip()
        lowered = text.lower()
        out = message.output_channel
        to = message.sender_id

        if lowered.startswith("/switch_language"):
            try:
                lang = json.loads(text[len("/switch_language"):])["language"]
            except (ValueError, KeyError, TypeError):
                pass
            await out.send_response(to, {"text": SWITCHED.get(lang, SWITCHED["en"])})
        elif lowered.startswith("/greet"):
            await out.send_response(to, {"text": GREETING[lang], "buttons": GREETING_BUTTONS[lang]})
        elif "face" in lowered or "visage" in lowered or lowered == "/consent_biometrics":
            await out.send_response(to, {"text": CONSENT[lang], "language": lang,
                                         "feedback_topic": "consent_biometrics"})
        elif lowered == "render check":
            await out.send_response(to, {"text": RENDER_CHECK})
        elif lowered == "buttons check":
            await out.send_response(
                to,
                {
                    "text": "Which province?",
                    "buttons": [
                        {"title": "Alberta", "payload": '/inform_location{"province": "AB"}'},
                        {"title": "<b>Québec</b>", "payload": '/inform_location{"province": "QC"}'},
                    ],
                },
            )
        elif lowered.startswith('/inform_location{"province": "ab"}'):
            await out.send_response(to, {"text": "In Alberta, contact the Information and Privacy Commissioner of Alberta."})
        elif lowered == "slow check":
            await asyncio.sleep(2)
            await out.send_response(to, {"text": "Sorry for the wait."})
        elif lowered == "silent check":
            return
        elif lowered == "erase check":
            # What the project's channel does after "delete my conversation".
            await out.send_response(to, {"text": "Done: this conversation has been deleted."})
            fresh, namespace = IDS.issue(), channel.namespace or "/"
            for sid, _ in list(channel.sio.manager.get_participants(namespace, to)):
                await channel.sio.leave_room(sid, to, namespace=namespace)
                await channel.sio.enter_room(sid, fresh, namespace=namespace)
                await channel.sio.emit("conversation_erased", {"session_id": fresh}, room=sid,
                                       namespace=namespace)
        else:
            await out.send_response(to, {"text": FALLBACK[lang]})

    use_feedback_output()
    blueprint = channel.blueprint(on_new_message)
    blueprint.add_route(feedback_handler(feedback.Store(), Catalog()), "/feedback", methods=["POST"])
    app.blueprint(blueprint, url_prefix="/webhooks/socketio")

    @app.get("/")
    async def hello(_request):
        return response.text("Hello from the fake assistant")

    @app.get("/fake/received")
    async def received(_request):
        return response.json(app.ctx.received)

    if cors:
        # What `rasa run --cors "*"` does.
        from sanic_cors import CORS

        CORS(app, resources={r"/*": {"origins": cors}}, automatic_options=True)
    return app


def main():
    parser = argparse.ArgumentParser(description="Scripted stand-in for the assistant")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5005)
    parser.add_argument("--cors", default="*", help="allowed origins; '' for none")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    app = build_app(args.cors or None)
    app.run(host=args.host, port=args.port, access_log=False, debug=False, workers=1)


if __name__ == "__main__":
    main()
