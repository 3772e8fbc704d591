"""LinkIt! client side: signed URLs, JSON and XML bodies, the Result/Data/Error envelope."""
