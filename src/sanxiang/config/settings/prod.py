"""Production: secrets and hosts must come from the environment."""

import os

from sanxiang.config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["SANXIANG_SECRET_KEY"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
