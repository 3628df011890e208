"""`make bench`: data generator, load generator and runner (see docs/performance.md)."""
