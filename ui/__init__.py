"""The web app and the command line. Gradio is told before it is imported that it may not phone home."""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
