"""The dashboard and the JSON API (FastAPI, Jinja2, server-rendered SVG; no front-end build).

- ``app``: ``create_app(ctx)``, the middleware that guards and masks every response, errors;
- ``pages`` and ``api``: the HTML pages with their forms, and the JSON routes;
- ``actions``: what a button or an API write does, through the stage functions;
- ``security``: the bearer token, sessions, CSRF; ``render`` and ``charts``: templates and SVG;
- ``server``: ``serve(ctx)``, uvicorn on ``EARNWATCH_WEB_HOST``:``EARNWATCH_WEB_PORT``.

It reads through ``worker.storage.queries`` like the CLI, and knows nothing of Celery.
"""
