"""What runs around every handler: the staff gate and the typing action."""
