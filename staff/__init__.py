"""Tools for the staff who keep the answers current: the content check
(`make check`) and the translation workflow (`make translations`). They are
not part of the running assistant and do not ship in the action server.
Their messages, in English and French, are in staff/locales/ (staff/messages.py).
"""
