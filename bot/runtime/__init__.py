"""The running process: logging, liveness, the polling watch, in-flight updates."""
