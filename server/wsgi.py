"""The WSGI entry for gunicorn:

    ANL_ARGS="--data /srv/anlaufstelle --database postgresql:///anlaufstelle" \
        gunicorn -c server/gunicorn_conf.py server.wsgi:application

Configuration comes from env ANL_ARGS (the same options as serve.py, as one command line)
and/or ANL_CONFIG (a JSON config file); see server/config.py. Each gunicorn worker imports
this module after the fork and builds its own application with its own store connections
(SQLite handles and PostgreSQL pools must not cross a fork). The one-off start-up work (key
import) has already run once in the gunicorn master (gunicorn_conf.on_starting); running it
again here is harmless because it is idempotent and atomic in the store.
"""

import logging
import sys

from server import config as configuration
from server.app import create_app

config = configuration.from_environment()
if not logging.getLogger().handlers:
    logging.basicConfig(stream=sys.stderr, level=config.log_level,
                        format="%(asctime)s [%(process)d] %(levelname)s %(message)s")
application = create_app(config)
