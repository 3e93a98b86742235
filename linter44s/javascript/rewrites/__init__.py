"""JavaScript fixes that rewrite a whole statement, spelled for the file's
library (ioredis or node-redis v4), from the statement offsets the frontend
recorded.  Each returns None unless the statement is exactly the shape it
rewrites, alone on its lines."""
