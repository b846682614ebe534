"""marsad in a browser and over HTTP: the web UI and the JSON API behind `marsad serve`."""

from marsad.web.app import create_app, serve

__all__ = ["create_app", "serve"]
