"""The staff studio: a web app where staff edit the answers in both
languages, check and preview them, and publish them as git commits
(docs/STAFF.md, "The studio")."""
