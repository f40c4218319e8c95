"""The Anlaufstelle server as a WSGI application (docs/API.md, docs/OPERATIONS.md).

One module per concern: config (options), http (Request/Response/errors), app (WSGI dispatch),
routes (the table), static, envelope, submissions, drafts (applicant routes), startup,
embedded (the standard-library server), wsgi + gunicorn_conf (gunicorn), store/ (storage
backends), keys, auth, limits, totp, staff_routes, audit, retention.
"""
