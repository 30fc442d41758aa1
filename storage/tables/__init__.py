"""Table access, one module per area; :class:`storage.Store` combines them."""
