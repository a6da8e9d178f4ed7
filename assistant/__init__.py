"""The assistant's core, with no Rasa in it: reply language, message
catalogs, the privacy offices, which office handles a situation, and the
replies assembled from all of these. `actions/` (Rasa SDK), `channels/`,
`privacy/` and `resilience/` call into it; it never imports them.
"""
