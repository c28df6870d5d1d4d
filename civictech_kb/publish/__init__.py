"""Publishing: the knowledge base as a static website and as a Datasette
instance, built from the exports and the views."""
