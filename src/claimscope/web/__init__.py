"""The web desk: server-rendered pages over the query layer (app.py, views/, templates/, static/)."""
