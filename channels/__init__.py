"""The assistant in messaging apps: Telegram, Messenger, Slack, SMS/WhatsApp
(Twilio) and Microsoft Teams (Bot Framework).

Each channel is Rasa's own connector with a thin subclass (channels/<app>.py)
adding what the connector lacks: request verification, buttons the platform
renders, messages split under its limit, and the starting language. Which
channels run is decided by the environment (channels/credentials.py).
"""
